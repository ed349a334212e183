// RUN: edgec-opt %s --split-input-file --edge-fuse-activations | FileCheck %s

// CHECK-LABEL: func.func @relu_into_conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>)
func.func @relu_into_conv(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: %[[Y:.*]] = edge.conv %[[X]], %[[W]] {act = #edge<act relu>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
  // CHECK-NOT: edge.unary
  // CHECK: return %[[Y]]
  %0 = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = edge.unary relu %0 : tensor<1x4x8x8xf32>
  return %1 : tensor<1x4x8x8xf32>
}

// -----

// Clip's bounds travel as act_alpha / act_beta (ReLU6).
// CHECK-LABEL: func.func @clip_into_gemm
func.func @clip_into_gemm(%a: tensor<1x16xf32>, %b: tensor<10x16xf32>) -> tensor<1x10xf32> {
  // CHECK: %[[Y:.*]] = edge.gemm %{{.*}}, %{{.*}} {act = #edge<act clip>, act_beta = 6.000000e+00 : f32, trans_b = true} : (tensor<1x16xf32>, tensor<10x16xf32>) -> tensor<1x10xf32>
  // CHECK-NOT: edge.unary
  // CHECK: return %[[Y]]
  %0 = edge.gemm %a, %b {trans_b = true} : (tensor<1x16xf32>, tensor<10x16xf32>) -> tensor<1x10xf32>
  %1 = edge.unary clip %0 {alpha = 0.0 : f32, beta = 6.0 : f32} : tensor<1x10xf32>
  return %1 : tensor<1x10xf32>
}

// -----

// CHECK-LABEL: func.func @clip_negative_bounds
func.func @clip_negative_bounds(%a: tensor<1x16xf32>, %b: tensor<16x4xf32>) -> tensor<1x4xf32> {
  // CHECK: edge.matmul %{{.*}}, %{{.*}} {act = #edge<act clip>, act_alpha = -1.000000e+00 : f32, act_beta = 1.000000e+00 : f32}
  // CHECK-NOT: edge.unary
  %0 = edge.matmul %a, %b : (tensor<1x16xf32>, tensor<16x4xf32>) -> tensor<1x4xf32>
  %1 = edge.unary clip %0 {alpha = -1.0 : f32, beta = 1.0 : f32} : tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// CHECK-LABEL: func.func @sigmoid_into_binary
func.func @sigmoid_into_binary(%a: tensor<2x4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  // CHECK: %[[Y:.*]] = edge.binary add %{{.*}}, %{{.*}} {act = #edge<act sigmoid>} : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  // CHECK-NOT: edge.unary
  // CHECK: return %[[Y]]
  %0 = edge.binary add %a, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %1 = edge.unary sigmoid %0 : tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @leaky_relu_into_pool
func.func @leaky_relu_into_pool(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // CHECK: edge.pool max %{{.*}} {act = #edge<act leaky_relu>, act_alpha = 1.000000e-01 : f32,
  // CHECK-NOT: edge.unary
  %0 = edge.pool max %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  %1 = edge.unary leaky_relu %0 {alpha = 0.1 : f32} : tensor<1x4x4x4xf32>
  return %1 : tensor<1x4x4x4xf32>
}

// -----

// The conv result has a second user (returned too): the relu must stay separate.
// CHECK-LABEL: func.func @producer_with_two_users
func.func @producer_with_two_users(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) {
  // CHECK: %[[C:.*]] = edge.conv
  // CHECK-NOT: act =
  // CHECK-SAME: -> tensor<1x4x8x8xf32>
  // CHECK: %[[R:.*]] = edge.unary relu %[[C]]
  // CHECK: return %[[C]], %[[R]]
  %0 = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = edge.unary relu %0 : tensor<1x4x8x8xf32>
  return %0, %1 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}

// -----

// relu(sigmoid-fused add): the producer already applies an activation; only the first fuses.
// CHECK-LABEL: func.func @already_fused_producer
func.func @already_fused_producer(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: %[[S:.*]] = edge.binary add %{{.*}}, %{{.*}} {act = #edge<act sigmoid>}
  // CHECK: %[[R:.*]] = edge.unary relu %[[S]]
  // CHECK: return %[[R]]
  %0 = edge.binary add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = edge.unary sigmoid %0 : tensor<4xf32>
  %2 = edge.unary relu %1 : tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// Neither a non-activation unary (exp) nor a producer that takes no activation (softmax)
// fuses; a graph input has no producer at all.
// CHECK-LABEL: func.func @not_fusable
func.func @not_fusable(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  // CHECK: %[[ADD:.*]] = edge.binary add
  // CHECK-NOT: act =
  // CHECK-SAME: -> tensor<4xf32>
  // CHECK: edge.unary exp %[[ADD]]
  // CHECK: %[[SM:.*]] = edge.softmax
  // CHECK: edge.unary relu %[[SM]]
  // CHECK: edge.unary relu %arg1
  %0 = edge.binary add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = edge.unary exp %0 : tensor<4xf32>
  %2 = edge.softmax %a {axis = 0 : i64} : tensor<4xf32>
  %3 = edge.unary relu %2 : tensor<4xf32>
  %4 = edge.unary relu %b : tensor<4xf32>
  return %1, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
