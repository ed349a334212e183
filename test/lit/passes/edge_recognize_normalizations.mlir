// RUN: edgec-opt %s --split-input-file --edge-fuse-activations --edge-dce | FileCheck %s

// LayerNorm and GELU written with primitives (as PaddlePaddle, older PyTorch and tf2onnx export
// them) become one op each in edge-fuse-activations' recognition step.

// CHECK-LABEL: func.func @layer_norm_div
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x8xf32>)
// CHECK-DAG: %[[G:.*]] = edge.constant dense<[1.000000e+00, 2.000000e+00, {{.*}}]> : tensor<8xf32>
// CHECK-DAG: %[[B:.*]] = edge.constant dense<[5.000000e-01, {{.*}}]> : tensor<8xf32>
// CHECK: %[[Y:.*]] = edge.layer_norm %[[X]] scale %[[G]] bias %[[B]] {axis = 2 : i64, epsilon = 9.99999974E-6 : f32}
// CHECK-NEXT: return %[[Y]]
func.func @layer_norm_div(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %m = edge.reduce mean %x {axes = array<i64: 2>, keepdims = true} : (tensor<2x4x8xf32>) -> tensor<2x4x1xf32>
  %d = edge.binary sub %x, %m : (tensor<2x4x8xf32>, tensor<2x4x1xf32>) -> tensor<2x4x8xf32>
  %two = edge.constant dense<2.0> : tensor<f32>
  %sq = edge.binary pow %d, %two : (tensor<2x4x8xf32>, tensor<f32>) -> tensor<2x4x8xf32>
  %v = edge.reduce mean %sq {axes = array<i64: 2>, keepdims = true} : (tensor<2x4x8xf32>) -> tensor<2x4x1xf32>
  %eps = edge.constant dense<1.0e-5> : tensor<f32>
  %ve = edge.binary add %v, %eps : (tensor<2x4x1xf32>, tensor<f32>) -> tensor<2x4x1xf32>
  %s = edge.unary sqrt %ve : tensor<2x4x1xf32>
  %n = edge.binary div %d, %s : (tensor<2x4x8xf32>, tensor<2x4x1xf32>) -> tensor<2x4x8xf32>
  // gamma as 1x1x8, beta as 8: both per element of a normalized row.
  %g = edge.constant dense<[[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]]]> : tensor<1x1x8xf32>
  %b = edge.constant dense<[0.5, 0.5, 0.5, 0.5, 1.5, 1.5, 1.5, 1.5]> : tensor<8xf32>
  %ng = edge.binary mul %n, %g : (tensor<2x4x8xf32>, tensor<1x1x8xf32>) -> tensor<2x4x8xf32>
  %y = edge.binary add %ng, %b : (tensor<2x4x8xf32>, tensor<8xf32>) -> tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}

// -----

// d * reciprocal(sqrt(mean(d * d) + eps)) over the last two dims, no affine part.
// CHECK-LABEL: func.func @layer_norm_reciprocal
// CHECK: %[[Y:.*]] = edge.layer_norm %arg0 {axis = 1 : i64, epsilon = 1.000000e-03 : f32} : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
// CHECK-NEXT: return %[[Y]]
func.func @layer_norm_reciprocal(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %m = edge.reduce mean %x {axes = array<i64: 1, 2>, keepdims = true} : (tensor<2x4x8xf32>) -> tensor<2x1x1xf32>
  %d = edge.binary sub %x, %m : (tensor<2x4x8xf32>, tensor<2x1x1xf32>) -> tensor<2x4x8xf32>
  %sq = edge.binary mul %d, %d : (tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %v = edge.reduce mean %sq {axes = array<i64: 1, 2>, keepdims = true} : (tensor<2x4x8xf32>) -> tensor<2x1x1xf32>
  %eps = edge.constant dense<1.0e-3> : tensor<f32>
  %ve = edge.binary add %eps, %v : (tensor<f32>, tensor<2x1x1xf32>) -> tensor<2x1x1xf32>
  %s = edge.unary sqrt %ve : tensor<2x1x1xf32>
  %r = edge.unary reciprocal %s : tensor<2x1x1xf32>
  %n = edge.binary mul %r, %d : (tensor<2x1x1xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %n : tensor<2x4x8xf32>
}

// -----

// A mean over a non-trailing axis is not a layer norm: nothing changes.
// CHECK-LABEL: func.func @not_trailing
// CHECK-NOT: edge.layer_norm
// CHECK: edge.binary div
func.func @not_trailing(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %m = edge.reduce mean %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x4x8xf32>) -> tensor<2x1x8xf32>
  %d = edge.binary sub %x, %m : (tensor<2x4x8xf32>, tensor<2x1x8xf32>) -> tensor<2x4x8xf32>
  %sq = edge.binary mul %d, %d : (tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %v = edge.reduce mean %sq {axes = array<i64: 1>, keepdims = true} : (tensor<2x4x8xf32>) -> tensor<2x1x8xf32>
  %eps = edge.constant dense<1.0e-3> : tensor<f32>
  %ve = edge.binary add %v, %eps : (tensor<2x1x8xf32>, tensor<f32>) -> tensor<2x1x8xf32>
  %s = edge.unary sqrt %ve : tensor<2x1x8xf32>
  %n = edge.binary div %d, %s : (tensor<2x4x8xf32>, tensor<2x1x8xf32>) -> tensor<2x4x8xf32>
  return %n : tensor<2x4x8xf32>
}

// -----

// GELU as BERT exports it: (x * 0.5) * (1 + erf(x / 1.41421)), and as x * (0.5 * (1 + erf(x * 0.70711))).
// CHECK-LABEL: func.func @gelu
// CHECK: %[[A:.*]] = edge.unary gelu %arg0 : tensor<4xf32>
// CHECK: %[[B:.*]] = edge.unary gelu %arg1 : tensor<4xf32>
// CHECK: return %[[A]], %[[B]]
func.func @gelu(%x: tensor<4xf32>, %z: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %sqrt2 = edge.constant dense<1.41421354> : tensor<f32>
  %half = edge.constant dense<0.5> : tensor<f32>
  %one = edge.constant dense<1.0> : tensor<f32>
  %q = edge.binary div %x, %sqrt2 : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %e = edge.unary erf %q : tensor<4xf32>
  %p = edge.binary add %e, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %h = edge.binary mul %x, %half : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %y = edge.binary mul %h, %p : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %inv = edge.constant dense<0.707106769> : tensor<f32>
  %q2 = edge.binary mul %z, %inv : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %e2 = edge.unary erf %q2 : tensor<4xf32>
  %p2 = edge.binary add %one, %e2 : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %h2 = edge.binary mul %half, %p2 : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %y2 = edge.binary mul %z, %h2 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y, %y2 : tensor<4xf32>, tensor<4xf32>
}
