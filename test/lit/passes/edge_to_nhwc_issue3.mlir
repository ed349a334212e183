// RUN: edgec-opt %s --split-input-file --edge-to-nhwc | FileCheck %s

// Layout of the image ops added for issue 3.

// The ConvTranspose filter is transposed at compile time, Cin,Cout/g,kH,kW -> Cin,kH,kW,Cout/g:
// out[i][h][w][o] = in[i][o][h][w]. W (2x3x1x2) holds 0..11 in order, so W[i][o][0][w] = 6i + 2o + w.
// Output: H = 1 * 3 + 0 + 0 + 1 = 4, W = 1 * 3 + 0 + 1 + 1 = 5, 3 channels.
// CHECK-LABEL: func.func @conv_transpose_filter
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
func.func @conv_transpose_filter(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x4x5xf32> {
  // CHECK-DAG: %[[W:.*]] = edge.constant dense<{{\[\[\[\[}}0.000000e+00, 2.000000e+00, 4.000000e+00], [1.000000e+00, 3.000000e+00, 5.000000e+00]]], {{\[\[\[}}6.000000e+00, 8.000000e+00, 1.000000e+01], [7.000000e+00, 9.000000e+00, 1.100000e+01]]]]> : tensor<2x1x2x3xf32>
  // CHECK-DAG: %[[T:.*]] = edge.transpose %[[X]] {edgec.layout_transpose, perm = array<i64: 0, 2, 3, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
  // CHECK: %[[C:.*]] = edge.conv_transpose %[[T]], %[[W]] {dilations = array<i64: 1, 1>, edgec.layout = array<i64: 0, 3, 1, 2>, layout = #edge<layout nhwc>, output_padding = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x2x3xf32>) -> tensor<1x4x5x3xf32>
  // CHECK: %[[OUT:.*]] = edge.transpose %[[C]] {edgec.layout_transpose, perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x5x3xf32>) -> tensor<1x3x4x5xf32>
  // CHECK: return %[[OUT]]
  %w = edge.constant dense<[[[[0.0, 1.0]], [[2.0, 3.0]], [[4.0, 5.0]]], [[[6.0, 7.0]], [[8.0, 9.0]], [[10.0, 11.0]]]]> : tensor<2x3x1x2xf32>
  %0 = edge.conv_transpose %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x2x4x4xf32>, tensor<2x3x1x2xf32>) -> tensor<1x3x4x5xf32>
  return %0 : tensor<1x3x4x5xf32>
}

// -----

// Grouped, with bias and a fused activation: 4 inputs in 2 groups, 3 outputs per group
// (6 channels); filter 4x3x2x2 -> 4x2x2x3; 2 * 2 + 1 + 1 + 1 - 1 - 0 = 6.
// The following relu stays channels-last.
// CHECK-LABEL: func.func @conv_transpose_grouped
func.func @conv_transpose_grouped(%x: tensor<1x4x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // CHECK-DAG: %[[W:.*]] = edge.constant dense<1.000000e+00> : tensor<4x2x2x3xf32>
  // CHECK-DAG: %[[T:.*]] = edge.transpose %{{.*}} {edgec.layout_transpose, perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x3x3xf32>) -> tensor<1x3x3x4xf32>
  // CHECK: %[[C:.*]] = edge.conv_transpose %[[T]], %[[W]], %{{.*}} {{{.*}}edgec.layout = array<i64: 0, 3, 1, 2>, group = 2 : i64, layout = #edge<layout nhwc>{{.*}}} : (tensor<1x3x3x4xf32>, tensor<4x2x2x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  // CHECK-NOT: edge.transpose
  // CHECK: %[[R:.*]] = edge.unary relu %[[C]] {edgec.layout = array<i64: 0, 3, 1, 2>} : tensor<1x6x6x6xf32>
  // CHECK: %[[OUT:.*]] = edge.transpose %[[R]] {edgec.layout_transpose, perm = array<i64: 0, 3, 1, 2>} : (tensor<1x6x6x6xf32>) -> tensor<1x6x6x6xf32>
  // CHECK: return %[[OUT]]
  %w = edge.constant dense<1.0> : tensor<4x3x2x2xf32>
  %0 = edge.conv_transpose %x, %w, %b {group = 2 : i64, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 0, 0>, output_padding = array<i64: 1, 1>} : (tensor<1x4x3x3xf32>, tensor<4x3x2x2xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  %1 = edge.unary relu %0 : tensor<1x6x6x6xf32>
  return %1 : tensor<1x6x6x6xf32>
}

// -----

// max_pool_with_indices goes channels-last; both results get transposed back (the
// indices stay flat NCHW offsets, as ONNX defines them).
// CHECK-LABEL: func.func @max_pool_with_indices
func.func @max_pool_with_indices(%x: tensor<1x4x8x8xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>) {
  // CHECK: %[[T:.*]] = edge.transpose %{{.*}} {edgec.layout_transpose, perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x8x8xf32>) -> tensor<1x8x8x4xf32>
  // CHECK: %[[Y:.*]], %[[I:.*]] = edge.max_pool_with_indices %[[T]] {{{.*}}edgec.layout = array<i64: 0, 3, 1, 2>, {{.*}}layout = #edge<layout nhwc>{{.*}}} : (tensor<1x8x8x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>)
  // CHECK-DAG: %[[YO:.*]] = edge.transpose %[[Y]] {edgec.layout_transpose, perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  // CHECK-DAG: %[[IO:.*]] = edge.transpose %[[I]] {edgec.layout_transpose, perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x4xi64>) -> tensor<1x4x4x4xi64>
  // CHECK: return %[[YO]], %[[IO]]
  %0, %1 = edge.max_pool_with_indices %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x8x8xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>)
  return %0, %1 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>
}
