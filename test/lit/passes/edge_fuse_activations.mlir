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

// -----

// x * relu6(x + 3) / 6, as PyTorch and Paddle export HardSwish, becomes one hard_swish,
// which then fuses into the conv.
// CHECK-LABEL: func.func @hard_swish_spelled_out
func.func @hard_swish_spelled_out(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: %[[Y:.*]] = edge.conv {{.*}}act = #edge<act hard_swish>
  // CHECK-NOT: edge.binary
  // CHECK-NOT: edge.unary
  // CHECK: return %[[Y]]
  %three = edge.constant dense<3.0> : tensor<1x1x1x1xf32>
  %six = edge.constant dense<6.0> : tensor<1x1x1x1xf32>
  %0 = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = edge.binary add %0, %three : (tensor<1x4x8x8xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x8x8xf32>
  %2 = edge.unary clip %1 {alpha = 0.0 : f32, beta = 6.0 : f32} : tensor<1x4x8x8xf32>
  %3 = edge.binary mul %0, %2 : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %4 = edge.binary div %3, %six : (tensor<1x4x8x8xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x8x8xf32>
  return %4 : tensor<1x4x8x8xf32>
}

// -----

// relu6(x + 3) * (1/6) is HardSigmoid(1/6, 1/2); x times it is HardSwish.
// CHECK-LABEL: func.func @hard_sigmoid_then_hard_swish
func.func @hard_sigmoid_then_hard_swish(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  // CHECK: %[[G:.*]] = edge.unary hard_sigmoid %[[X:.*]] {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32}
  // CHECK: %[[S:.*]] = edge.unary hard_swish %[[X]]
  // CHECK: return %[[G]], %[[S]]
  %three = edge.constant dense<3.0> : tensor<1xf32>
  %sixth = edge.constant dense<0.166666672> : tensor<1xf32>
  %1 = edge.binary add %three, %x : (tensor<1xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %2 = edge.unary clip %1 {alpha = 0.0 : f32, beta = 6.0 : f32} : tensor<1x8xf32>
  %3 = edge.binary mul %2, %sixth : (tensor<1x8xf32>, tensor<1xf32>) -> tensor<1x8xf32>
  %4 = edge.binary mul %3, %x : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %3, %4 : tensor<1x8xf32>, tensor<1x8xf32>
}

// -----

// Near misses stay as they are: clip to [0, 5], or adding 2.
// CHECK-LABEL: func.func @not_hard_swish
func.func @not_hard_swish(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  // CHECK-NOT: hard_swish
  // CHECK-NOT: hard_sigmoid
  // CHECK: return
  %two = edge.constant dense<2.0> : tensor<1xf32>
  %three = edge.constant dense<3.0> : tensor<1xf32>
  %six = edge.constant dense<6.0> : tensor<1xf32>
  %1 = edge.binary add %x, %three : (tensor<1x8xf32>, tensor<1xf32>) -> tensor<1x8xf32>
  %2 = edge.unary clip %1 {alpha = 0.0 : f32, beta = 5.0 : f32} : tensor<1x8xf32>
  %3 = edge.binary mul %x, %2 : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %4 = edge.binary div %3, %six : (tensor<1x8xf32>, tensor<1xf32>) -> tensor<1x8xf32>
  %5 = edge.binary add %x, %two : (tensor<1x8xf32>, tensor<1xf32>) -> tensor<1x8xf32>
  %6 = edge.unary clip %5 {alpha = 0.0 : f32, beta = 6.0 : f32} : tensor<1x8xf32>
  %7 = edge.binary mul %x, %6 : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %8 = edge.binary div %7, %six : (tensor<1x8xf32>, tensor<1xf32>) -> tensor<1x8xf32>
  return %4, %8 : tensor<1x8xf32>, tensor<1x8xf32>
}
