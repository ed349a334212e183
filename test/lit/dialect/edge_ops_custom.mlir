// RUN: edgec-opt %s --split-input-file | edgec-opt --split-input-file | FileCheck %s
// RUN: edgec-opt %s --split-input-file --edge-lower-to-kernel | FileCheck %s --check-prefix=LOWER
// RUN: edgec-opt %s --split-input-file --edge-lower-to-kernel | edgec-opt --split-input-file | FileCheck %s --check-prefix=LOWER
// RUN: edgec-opt %s --split-input-file --edge-dce | FileCheck %s --check-prefix=DCE

// edge.custom (--custom-op): round trip, lowering to kernel.custom (inputs, then one output
// buffer per result, the user's symbol as impl), and never removed as dead (user code).

// CHECK-LABEL: func.func @custom
// LOWER-LABEL: func.func @custom
// LOWER-SAME: (%[[X:.*]]: memref<1x4xf32>, %[[I:.*]]: memref<2xi64>, %[[Y:.*]]: memref<1x4xf32> {edgec.output}, %[[Z:.*]]: memref<2xi64> {edgec.output})
func.func @custom(%x: tensor<1x4xf32>, %i: tensor<2xi64>) -> (tensor<1x4xf32>, tensor<2xi64>) {
  // CHECK: %{{.*}}:2 = edge.custom "my_op"(%{{.*}}, %{{.*}}) {domain = "com.example", onnx_attrs = {alpha = 2.000000e+00 : f32, axes = array<i64: 0, 1>, mode = "fast", n = 3 : i64, w = array<f32: 1.000000e+00, 5.000000e-01>}, op_type = "MyOp"} : (tensor<1x4xf32>, tensor<2xi64>) -> (tensor<1x4xf32>, tensor<2xi64>)
  // LOWER: kernel.custom "my_op"(%[[X]], %[[I]]) -> (%[[Y]], %[[Z]]) {domain = "com.example", onnx_attrs = {{.*}}, op_type = "MyOp"} : memref<1x4xf32>, memref<2xi64> -> memref<1x4xf32>, memref<2xi64>
  // LOWER-NOT: kernel.copy
  %0:2 = edge.custom "my_op"(%x, %i) {op_type = "MyOp", domain = "com.example",
      onnx_attrs = {alpha = 2.0 : f32, n = 3 : i64, mode = "fast", axes = array<i64: 0, 1>, w = array<f32: 1.0, 0.5>}}
      : (tensor<1x4xf32>, tensor<2xi64>) -> (tensor<1x4xf32>, tensor<2xi64>)
  return %0#0, %0#1 : tensor<1x4xf32>, tensor<2xi64>
}

// -----

// An unused result: the call stays (the function may have effects the graph cannot see).
// DCE-LABEL: func.func @unused
// DCE: edge.custom "probe"
// LOWER-LABEL: func.func @unused
// LOWER: kernel.custom "probe"
func.func @unused(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = edge.custom "probe"(%x) {op_type = "Probe", domain = "", onnx_attrs = {}} : (tensor<3xf32>) -> tensor<3xf32>
  return %x : tensor<3xf32>
}
