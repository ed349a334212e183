// RUN: edgec-opt %s --split-input-file --edge-to-nhwc | FileCheck %s

// conv -> relu -> conv: one transpose at the input, one at the output, all in NHWC.
// CHECK-LABEL: func.func @conv_chain
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>)
func.func @conv_chain(%x: tensor<1x3x8x8xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: %[[T:.*]] = edge.transpose %[[X]] {edgec.layout_transpose, perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x8x8x3xf32>
  // CHECK-NOT: edge.transpose
  // CHECK: %[[C1:.*]] = edge.conv %[[T]], %{{.*}} {{{.*}}layout = #edge<layout nhwc>{{.*}}} : (tensor<1x8x8x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x8x8x4xf32>
  // CHECK-NOT: edge.transpose
  // CHECK: %[[R:.*]] = edge.unary relu %[[C1]] {edgec.layout = array<i64: 0, 3, 1, 2>} : tensor<1x8x8x4xf32>
  // CHECK-NOT: edge.transpose
  // CHECK: %[[C2:.*]] = edge.conv %[[R]], %{{.*}} {{{.*}}layout = #edge<layout nhwc>{{.*}}} : (tensor<1x8x8x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x8x8x4xf32>
  // CHECK: %[[OUT:.*]] = edge.transpose %[[C2]] {edgec.layout_transpose, perm = array<i64: 0, 3, 1, 2>} : (tensor<1x8x8x4xf32>) -> tensor<1x4x8x8xf32>
  // CHECK-NOT: edge.transpose
  // CHECK: return %[[OUT]]
  %w1 = edge.constant dense<1.0> : tensor<4x3x3x3xf32>
  %w2 = edge.constant dense<2.0> : tensor<4x4x1x1xf32>
  %0 = edge.conv %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = edge.unary relu %0 : tensor<1x4x8x8xf32>
  %2 = edge.conv %1, %w2 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  return %2 : tensor<1x4x8x8xf32>
}

// -----

// The filter is transposed at compile time, OIHW -> OHWI: out[o][h][w][i] = in[o][i][h][w].
// W (2x3x1x2) holds 0..11 in order, so W[o][i][0][w] = 6o + 2i + w.
// CHECK-LABEL: func.func @filter_to_ohwi
func.func @filter_to_ohwi(%x: tensor<1x3x4x4xf32>) -> tensor<1x2x4x3xf32> {
  // CHECK: %[[W:.*]] = edge.constant dense<{{\[\[\[\[}}0.000000e+00, 2.000000e+00, 4.000000e+00], [1.000000e+00, 3.000000e+00, 5.000000e+00]]], {{\[\[\[}}6.000000e+00, 8.000000e+00, 1.000000e+01], [7.000000e+00, 9.000000e+00, 1.100000e+01]]]]> : tensor<2x1x2x3xf32>
  // CHECK: edge.conv %{{.*}}, %[[W]] {{.*}} : (tensor<1x4x4x3xf32>, tensor<2x1x2x3xf32>) -> tensor<1x4x3x2xf32>
  // CHECK: edge.transpose %{{.*}} {edgec.layout_transpose, perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x3x2xf32>) -> tensor<1x2x4x3xf32>
  %w = edge.constant dense<[[[[0.0, 1.0]], [[2.0, 3.0]], [[4.0, 5.0]]], [[[6.0, 7.0]], [[8.0, 9.0]], [[10.0, 11.0]]]]> : tensor<2x3x1x2xf32>
  %0 = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x4x4xf32>, tensor<2x3x1x2xf32>) -> tensor<1x2x4x3xf32>
  return %0 : tensor<1x2x4x3xf32>
}

// -----

// Residual block: add(conv2(relu(conv1(x))), conv1(x)) stays in NHWC.
// CHECK-LABEL: func.func @residual_add
func.func @residual_add(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: %[[T:.*]] = edge.transpose %{{.*}} {edgec.layout_transpose, perm = array<i64: 0, 2, 3, 1>}
  // CHECK-NOT: edge.transpose
  // CHECK: %[[C1:.*]] = edge.conv %[[T]]
  // CHECK-NOT: edge.transpose
  // CHECK: %[[C2:.*]] = edge.conv
  // CHECK-NOT: edge.transpose
  // CHECK: %[[ADD:.*]] = edge.binary add %[[C2]], %[[C1]] {edgec.layout = array<i64: 0, 3, 1, 2>} : (tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
  // CHECK: %[[OUT:.*]] = edge.transpose %[[ADD]] {edgec.layout_transpose, perm = array<i64: 0, 3, 1, 2>}
  // CHECK-NOT: edge.transpose
  // CHECK: return %[[OUT]]
  %w1 = edge.constant dense<1.0> : tensor<4x4x3x3xf32>
  %w2 = edge.constant dense<2.0> : tensor<4x4x1x1xf32>
  %0 = edge.conv %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = edge.unary relu %0 : tensor<1x4x8x8xf32>
  %2 = edge.conv %1, %w2 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %3 = edge.binary add %2, %0 : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %3 : tensor<1x4x8x8xf32>
}

// -----

// A per-channel constant (4x1x1, broadcast against NCHW) is brought to NHWC at compile
// time: [1, 2, 3, 4] as 1x1x1x4.
// CHECK-LABEL: func.func @add_channel_constant
func.func @add_channel_constant(%x: tensor<1x3x8x8xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: %[[B:.*]] = edge.constant dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]]]]> : tensor<1x1x1x4xf32>
  // CHECK: %[[C:.*]] = edge.conv
  // CHECK-NOT: edge.transpose
  // CHECK: %[[ADD:.*]] = edge.binary add %[[C]], %[[B]] {edgec.layout = array<i64: 0, 3, 1, 2>} : (tensor<1x8x8x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x8x8x4xf32>
  // CHECK: %[[OUT:.*]] = edge.transpose %[[ADD]] {edgec.layout_transpose, perm = array<i64: 0, 3, 1, 2>}
  // CHECK: return %[[OUT]]
  %w = edge.constant dense<1.0> : tensor<4x3x1x1xf32>
  %b = edge.constant dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf32>
  %0 = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x8x8xf32>
  %1 = edge.binary add %0, %b : (tensor<1x4x8x8xf32>, tensor<4x1x1xf32>) -> tensor<1x4x8x8xf32>
  return %1 : tensor<1x4x8x8xf32>
}

// -----

// Concat along channels (NCHW axis 1) becomes a concat along NHWC axis 3.
// CHECK-LABEL: func.func @concat_channels
func.func @concat_channels(%x: tensor<1x3x8x8xf32>) -> tensor<1x6x8x8xf32> {
  // (Each conv gets its own input transpose here; that they are not merged is a known
  // bug, see edge_to_nhwc_shared_input_xfail.mlir.)
  // CHECK: %[[A:.*]] = edge.conv {{.*}} -> tensor<1x8x8x4xf32>
  // CHECK: %[[B:.*]] = edge.conv {{.*}} -> tensor<1x8x8x2xf32>
  // CHECK-NOT: edge.transpose
  // CHECK: %[[CAT:.*]] = edge.concat %[[A]], %[[B]] {axis = 3 : i64, edgec.layout = array<i64: 0, 3, 1, 2>} : (tensor<1x8x8x4xf32>, tensor<1x8x8x2xf32>) -> tensor<1x8x8x6xf32>
  // CHECK: %[[OUT:.*]] = edge.transpose %[[CAT]] {edgec.layout_transpose, perm = array<i64: 0, 3, 1, 2>} : (tensor<1x8x8x6xf32>) -> tensor<1x6x8x8xf32>
  // CHECK: return %[[OUT]]
  %w1 = edge.constant dense<1.0> : tensor<4x3x1x1xf32>
  %w2 = edge.constant dense<2.0> : tensor<2x3x1x1xf32>
  %0 = edge.conv %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x8x8xf32>
  %1 = edge.conv %x, %w2 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x8x8xf32>
  %2 = edge.concat %0, %1 {axis = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x6x8x8xf32>
  return %2 : tensor<1x6x8x8xf32>
}

// -----

// Classifier head: the transpose back after the global pool only moves size-1 dims, so
// it is a reshape, and it merges with the Flatten reshape.
// CHECK-LABEL: func.func @global_pool_reshape
func.func @global_pool_reshape(%x: tensor<1x3x8x8xf32>) -> tensor<1x4xf32> {
  // CHECK: edge.transpose %{{.*}} {edgec.layout_transpose, perm = array<i64: 0, 2, 3, 1>}
  // CHECK: %[[C:.*]] = edge.conv
  // CHECK: %[[P:.*]] = edge.global_pool avg %[[C]] {edgec.layout = array<i64: 0, 3, 1, 2>, layout = #edge<layout nhwc>} : (tensor<1x8x8x4xf32>) -> tensor<1x1x1x4xf32>
  // CHECK-NOT: edge.transpose
  // CHECK: %[[R:.*]] = edge.reshape %[[P]] : tensor<1x1x1x4xf32> -> tensor<1x4xf32>
  // CHECK-NOT: edge.reshape
  // CHECK: return %[[R]]
  %w = edge.constant dense<1.0> : tensor<4x3x3x3xf32>
  %0 = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = edge.global_pool avg %0 : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %2 = edge.reshape %1 : tensor<1x4x1x1xf32> -> tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Pool and batch norm switch layout too; batch norm keeps its parameters (per channel).
// 8x8, 2x2 windows, stride 2 -> 4x4.
// CHECK-LABEL: func.func @pool_and_batch_norm
func.func @pool_and_batch_norm(%x: tensor<1x4x8x8xf32>, %p: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  // CHECK: %[[T:.*]] = edge.transpose %{{.*}} {edgec.layout_transpose, perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x8x8xf32>) -> tensor<1x8x8x4xf32>
  // CHECK: %[[BN:.*]] = edge.batch_norm %[[T]], {{.*}}layout = #edge<layout nhwc>{{.*}} -> tensor<1x8x8x4xf32>
  // CHECK: %[[P:.*]] = edge.pool max %[[BN]] {{.*}}layout = #edge<layout nhwc>{{.*}} : (tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32>
  // CHECK: %[[OUT:.*]] = edge.transpose %[[P]] {edgec.layout_transpose, perm = array<i64: 0, 3, 1, 2>}
  // CHECK-NOT: edge.transpose
  // CHECK: return %[[OUT]]
  %0 = edge.batch_norm %x, %p, %p, %p, %p : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %1 = edge.pool max %0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %1 : tensor<1x4x4x4xf32>
}

// -----

// Ops already channels-last and non-image ops are left alone.
// CHECK-LABEL: func.func @already_nhwc
func.func @already_nhwc(%x: tensor<1x8x8x3xf32>, %a: tensor<1x16xf32>, %b: tensor<16x4xf32>) -> (tensor<1x8x8x4xf32>, tensor<1x4xf32>) {
  // CHECK-NOT: edge.transpose
  // CHECK: edge.conv
  // CHECK: edge.gemm
  // CHECK-NOT: edge.transpose
  %w = edge.constant dense<1.0> : tensor<4x3x3x3xf32>
  %0 = edge.conv %x, %w {layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x8x8x4xf32>
  %1 = edge.gemm %a, %b : (tensor<1x16xf32>, tensor<16x4xf32>) -> tensor<1x4xf32>
  return %0, %1 : tensor<1x8x8x4xf32>, tensor<1x4xf32>
}

// -----

// An FPN step: conv -> pad -> resize x2 -> conv stays channels-last; pads and scales are
// permuted into the NHWC frame (begins then ends for pads).
// CHECK-LABEL: func.func @pad_and_resize_between_convs
func.func @pad_and_resize_between_convs(%x: tensor<1x3x4x4xf32>) -> tensor<1x4x12x10xf32> {
  // CHECK: edge.transpose %{{.*}} {edgec.layout_transpose, perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x4xf32>)
  // CHECK-NOT: edge.transpose
  // CHECK: edge.pad %{{.*}} {edgec.layout = array<i64: 0, 3, 1, 2>, pads = array<i64: 0, 1, 0, 0, 0, 1, 1, 0>} : (tensor<1x4x4x4xf32>) -> tensor<1x6x5x4xf32>
  // CHECK-NOT: edge.transpose
  // CHECK: edge.resize %{{.*}} {{{.*}}scales = array<f32: 1.000000e+00, 2.000000e+00, 2.000000e+00, 1.000000e+00>} : tensor<1x6x5x4xf32> -> tensor<1x12x10x4xf32>
  // CHECK-NOT: edge.transpose
  // CHECK: edge.conv
  // CHECK: edge.transpose %{{.*}} {edgec.layout_transpose, perm = array<i64: 0, 3, 1, 2>} : (tensor<1x12x10x4xf32>) -> tensor<1x4x12x10xf32>
  %w1 = edge.constant dense<1.0> : tensor<4x3x1x1xf32>
  %w2 = edge.constant dense<2.0> : tensor<4x4x1x1xf32>
  %0 = edge.conv %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x4x4xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x4x4xf32>
  %1 = edge.pad %0 {pads = array<i64: 0, 0, 1, 0, 0, 0, 1, 1>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x6x5xf32>
  %2 = edge.resize %1 {scales = array<f32: 1.0, 1.0, 2.0, 2.0>, roi = array<f32>, mode = #edge<resize_mode nearest>} : tensor<1x4x6x5xf32> -> tensor<1x4x12x10xf32>
  %3 = edge.conv %2, %w2 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x12x10xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x12x10xf32>
  return %3 : tensor<1x4x12x10xf32>
}

// -----

// Reductions over NCHW axes become reductions over the NHWC axes: a mean over H and W
// with keepdims stays channels-last; without keepdims the result is [N, C] in both frames.
// CHECK-LABEL: func.func @reduce_after_conv
func.func @reduce_after_conv(%x: tensor<1x3x4x4xf32>) -> (tensor<1x4x1x1xf32>, tensor<1x4xf32>) {
  // CHECK: %[[C:.*]] = edge.conv
  // CHECK: edge.reduce mean %[[C]] {axes = array<i64: 1, 2>, edgec.layout = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x4xf32>) -> tensor<1x1x1x4xf32>
  // CHECK: edge.reduce max %[[C]] {axes = array<i64: 1, 2>, edgec.layout = array<i64: 0, 1>, keepdims = false} : (tensor<1x4x4x4xf32>) -> tensor<1x4xf32>
  %w1 = edge.constant dense<1.0> : tensor<4x3x1x1xf32>
  %0 = edge.conv %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x4x4xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x4x4xf32>
  %1 = edge.reduce mean %0 {axes = array<i64: 2, 3>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x1x1xf32>
  %2 = edge.reduce max %0 {axes = array<i64: 2, 3>, keepdims = false} : (tensor<1x4x4x4xf32>) -> tensor<1x4xf32>
  return %1, %2 : tensor<1x4x1x1xf32>, tensor<1x4xf32>
}

// -----

// A squeeze-excite gate [1, C, 1, 1] computed at run time multiplies an NHWC feature map
// without a transpose of the map: the gate's layout change moves only size-1 dims.
// CHECK-LABEL: func.func @squeeze_excite_gate
func.func @squeeze_excite_gate(%x: tensor<1x3x4x4xf32>, %g: tensor<1x4x1x1xf32>) -> tensor<1x4x4x4xf32> {
  // CHECK: %[[C:.*]] = edge.conv
  // CHECK: %[[G:.*]] = edge.reshape %{{.*}} : tensor<1x4x1x1xf32> -> tensor<1x1x1x4xf32>
  // CHECK: %[[M:.*]] = edge.binary  mul %[[C]], %[[G]] {edgec.layout = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x4x4x4xf32>
  // CHECK: %[[OUT:.*]] = edge.transpose %[[M]]
  // CHECK: return %[[OUT]]
  %w1 = edge.constant dense<1.0> : tensor<4x3x1x1xf32>
  %0 = edge.conv %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x4x4xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x4x4xf32>
  %1 = edge.unary sigmoid %g : tensor<1x4x1x1xf32>
  %2 = edge.binary mul %0, %1 : (tensor<1x4x4x4xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %2 : tensor<1x4x4x4xf32>
}
