// RUN: edgec-opt %s --split-input-file | edgec-opt --split-input-file | FileCheck %s
// RUN: edgec-opt %s --split-input-file --mlir-print-op-generic | edgec-opt --split-input-file | FileCheck %s

// Round trip of the edge ops and kinds added for issue 3: conv_transpose, pad,
// resize, reduce, max_pool_with_indices, the new unary kinds and binary prelu.
// The result types are ONNX's, computed by hand in the comments.

// CHECK-LABEL: func.func @conv_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3x3xf32>, %[[W:.*]]: tensor<2x4x3x3xf32>, %[[B:.*]]: tensor<4xf32>, %[[X2:.*]]: tensor<1x4x5x5xf32>, %[[W2:.*]]: tensor<4x3x2x2xf32>)
func.func @conv_transpose(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>, %b: tensor<4xf32>, %x2: tensor<1x4x5x5xf32>, %w2: tensor<4x3x2x2xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x6x6x6xf32>, tensor<1x4x6x6xf32>) {
  // out = stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - pad_begin - pad_end
  //     = 2 * 2 + 1 + 2 + 1 - 0 = 8; channels = Cout/g * g = 4.
  // CHECK: edge.conv_transpose %[[X]], %[[W]], %[[B]] {act = #edge<act relu>, dilations = array<i64: 1, 1>, output_padding = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %0 = edge.conv_transpose %x, %w, %b {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 1, 1>, act = #edge<act relu>} : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  // Grouped: 4 input channels in 2 groups, 3 outputs per group -> 6 channels;
  // 1 * 4 + 0 + 1 * 2 + 1 - 1 - 0 = 6.
  // CHECK: edge.conv_transpose %[[X2]], %[[W2]] {dilations = array<i64: 2, 2>, group = 2 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x5x5xf32>, tensor<4x3x2x2xf32>) -> tensor<1x6x6x6xf32>
  %1 = edge.conv_transpose %x2, %w2 {group = 2 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x4x5x5xf32>, tensor<4x3x2x2xf32>) -> tensor<1x6x6x6xf32>
  // A negative end pad extends the output: 2 + 2 + 1 - 1 + 2 = 6.
  // CHECK: edge.conv_transpose %[[X]], %[[W]] {dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, pads = array<i64: 1, 1, -2, -2>, strides = array<i64: 1, 1>} : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  %2 = edge.conv_transpose %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, -2, -2>, output_padding = array<i64: 0, 0>} : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0, %1, %2 : tensor<1x4x8x8xf32>, tensor<1x6x6x6xf32>, tensor<1x4x6x6xf32>
}

// -----

// CHECK-LABEL: func.func @conv_transpose_nhwc
func.func @conv_transpose_nhwc(%x: tensor<1x3x3x2xf32>, %w: tensor<2x3x3x4xf32>) -> tensor<1x7x7x4xf32> {
  // NHWC filter is Cin, kH, kW, Cout/g: 2 * 2 + 0 + 2 + 1 = 7.
  // CHECK: edge.conv_transpose %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, layout = #edge<layout nhwc>, output_padding = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x3x2xf32>, tensor<2x3x3x4xf32>) -> tensor<1x7x7x4xf32>
  %0 = edge.conv_transpose %x, %w {layout = #edge<layout nhwc>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x3x3x2xf32>, tensor<2x3x3x4xf32>) -> tensor<1x7x7x4xf32>
  return %0 : tensor<1x7x7x4xf32>
}

// -----

// CHECK-LABEL: func.func @pad
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>, %[[Y:.*]]: tensor<3x5xf32>)
func.func @pad(%x: tensor<1x2x4x4xf32>, %y: tensor<3x5xf32>) -> (tensor<1x2x6x6xf32>, tensor<4x2xf32>, tensor<5x7xf32>, tensor<3x9xf32>) {
  // CHECK: edge.pad %[[X]] {mode = #edge<pad_mode reflect>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  %0 = edge.pad %x {mode = #edge<pad_mode reflect>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  // Negative pads crop: 3 + 1 + 0 = 4, 5 - 2 - 1 = 2. The default mode is not printed.
  // CHECK: edge.pad %[[Y]] {pads = array<i64: 1, -2, 0, -1>, value = 1.500000e+00 : f32} : (tensor<3x5xf32>) -> tensor<4x2xf32>
  %1 = edge.pad %y {pads = array<i64: 1, -2, 0, -1>, value = 1.5 : f32} : (tensor<3x5xf32>) -> tensor<4x2xf32>
  // CHECK: edge.pad %[[Y]] {mode = #edge<pad_mode edge>, pads = array<i64: 2, 1, 0, 1>} : (tensor<3x5xf32>) -> tensor<5x7xf32>
  %2 = edge.pad %y {mode = #edge<pad_mode edge>, pads = array<i64: 2, 1, 0, 1>} : (tensor<3x5xf32>) -> tensor<5x7xf32>
  // wrap may pad by more than the dim (reflect may not): 5 + 4 = 9.
  // CHECK: edge.pad %[[Y]] {mode = #edge<pad_mode wrap>, pads = array<i64: 0, 4, 0, 0>} : (tensor<3x5xf32>) -> tensor<3x9xf32>
  %3 = edge.pad %y {mode = #edge<pad_mode wrap>, pads = array<i64: 0, 4, 0, 0>} : (tensor<3x5xf32>) -> tensor<3x9xf32>
  return %0, %1, %2, %3 : tensor<1x2x6x6xf32>, tensor<4x2xf32>, tensor<5x7xf32>, tensor<3x9xf32>
}

// -----

// CHECK-LABEL: func.func @resize
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
func.func @resize(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x8x8xf32>, tensor<1x2x3x3xf32>) {
  // CHECK: edge.resize %[[X]] {coord_mode = #edge<coord_mode asymmetric>, nearest_mode = #edge<nearest_mode floor>, roi = array<f32>, scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : tensor<1x2x4x4xf32> -> tensor<1x2x8x8xf32>
  %0 = edge.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 2.0>, roi = array<f32>, mode = #edge<resize_mode nearest>, coord_mode = #edge<coord_mode asymmetric>, nearest_mode = #edge<nearest_mode floor>} : tensor<1x2x4x4xf32> -> tensor<1x2x8x8xf32>
  // CHECK: edge.resize %[[X]] {coord_mode = #edge<coord_mode tf_crop_and_resize>, cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = true, extrapolation_value = 2.500000e+00 : f32, from_sizes = true, mode = #edge<resize_mode cubic>, roi = array<f32: 0.000000e+00, 0.000000e+00, 2.500000e-01, 2.500000e-01, 1.000000e+00, 1.000000e+00, 7.500000e-01, 7.500000e-01>, scales = array<f32: 1.000000e+00, 1.000000e+00, 7.500000e-01, 7.500000e-01>} : tensor<1x2x4x4xf32> -> tensor<1x2x3x3xf32>
  %1 = edge.resize %x {scales = array<f32: 1.0, 1.0, 0.75, 0.75>, roi = array<f32: 0.0, 0.0, 0.25, 0.25, 1.0, 1.0, 0.75, 0.75>, mode = #edge<resize_mode cubic>, coord_mode = #edge<coord_mode tf_crop_and_resize>, cubic_coeff_a = -0.5 : f32, exclude_outside = true, extrapolation_value = 2.5 : f32, from_sizes = true} : tensor<1x2x4x4xf32> -> tensor<1x2x3x3xf32>
  return %0, %1 : tensor<1x2x8x8xf32>, tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @reduce
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[Y:.*]]: tensor<2x3x4xf32>)
func.func @reduce(%x: tensor<1x8x4x4xf32>, %y: tensor<2x3x4xf32>) -> (tensor<1x8x1x1xf32>, tensor<2x4xf32>, tensor<2x3x4xf32>, tensor<f32>) {
  // keepdims = true is the default and not printed.
  // CHECK: edge.reduce mean %[[X]] {axes = array<i64: 2, 3>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %0 = edge.reduce mean %x {axes = array<i64: 2, 3>, keepdims = true} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  // CHECK: edge.reduce sum %[[Y]] {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %1 = edge.reduce sum %y {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  // No axes: nothing is reduced (noop_with_empty_axes).
  // CHECK: edge.reduce log_sum_exp %[[Y]] {axes = array<i64>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %2 = edge.reduce log_sum_exp %y {axes = array<i64>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // CHECK: edge.reduce l2 %[[Y]] {axes = array<i64: 0, 1, 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<f32>
  %3 = edge.reduce l2 %y {axes = array<i64: 0, 1, 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<f32>
  return %0, %1, %2, %3 : tensor<1x8x1x1xf32>, tensor<2x4xf32>, tensor<2x3x4xf32>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @max_pool_with_indices
func.func @max_pool_with_indices(%x: tensor<1x4x8x8xf32>, %t: tensor<1x8x8x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>, tensor<1x3x3x4xf32>, tensor<1x3x3x4xi64>) {
  // CHECK: %[[Y:.*]], %[[I:.*]] = edge.max_pool_with_indices %{{.*}} {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>)
  %0, %1 = edge.max_pool_with_indices %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x8x8xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>)
  // ceil_mode: (8 - 3) / 3 rounded up + 1 = 3 (the last window starts at 6 < 8).
  // CHECK: %[[Y2:.*]], %[[I2:.*]] = edge.max_pool_with_indices %{{.*}} {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, layout = #edge<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 3, 3>} : (tensor<1x8x8x4xf32>) -> (tensor<1x3x3x4xf32>, tensor<1x3x3x4xi64>)
  %2, %3 = edge.max_pool_with_indices %t {kernel_shape = array<i64: 3, 3>, strides = array<i64: 3, 3>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = true, layout = #edge<layout nhwc>} : (tensor<1x8x8x4xf32>) -> (tensor<1x3x3x4xf32>, tensor<1x3x3x4xi64>)
  // CHECK: return %[[Y]], %[[I]], %[[Y2]], %[[I2]]
  return %0, %1, %2, %3 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>, tensor<1x3x3x4xf32>, tensor<1x3x3x4xi64>
}

// -----

// CHECK-LABEL: func.func @unary_kinds
func.func @unary_kinds(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // CHECK: edge.unary elu %{{.*}} {alpha = 1.000000e+00 : f32} : tensor<2x4xf32>
  %0 = edge.unary elu %x {alpha = 1.0 : f32} : tensor<2x4xf32>
  // CHECK: edge.unary selu %{{.*}} {alpha = 1.500000e+00 : f32, beta = 1.250000e+00 : f32} : tensor<2x4xf32>
  %1 = edge.unary selu %0 {alpha = 1.5 : f32, beta = 1.25 : f32} : tensor<2x4xf32>
  // CHECK: edge.unary softplus
  %2 = edge.unary softplus %1 : tensor<2x4xf32>
  // CHECK: edge.unary softsign
  %3 = edge.unary softsign %2 : tensor<2x4xf32>
  // CHECK: edge.unary hard_sigmoid %{{.*}} {alpha = 2.500000e-01 : f32, beta = 5.000000e-01 : f32} : tensor<2x4xf32>
  %4 = edge.unary hard_sigmoid %3 {alpha = 0.25 : f32, beta = 0.5 : f32} : tensor<2x4xf32>
  // CHECK: edge.unary hard_swish
  %5 = edge.unary hard_swish %4 : tensor<2x4xf32>
  // CHECK: edge.unary erf
  %6 = edge.unary erf %5 : tensor<2x4xf32>
  // CHECK: edge.unary ceil
  %7 = edge.unary ceil %6 : tensor<2x4xf32>
  // CHECK: edge.unary floor
  %8 = edge.unary floor %7 : tensor<2x4xf32>
  // CHECK: edge.unary round
  %9 = edge.unary round %8 : tensor<2x4xf32>
  // CHECK: edge.unary sin
  %10 = edge.unary sin %9 : tensor<2x4xf32>
  // CHECK: edge.unary cos
  %11 = edge.unary cos %10 : tensor<2x4xf32>
  // CHECK: edge.unary sign %{{.*}} : tensor<2x4xf32>
  %12 = edge.unary sign %11 : tensor<2x4xf32>
  return %12 : tensor<2x4xf32>
}

// -----

// PRelu's slope broadcasts like any binary operand (unidirectionally, per ONNX).
// CHECK-LABEL: func.func @prelu
// CHECK: edge.binary prelu %{{.*}}, %{{.*}} : (tensor<1x4x8x8xf32>, tensor<4x1x1xf32>) -> tensor<1x4x8x8xf32>
func.func @prelu(%x: tensor<1x4x8x8xf32>, %s: tensor<4x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %0 = edge.binary prelu %x, %s : (tensor<1x4x8x8xf32>, tensor<4x1x1xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}
