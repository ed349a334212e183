// RUN: edgec-opt %s --split-input-file | edgec-opt --split-input-file | FileCheck %s
// RUN: edgec-opt %s --split-input-file --edge-lower-to-kernel | FileCheck %s --check-prefix=LOWER
// RUN: edgec-opt %s --split-input-file --edge-lower-to-kernel | edgec-opt --split-input-file | FileCheck %s --check-prefix=LOWER

// The index ops of issue 10 (ArgMax/ArgMin, TopK, CumSum, GatherElements): round trip, shape
// inference, and their kernels (typed variants by element type).

// CHECK-LABEL: func.func @arg_reduce
// LOWER-LABEL: func.func @arg_reduce
func.func @arg_reduce(%x: tensor<2x5xf32>, %y: tensor<3x4x2xi32>) -> (tensor<2x1xi64>, tensor<3x2xi64>) {
  // CHECK: edge.arg_reduce max %{{.*}} {axis = 1 : i64} : (tensor<2x5xf32>) -> tensor<2x1xi64>
  // LOWER: kernel.arg_reduce max %{{.*}}, %{{.*}} {axis = 1 : i64, impl = "edgec_arg_reduce_f32", select_last_index = false} : memref<2x5xf32>, memref<2x1xi64>
  %0 = edge.arg_reduce max %x {axis = 1 : i64} : (tensor<2x5xf32>) -> tensor<2x1xi64>
  // CHECK: edge.arg_reduce min %{{.*}} {axis = 1 : i64, keepdims = false, select_last_index = true} : (tensor<3x4x2xi32>) -> tensor<3x2xi64>
  // LOWER: kernel.arg_reduce min %{{.*}}, %{{.*}} {axis = 1 : i64, impl = "edgec_arg_reduce_i32", select_last_index = true}
  %1 = edge.arg_reduce min %y {axis = 1 : i64, keepdims = false, select_last_index = true} : (tensor<3x4x2xi32>) -> tensor<3x2xi64>
  return %0, %1 : tensor<2x1xi64>, tensor<3x2xi64>
}

// -----

// CHECK-LABEL: func.func @cumsum_gather_elements
// LOWER-LABEL: func.func @cumsum_gather_elements
func.func @cumsum_gather_elements(%x: tensor<5xf64>, %d: tensor<2x3xf32>, %i: tensor<2x2xi64>) -> (tensor<5xf64>, tensor<2x2xf32>) {
  // CHECK: edge.cumsum %{{.*}} {axis = 0 : i64, exclusive = true, reverse = true} : tensor<5xf64>
  // LOWER: kernel.cumsum %{{.*}}, %{{.*}} {axis = 0 : i64, exclusive = true, impl = "edgec_cumsum_f64", reverse = true} : memref<5xf64>, memref<5xf64>
  %0 = edge.cumsum %x {axis = 0 : i64, exclusive = true, reverse = true} : tensor<5xf64>
  // CHECK: edge.gather_elements %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
  // LOWER: kernel.gather_elements %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, impl = "edgec_gather_elements"} : memref<2x3xf32>, memref<2x2xi64>, memref<2x2xf32>
  %1 = edge.gather_elements %d, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
  return %0, %1 : tensor<5xf64>, tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @top_k
// LOWER-LABEL: func.func @top_k
func.func @top_k(%x: tensor<3x4xf32>, %y: tensor<5x2xi64>) -> (tensor<3x2xf32>, tensor<3x2xi64>, tensor<1x2xi64>, tensor<1x2xi64>) {
  // CHECK: edge.top_k %{{.*}} {axis = 1 : i64, k = 2 : i64} : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  // LOWER: kernel.top_k %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, impl = "edgec_top_k_f32", largest = true} : memref<3x4xf32>, memref<3x2xf32>, memref<3x2xi64>
  %0:2 = edge.top_k %x {axis = 1 : i64, k = 2 : i64} : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  // CHECK: edge.top_k %{{.*}} {axis = 0 : i64, k = 1 : i64, largest = false} : (tensor<5x2xi64>) -> (tensor<1x2xi64>, tensor<1x2xi64>)
  // LOWER: kernel.top_k %{{.*}}, %{{.*}}, %{{.*}} {axis = 0 : i64, impl = "edgec_top_k_i64", largest = false}
  %1:2 = edge.top_k %y {axis = 0 : i64, k = 1 : i64, largest = false} : (tensor<5x2xi64>) -> (tensor<1x2xi64>, tensor<1x2xi64>)
  return %0#0, %0#1, %1#0, %1#1 : tensor<3x2xf32>, tensor<3x2xi64>, tensor<1x2xi64>, tensor<1x2xi64>
}
