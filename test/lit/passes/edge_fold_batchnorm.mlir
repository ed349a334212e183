// RUN: edgec-opt %s --split-input-file --edge-fold-batchnorm | FileCheck %s

// Parameters chosen so every step is exact in float32 (epsilon 0):
//   gamma = [2, 3], var = [4, 0.25]  ->  s = gamma / sqrt(var) = [1, 6]
//   beta = [0.5, -1], mean = [1, 2]  ->  shift = beta - mean * s = [-0.5, -13]

// W' = W * s[o] per output channel: [[1, 2], [3, 4]] -> [[1, 2], [18, 24]];
// b' = b * s + shift = [1, 1] * [1, 6] + [-0.5, -13] = [0.5, -7].
// CHECK-LABEL: func.func @conv_with_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3x3xf32>)
func.func @conv_with_bias(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  // CHECK-DAG: %[[W:.*]] = edge.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}1.800000e+01]], {{\[\[}}2.400000e+01]]]]> : tensor<2x2x1x1xf32>
  // CHECK-DAG: %[[B:.*]] = edge.constant dense<[5.000000e-01, -7.000000e+00]> : tensor<2xf32>
  // CHECK: %[[Y:.*]] = edge.conv %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  // CHECK-NOT: edge.batch_norm
  // CHECK: return %[[Y]]
  %w = edge.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %b = edge.constant dense<1.0> : tensor<2xf32>
  %gamma = edge.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = edge.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = edge.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = edge.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %c = edge.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %y = edge.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// No bias: b' = shift = [-0.5, -13].
// CHECK-LABEL: func.func @conv_without_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3x3xf32>)
func.func @conv_without_bias(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  // CHECK-DAG: %[[W:.*]] = edge.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}1.800000e+01]], {{\[\[}}2.400000e+01]]]]> : tensor<2x2x1x1xf32>
  // CHECK-DAG: %[[B:.*]] = edge.constant dense<[-5.000000e-01, -1.300000e+01]> : tensor<2xf32>
  // CHECK: %[[Y:.*]] = edge.conv %[[X]], %[[W]], %[[B]] {{.*}} -> tensor<1x2x3x3xf32>
  // CHECK-NOT: edge.batch_norm
  // CHECK: return %[[Y]]
  %w = edge.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %gamma = edge.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = edge.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = edge.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = edge.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %c = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = edge.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Gemm, B is K x N: column j scales by s[j]: [[1, 2], [3, 4]] -> [[1, 12], [3, 24]].
// C = [1, 1] with beta = 2 enters as 2 * C = [2, 2]: c' = [2, 2] * s + shift = [1.5, -1],
// and beta becomes 1 (the default, so it is not printed).
// CHECK-LABEL: func.func @gemm_with_c
// CHECK-SAME: (%[[X:.*]]: tensor<3x2xf32>)
func.func @gemm_with_c(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  // CHECK-DAG: %[[B:.*]] = edge.constant dense<{{\[\[}}1.000000e+00, 1.200000e+01], [3.000000e+00, 2.400000e+01]]> : tensor<2x2xf32>
  // CHECK-DAG: %[[C:.*]] = edge.constant dense<[1.500000e+00, -1.000000e+00]> : tensor<2xf32>
  // CHECK: %[[Y:.*]] = edge.gemm %[[X]], %[[B]], %[[C]] : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  // CHECK-NOT: edge.batch_norm
  // CHECK: return %[[Y]]
  %w = edge.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = edge.constant dense<1.0> : tensor<2xf32>
  %gamma = edge.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = edge.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = edge.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = edge.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %g = edge.gemm %x, %w, %b {beta = 2.0 : f32} : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %y = edge.batch_norm %g, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Gemm with trans_b, B is N x K: row j scales by s[j]: [[1, 2], [3, 4]] -> [[1, 2], [18, 24]];
// no C: c' = shift.
// CHECK-LABEL: func.func @gemm_trans_b_without_c
// CHECK-SAME: (%[[X:.*]]: tensor<3x2xf32>)
func.func @gemm_trans_b_without_c(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  // CHECK-DAG: %[[B:.*]] = edge.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [1.800000e+01, 2.400000e+01]]> : tensor<2x2xf32>
  // CHECK-DAG: %[[C:.*]] = edge.constant dense<[-5.000000e-01, -1.300000e+01]> : tensor<2xf32>
  // CHECK: %[[Y:.*]] = edge.gemm %[[X]], %[[B]], %[[C]] {trans_b = true} : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  // CHECK-NOT: edge.batch_norm
  // CHECK: return %[[Y]]
  %w = edge.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %gamma = edge.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = edge.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = edge.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = edge.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %g = edge.gemm %x, %w {trans_b = true} : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %y = edge.batch_norm %g, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// The conv result is also returned: folding would change that output, so nothing happens.
// CHECK-LABEL: func.func @conv_two_users
func.func @conv_two_users(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  // CHECK: %[[W:.*]] = edge.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]]]>
  // CHECK: %[[C:.*]] = edge.conv %{{.*}}, %[[W]] {
  // CHECK: %[[Y:.*]] = edge.batch_norm %[[C]],
  // CHECK: return %[[C]], %[[Y]]
  %w = edge.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %gamma = edge.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = edge.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = edge.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = edge.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %c = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = edge.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %c, %y : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// A conv with a fused activation: bn(relu(conv)) is not an affine conv; left alone.
// CHECK-LABEL: func.func @conv_with_activation
func.func @conv_with_activation(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  // CHECK: edge.conv {{.*}}act = #edge<act relu>
  // CHECK: edge.batch_norm
  %w = edge.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %p = edge.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %c = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, act = #edge<act relu>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = edge.batch_norm %c, %p, %p, %p, %p : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Run-time parameters cannot be folded.
// CHECK-LABEL: func.func @runtime_parameters
func.func @runtime_parameters(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  // CHECK: edge.conv
  // CHECK: edge.batch_norm
  %w = edge.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %c = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = edge.batch_norm %c, %p, %p, %p, %p : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
