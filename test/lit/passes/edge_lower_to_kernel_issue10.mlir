// RUN: edgec-opt %s --split-input-file --edge-lower-to-kernel | FileCheck %s
// RUN: edgec-opt %s --split-input-file --edge-lower-to-kernel --mlir-print-op-generic | edgec-opt --split-input-file | FileCheck %s

// Lowering of the issue-10 ops: comparisons pick the operands' typed variant and write
// bytes; booleans run the u8 variants; select, broadcast and layer_norm are one kernel each.

// CHECK-LABEL: func.func @compare_logic_select
// CHECK-SAME: (%[[A:.*]]: memref<2x3xi64>, %[[B:.*]]: memref<3xi64>, %[[X:.*]]: memref<2x3xf32>, %[[Y:.*]]: memref<2x3xf32> {edgec.output})
// CHECK: %[[M:.*]] = memref.alloc() : memref<2x3xi1>
// CHECK: kernel.compare ge %[[A]], %[[B]], %[[M]] {impl = "edgec_compare_i64"} : memref<2x3xi64>, memref<3xi64>, memref<2x3xi1>
// CHECK: %[[N:.*]] = memref.alloc() : memref<2x3xi1>
// CHECK: kernel.unary not %[[M]], %[[N]] {impl = "edgec_unary_u8"}
// CHECK: %[[O:.*]] = memref.alloc() : memref<2x3xi1>
// CHECK: kernel.binary xor %[[M]], %[[N]], %[[O]] {impl = "edgec_binary_u8"}
// CHECK: kernel.select %[[O]], %[[X]], %{{.*}}, %[[Y]] {impl = "edgec_select"} : memref<2x3xi1>, memref<2x3xf32>, memref<f32>, memref<2x3xf32>
func.func @compare_logic_select(%a: tensor<2x3xi64>, %b: tensor<3xi64>, %x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %m = edge.compare ge %a, %b : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
  %n = edge.unary not %m : tensor<2x3xi1>
  %o = edge.binary xor %m, %n : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  %z = edge.constant dense<0.0> : tensor<f32>
  %s = edge.select %o, %x, %z : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %s : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_norms
// CHECK: kernel.broadcast %{{.*}}, %{{.*}} {impl = "edgec_broadcast"} : memref<3x1xi64>, memref<2x3x4xi64>
// CHECK: kernel.layer_norm %{{.*}} scale(%{{.*}}) bias(%{{.*}}), %{{.*}} {axis = 2 : i64, epsilon = 9.99999974E-6 : f32, impl = "edgec_layer_norm_f32"{{.*}}} : memref<1x4x8xf32>, memref<8xf32>, memref<8xf32>, memref<1x4x8xf32>
// CHECK: kernel.layer_norm %{{.*}}, %{{.*}} {axis = 1 : i64, epsilon = 1.000000e-03 : f32, impl = "edgec_layer_norm_f32"{{.*}}} : memref<1x4x8xf32>, memref<1x4x8xf32>
// CHECK: kernel.unary gelu %{{.*}}, %{{.*}} {alpha = 1.000000e+00 : f32, impl = "edgec_unary_f32"}
func.func @broadcast_norms(%i: tensor<3x1xi64>, %t: tensor<1x4x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<2x3x4xi64>, tensor<1x4x8xf32>, tensor<1x4x8xf32>, tensor<1x4x8xf32>) {
  %0 = edge.broadcast %i : (tensor<3x1xi64>) -> tensor<2x3x4xi64>
  %1 = edge.layer_norm %t scale %g bias %b {axis = 2 : i64, epsilon = 1.0e-05 : f32} : (tensor<1x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  %2 = edge.layer_norm %t {axis = 1 : i64, epsilon = 1.0e-03 : f32} : (tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  %3 = edge.unary gelu %t {alpha = 1.0 : f32} : tensor<1x4x8xf32>
  return %0, %1, %2, %3 : tensor<2x3x4xi64>, tensor<1x4x8xf32>, tensor<1x4x8xf32>, tensor<1x4x8xf32>
}
