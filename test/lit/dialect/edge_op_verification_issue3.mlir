// RUN: edgec-opt %s --split-input-file --verify-diagnostics

// Shape inference and verifier failures of the edge ops added for issue 3.

// ConvTranspose's filter is Cin, Cout/g, k...: its first dim must equal the input channels.
func.func @conv_transpose_channel_mismatch(%x: tensor<1x3x4x4xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{conv_transpose: input has 3 channels, filter 2x4x3x3 expects 2 in 1 groups}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv_transpose %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x3x4x4xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// 3 input channels do not split into 2 groups.
func.func @conv_transpose_group_mismatch(%x: tensor<1x3x4x4xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{conv_transpose: input has 3 channels, filter 3x2x3x3 expects 3 in 2 groups}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv_transpose %x, %w {group = 2 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x3x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_transpose_bias_mismatch(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x4x6x6xf32> {
  // 2 groups x 2 outputs per group = 4 output channels.
  // expected-error @+2 {{conv_transpose: bias shape 2 does not match 4 output channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv_transpose %x, %w, %b {group = 2 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_transpose_strides_size(%x: tensor<1x2x4x4xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{conv_transpose: window attributes do not match 2 spatial dims}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv_transpose %x, %w {strides = array<i64: 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x2x4x4xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_transpose_pads_size(%x: tensor<1x2x4x4xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{conv_transpose: window attributes do not match 2 spatial dims}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv_transpose %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x2x4x4xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_transpose_output_padding_size(%x: tensor<1x2x4x4xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{conv_transpose: window attributes do not match 2 spatial dims}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv_transpose %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0, 0>} : (tensor<1x2x4x4xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// 1 * (2 - 1) + 0 + 2 + 1 - 2 - 2 = 0.
func.func @conv_transpose_empty_output(%x: tensor<1x2x2x2xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error @+2 {{conv_transpose: output dim 0 would be 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.conv_transpose %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, output_padding = array<i64: 0, 0>} : (tensor<1x2x2x2xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @pad_count(%x: tensor<3x5xf32>) -> tensor<5x5xf32> {
  // expected-error @+2 {{pad: expected 4 pads for rank 2, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.pad %x {pads = array<i64: 1, 1>} : (tensor<3x5xf32>) -> tensor<5x5xf32>
  return %0 : tensor<5x5xf32>
}

// -----

// Reflect needs pad <= dim - 1 on each side (the border element is not repeated).
func.func @pad_reflect_too_large(%x: tensor<3x5xf32>) -> tensor<6x5xf32> {
  // expected-error @+2 {{pad: reflect pads of dim 0 must be smaller than its size 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.pad %x {mode = #edge<pad_mode reflect>, pads = array<i64: 3, 0, 0, 0>} : (tensor<3x5xf32>) -> tensor<6x5xf32>
  return %0 : tensor<6x5xf32>
}

// -----

func.func @pad_reflect_end_too_large(%x: tensor<3x5xf32>) -> tensor<3x10xf32> {
  // expected-error @+2 {{pad: reflect pads of dim 1 must be smaller than its size 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.pad %x {mode = #edge<pad_mode reflect>, pads = array<i64: 0, 0, 0, 5>} : (tensor<3x5xf32>) -> tensor<3x10xf32>
  return %0 : tensor<3x10xf32>
}

// -----

// 3 - 2 - 2 = -1.
func.func @pad_crop_below_zero(%x: tensor<3x5xf32>) -> tensor<1x5xf32> {
  // expected-error @+2 {{pad: dim 0 of 3 cropped below zero}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.pad %x {pads = array<i64: -2, 0, -2, 0>} : (tensor<3x5xf32>) -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

// -----

func.func @resize_scale_count(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32> {
  // expected-error @+1 {{'edge.resize' op expected 4 scales and an output of the same rank}}
  %0 = edge.resize %x {scales = array<f32: 2.0, 2.0>, roi = array<f32>} : tensor<1x2x4x4xf32> -> tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x8x8xf32>
}

// -----

func.func @resize_rank(%x: tensor<1x2x4x4xf32>) -> tensor<2x8x8xf32> {
  // expected-error @+1 {{'edge.resize' op expected 4 scales and an output of the same rank}}
  %0 = edge.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 2.0>, roi = array<f32>} : tensor<1x2x4x4xf32> -> tensor<2x8x8xf32>
  return %0 : tensor<2x8x8xf32>
}

// -----

func.func @resize_crop_without_roi(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32> {
  // expected-error @+1 {{'edge.resize' op tf_crop_and_resize needs a roi of 8 values}}
  %0 = edge.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 2.0>, roi = array<f32>, mode = #edge<resize_mode linear>, coord_mode = #edge<coord_mode tf_crop_and_resize>} : tensor<1x2x4x4xf32> -> tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x8x8xf32>
}

// -----

func.func @resize_element_type(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf64> {
  // expected-error @+1 {{'edge.resize' op element type changes}}
  %0 = edge.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 2.0>, roi = array<f32>} : tensor<1x2x4x4xf32> -> tensor<1x2x8x8xf64>
  return %0 : tensor<1x2x8x8xf64>
}

// -----

func.func @reduce_axis_out_of_range(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{reduce: axis 3 out of range for rank 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.reduce sum %x {axes = array<i64: 3>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Axes are normalized at import: a negative one is out of range here.
func.func @reduce_negative_axis(%x: tensor<2x3x4xf32>) -> tensor<2x3x1xf32> {
  // expected-error @+2 {{reduce: axis -1 out of range for rank 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.reduce max %x {axes = array<i64: -1>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  return %0 : tensor<2x3x1xf32>
}

// -----

// The declared result type must be the inferred one: keepdims = false drops the dim.
func.func @reduce_wrong_result(%x: tensor<2x3x4xf32>) -> tensor<2x1x4xf32> {
  // expected-error @+2 {{'edge.reduce' op inferred type(s) 'tensor<2x4xf32>' are incompatible with return type(s) of operation 'tensor<2x1x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.reduce mean %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  return %0 : tensor<2x1x4xf32>
}
