// RUN: edgec-opt %s --split-input-file | edgec-opt --split-input-file | FileCheck %s
// RUN: edgec-opt %s --split-input-file --mlir-print-op-generic | edgec-opt --split-input-file | FileCheck %s

// Round trip of the edge ops and kinds added for issue 10: compare, select, broadcast,
// layer_norm, the boolean binary kinds and unary not, unary gelu. Result types are ONNX's.

// CHECK-LABEL: func.func @compare_and_select
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>)
func.func @compare_and_select(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> (tensor<2x3xi1>, tensor<2x3xf32>) {
  // CHECK: %[[M:.*]] = edge.compare lt %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %m = edge.compare lt %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: %[[E:.*]] = edge.compare eq %[[B]], %[[B]] : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %e = edge.compare eq %b, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  // Booleans: and/or/xor are binary kinds, not a unary kind.
  // CHECK: %[[O:.*]] = edge.binary or %[[M]], %[[E]] : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %o = edge.binary or %m, %e : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  // CHECK: %[[N:.*]] = edge.unary not %[[O]] : tensor<2x3xi1>
  %n = edge.unary not %o : tensor<2x3xi1>
  // cond 2x3, x 3, y scalar broadcast to 2x3.
  // CHECK: %[[Z:.*]] = edge.constant dense<0.000000e+00> : tensor<f32>
  // CHECK: edge.select %[[N]], %[[B]], %[[Z]] : (tensor<2x3xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %z = edge.constant dense<0.0> : tensor<f32>
  %s = edge.select %n, %b, %z : (tensor<2x3xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %n, %s : tensor<2x3xi1>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_layer_norm_gelu
func.func @broadcast_layer_norm_gelu(%x: tensor<3x1xf32>, %t: tensor<1x4x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<2x3x4xf32>, tensor<1x4x8xf32>, tensor<1x4x8xf32>, tensor<1x4x8xf32>) {
  // CHECK: edge.broadcast %{{.*}} : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %0 = edge.broadcast %x : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
  // CHECK: edge.layer_norm %{{.*}} scale %{{.*}} bias %{{.*}} {axis = 2 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<1x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  %1 = edge.layer_norm %t scale %g bias %b {axis = 2 : i64, epsilon = 1.0e-05 : f32} : (tensor<1x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  // No scale or bias (InstanceNormalization's core).
  // CHECK: edge.layer_norm %{{.*}} {axis = 1 : i64, epsilon = 1.000000e-03 : f32} : (tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  %2 = edge.layer_norm %t {axis = 1 : i64, epsilon = 1.0e-03 : f32} : (tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  // CHECK: edge.unary gelu %{{.*}} {alpha = 1.000000e+00 : f32} : tensor<1x4x8xf32>
  %3 = edge.unary gelu %t {alpha = 1.0 : f32} : tensor<1x4x8xf32>
  return %0, %1, %2, %3 : tensor<2x3x4xf32>, tensor<1x4x8xf32>, tensor<1x4x8xf32>, tensor<1x4x8xf32>
}
