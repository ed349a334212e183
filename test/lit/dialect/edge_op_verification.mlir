// RUN: edgec-opt %s --split-input-file --verify-diagnostics

// Shape inference and verifier failures of the edge ops. An op whose result type
// is inferred reports the reason, then that inference failed.

func.func @conv_channel_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+2 {{conv: input has 3 channels, filter 4x2x3x3 expects 2 per group x 1 groups}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// 4 input channels in 2 groups fit the filter, but 3 output channels do not split in 2.
func.func @conv_group_mismatch(%x: tensor<1x4x8x8xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @+2 {{conv: input has 4 channels, filter 3x2x3x3 expects 2 per group x 2 groups (output channels 3 must divide by the group count too)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv %x, %w {group = 2 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

func.func @conv_bias_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+2 {{conv: bias shape 3 does not match 4 output channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @conv_window_too_large(%x: tensor<1x1x4x6xf32>, %w: tensor<1x1x5x5xf32>) -> tensor<1x1x1x2xf32> {
  // expected-error @+2 {{conv: window of 5 (kernel 5, dilation 1) does not fit input dim 0 of 4 with pads 0+0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x6xf32>, tensor<1x1x5x5xf32>) -> tensor<1x1x1x2xf32>
  return %0 : tensor<1x1x1x2xf32>
}

// -----

// Dilation 3 stretches a 3-tap kernel over 7 inputs; 6 + 0 padding is too short.
func.func @conv_dilated_window_too_large(%x: tensor<1x1x8x6xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x2x1xf32> {
  // expected-error @+2 {{conv: window of 7 (kernel 3, dilation 3) does not fit input dim 1 of 6 with pads 0+0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x8x6xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x1xf32>
  return %0 : tensor<1x1x2x1xf32>
}

// -----

func.func @conv_wrong_result_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // Stride 2, pads 1+1: (8 + 2 - 3) / 2 + 1 = 4, not 8.
  // expected-error @+2 {{inferred type(s) 'tensor<1x4x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x4x8x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @gemm_inner_dim_mismatch(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{gemm: inner dims differ: A gives K=3, B gives K=4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.gemm %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// With trans_b, B is N x K: 3x4 gives K = 4, A gives K = 3.
func.func @gemm_trans_b_mismatch(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{gemm: inner dims differ: A gives K=3, B gives K=4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.gemm %a, %b {trans_b = true} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gemm_c_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<4xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{gemm: C of shape 4 does not broadcast to 2x5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<4xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @matmul_inner_dim_mismatch(%a: tensor<2x3x4xf32>, %b: tensor<5x6xf32>) -> tensor<2x3x6xf32> {
  // expected-error @+2 {{matmul: inner dims differ: 2x3x4 x 5x6}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.matmul %a, %b : (tensor<2x3x4xf32>, tensor<5x6xf32>) -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}

// -----

func.func @binary_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{binary: shapes 2x3 and 4x3 do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.binary add %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @binary_element_types_differ(%a: tensor<3xf32>, %b: tensor<3xi64>) -> tensor<3xf32> {
  // expected-error @+2 {{binary: element types differ: 'f32' and 'i64'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.binary mul %a, %b : (tensor<3xf32>, tensor<3xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @reshape_element_count(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{'edge.reshape' op cannot reshape 2x3 (6 elements) to 7 (7 elements)}}
  %0 = edge.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @reshape_element_type(%x: tensor<2x3xf32>) -> tensor<6xi32> {
  // expected-error @+1 {{'edge.reshape' op element type changes from 'f32' to 'i32'}}
  %0 = edge.reshape %x : tensor<2x3xf32> -> tensor<6xi32>
  return %0 : tensor<6xi32>
}

// -----

func.func @transpose_not_a_permutation(%x: tensor<2x3x4xf32>) -> tensor<2x2x4xf32> {
  // expected-error @+2 {{transpose: perm is not a permutation of 0..2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.transpose %x {perm = array<i64: 0, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<2x2x4xf32>
  return %0 : tensor<2x2x4xf32>
}

// -----

func.func @transpose_perm_out_of_range(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{transpose: perm is not a permutation of 0..1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.transpose %x {perm = array<i64: 2, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @transpose_perm_wrong_length(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{transpose: perm has 3 entries for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @concat_mismatched_dims(%a: tensor<1x2xf32>, %b: tensor<2x3xf32>) -> tensor<1x5xf32> {
  // expected-error @+2 {{concat: input 2x3 does not match 1x2 outside axis 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

// -----

func.func @concat_axis_out_of_range(%a: tensor<1x2xf32>) -> tensor<1x4xf32> {
  // expected-error @+2 {{concat: axis 2 out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.concat %a, %a {axis = 2 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @softmax_axis_out_of_range(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'edge.softmax' op axis 2 out of range for rank 2}}
  %0 = edge.softmax %x {axis = 2 : i64} : tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

func.func @softmax_negative_axis(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // The axis is read as unsigned (I64Attr getter), so the message shows 2^64-1 for -1;
  // only the stable part is checked.
  // expected-error @+1 {{out of range for rank 2 (normalized at import)}}
  %0 = edge.softmax %x {axis = -1 : i64} : tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

func.func @pool_bad_attribute_sizes(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+2 {{pool: expected kernel/strides/dilations of 2 values and pads of 4, got 1/2/2 and 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.pool max %x {kernel_shape = array<i64: 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @pool_pads_wrong_size(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+2 {{pool: expected kernel/strides/dilations of 2 values and pads of 4, got 2/2/2 and 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.pool avg %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @pool_zero_stride(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+2 {{pool: kernel, stride and dilation must be >= 1, got 2, 0, 1 in dim 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.pool max %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 0>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @batch_norm_parameter_mismatch(%x: tensor<1x4x8x8xf32>, %p: tensor<4xf32>, %q: tensor<8xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+2 {{batch_norm: parameter of shape 8 does not match 4 channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.batch_norm %x, %p, %p, %p, %q : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<8xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @gather_axis_out_of_range(%s: tensor<4xi64>, %i: tensor<i64>) -> tensor<i64> {
  // expected-error @+2 {{gather: axis 1 out of range for rank 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.gather %s, %i {axis = 1 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

func.func @gather_float_indices(%s: tensor<4xi64>, %i: tensor<f32>) -> tensor<i64> {
  // expected-error @+2 {{gather: indices must be int32 or int64}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.gather %s, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<f32>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

func.func @slice_step_zero(%x: tensor<4xi64>) -> tensor<2xi64> {
  // expected-error @+2 {{slice: step must not be 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.slice %x {starts = array<i64: 0>, ends = array<i64: 2>, axes = array<i64: 0>, steps = array<i64: 0>} : (tensor<4xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @slice_axis_out_of_range(%x: tensor<4xi64>) -> tensor<2xi64> {
  // expected-error @+2 {{slice: axis 1 out of range for rank 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.slice %x {starts = array<i64: 0>, ends = array<i64: 2>, axes = array<i64: 1>, steps = array<i64: 1>} : (tensor<4xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @slice_wrong_result_type(%x: tensor<10xf32>) -> tensor<4xf32> {
  // Indices 1, 4, 7 (10 is past the end): 3 elements, not the 4 written.
  // expected-error @+2 {{inferred type(s) 'tensor<3xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.slice %x {starts = array<i64: 1>, ends = array<i64: 10>, axes = array<i64: 0>, steps = array<i64: 3>} : (tensor<10xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
