// RUN: edgec-opt %s --split-input-file --edge-lower-to-kernel --verify-diagnostics | FileCheck %s

// Lowering of the ops added for issue 3 to their kernel ops, and the typed kernel
// variants (edgec_<family>_<type>) chosen for non-f32 element types.

// CHECK: memref.global "private" constant @[[W:.*]] : memref<2x3x3x4xf32> = dense<1.000000e+00>
// CHECK-LABEL: func.func @conv_transpose
// CHECK-SAME: (%[[X:.*]]: memref<1x3x3x2xf32>, %[[B:.*]]: memref<4xf32>, %[[Y:.*]]: memref<1x7x7x4xf32> {edgec.output})
// CHECK: %[[GW:.*]] = memref.get_global @[[W]] : memref<2x3x3x4xf32>
// CHECK: kernel.conv_transpose %[[X]], %[[GW]] bias(%[[B]]), %[[Y]] {act = #edge<act relu>, dilations = array<i64: 1, 1>, group = 1 : i64, impl = "edgec_conv_transpose_f32", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
// CHECK-SAME: : memref<1x3x3x2xf32>, memref<2x3x3x4xf32>, memref<4xf32>, memref<1x7x7x4xf32>
// CHECK-NEXT: return
func.func @conv_transpose(%x: tensor<1x3x3x2xf32>, %b: tensor<4xf32>) -> tensor<1x7x7x4xf32> {
  %w = edge.constant dense<1.0> : tensor<2x3x3x4xf32>
  // 2 * (3 - 1) + 0 + (3 - 1) + 1 = 7.
  %0 = edge.conv_transpose %x, %w, %b {layout = #edge<layout nhwc>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>, act = #edge<act relu>} : (tensor<1x3x3x2xf32>, tensor<2x3x3x4xf32>, tensor<4xf32>) -> tensor<1x7x7x4xf32>
  return %0 : tensor<1x7x7x4xf32>
}

// -----

func.func @conv_transpose_nchw(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x4x7x7xf32> {
  // expected-error @+1 {{conv_transpose must be channels-last before lowering (run edge-to-nhwc)}}
  %0 = edge.conv_transpose %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x7x7xf32>
  return %0 : tensor<1x4x7x7xf32>
}

// -----

// Pad keeps its mode, pads and fill value; it moves data, so any element type lowers.
// CHECK-LABEL: func.func @pad
// CHECK-SAME: (%[[X:.*]]: memref<1x2x4x4xf32>, %[[Y:.*]]: memref<3x5xi64>, %[[O0:.*]]: memref<1x2x6x6xf32> {edgec.output}, %[[O1:.*]]: memref<4x2xi64> {edgec.output})
// CHECK: kernel.pad %[[X]], %[[O0]] {impl = "edgec_pad", mode = #edge<pad_mode reflect>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : memref<1x2x4x4xf32>, memref<1x2x6x6xf32>
// CHECK: kernel.pad %[[Y]], %[[O1]] {impl = "edgec_pad", mode = #edge<pad_mode constant>, pads = array<i64: 1, -2, 0, -1>, value = 3.000000e+00 : f32} : memref<3x5xi64>, memref<4x2xi64>
func.func @pad(%x: tensor<1x2x4x4xf32>, %y: tensor<3x5xi64>) -> (tensor<1x2x6x6xf32>, tensor<4x2xi64>) {
  %0 = edge.pad %x {mode = #edge<pad_mode reflect>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  %1 = edge.pad %y {pads = array<i64: 1, -2, 0, -1>, value = 3.0 : f32} : (tensor<3x5xi64>) -> tensor<4x2xi64>
  return %0, %1 : tensor<1x2x6x6xf32>, tensor<4x2xi64>
}

// -----

// Every resize attribute reaches the kernel, defaults spelled out.
// CHECK-LABEL: func.func @resize
// CHECK: kernel.resize %{{.*}}, %{{.*}} {coord_mode = #edge<coord_mode pytorch_half_pixel>, cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, impl = "edgec_resize_f32", mode = #edge<resize_mode linear>, nearest_mode = #edge<nearest_mode round_prefer_floor>, roi = array<f32>, scales = array<f32: 1.000000e+00, 2.000000e+00, 2.000000e+00, 1.000000e+00>} : memref<1x4x4x2xf32>, memref<1x8x8x2xf32>
func.func @resize(%x: tensor<1x4x4x2xf32>) -> tensor<1x8x8x2xf32> {
  %0 = edge.resize %x {scales = array<f32: 1.0, 2.0, 2.0, 1.0>, roi = array<f32>, mode = #edge<resize_mode linear>, coord_mode = #edge<coord_mode pytorch_half_pixel>} : tensor<1x4x4x2xf32> -> tensor<1x8x8x2xf32>
  return %0 : tensor<1x8x8x2xf32>
}

// -----

// ReduceMean over H, W with keepdims = 0: the output buffer has the reduced dims dropped.
// CHECK-LABEL: func.func @reduce_mean
// CHECK-SAME: (%[[X:.*]]: memref<1x8x4x4xf32>, %[[Y:.*]]: memref<1x8xf32> {edgec.output})
// CHECK: kernel.reduce mean %[[X]], %[[Y]] {axes = array<i64: 2, 3>, impl = "edgec_reduce_f32"} : memref<1x8x4x4xf32>, memref<1x8xf32>
func.func @reduce_mean(%x: tensor<1x8x4x4xf32>) -> tensor<1x8xf32> {
  %0 = edge.reduce mean %x {axes = array<i64: 2, 3>, keepdims = false} : (tensor<1x8x4x4xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_f64
// CHECK: kernel.reduce sum_square %{{.*}}, %{{.*}} {axes = array<i64: 1>, impl = "edgec_reduce_f64"} : memref<2x3xf64>, memref<2x1xf64>
func.func @reduce_f64(%x: tensor<2x3xf64>) -> tensor<2x1xf64> {
  %0 = edge.reduce sum_square %x {axes = array<i64: 1>} : (tensor<2x3xf64>) -> tensor<2x1xf64>
  return %0 : tensor<2x1xf64>
}

// -----

// Run-time slice with negative steps; starts are normalized per ONNX:
//   axis 0 (dim 4): start 10 clamps to 3, end 0, step -1 -> 3, 2, 1 (3 elements);
//   axis -1 = 1 (dim 6): start -1 -> 5, end -100 -> clamped to -1, step -2 -> 5, 3, 1.
// CHECK-LABEL: func.func @slice_negative_steps
// CHECK: kernel.slice %{{.*}}, %{{.*}} {impl = "edgec_slice", starts = array<i64: 3, 5>, steps = array<i64: -1, -2>} : memref<4x6xf32>, memref<3x3xf32>
func.func @slice_negative_steps(%x: tensor<4x6xf32>) -> tensor<3x3xf32> {
  %0 = edge.slice %x {starts = array<i64: 10, -1>, ends = array<i64: 0, -100>, axes = array<i64: 0, -1>, steps = array<i64: -1, -2>} : (tensor<4x6xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// Axes not listed keep start 0, step 1; a positive step clamps end to the dim:
// axis 1 (dim 6): 1, 3, 5 -> start 1, step 2.
// CHECK-LABEL: func.func @slice_partial_axes
// CHECK: kernel.slice %{{.*}}, %{{.*}} {impl = "edgec_slice", starts = array<i64: 0, 1, 0>, steps = array<i64: 1, 2, 1>} : memref<2x6x3xi64>, memref<2x3x3xi64>
func.func @slice_partial_axes(%x: tensor<2x6x3xi64>) -> tensor<2x3x3xi64> {
  %0 = edge.slice %x {starts = array<i64: 1>, ends = array<i64: 1000>, axes = array<i64: 1>, steps = array<i64: 2>} : (tensor<2x6x3xi64>) -> tensor<2x3x3xi64>
  return %0 : tensor<2x3x3xi64>
}

// -----

// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[T:.*]]: memref<100x16xf32>, %[[I:.*]]: memref<1x5xi64>, %[[Y:.*]]: memref<1x5x16xf32> {edgec.output})
// CHECK: kernel.gather %[[T]], %[[I]], %[[Y]] {axis = 0 : i64, impl = "edgec_gather"} : memref<100x16xf32>, memref<1x5xi64>, memref<1x5x16xf32>
func.func @gather(%t: tensor<100x16xf32>, %ids: tensor<1x5xi64>) -> tensor<1x5x16xf32> {
  %0 = edge.gather %t, %ids {axis = 0 : i64} : (tensor<100x16xf32>, tensor<1x5xi64>) -> tensor<1x5x16xf32>
  return %0 : tensor<1x5x16xf32>
}

// -----

// CHECK-LABEL: func.func @cast
// CHECK: kernel.cast %{{.*}}, %{{.*}} {impl = "edgec_cast_sat"} : memref<4xf32>, memref<4xi64>
func.func @cast(%x: tensor<4xf32>) -> tensor<4xi64> {
  %0 = edge.cast %x {to = i64} : (tensor<4xf32>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// Scale and mean known only at run time: no folding into a channel affine, the
// batch_norm kernel reads all four parameters (constants as globals).
// CHECK: memref.global "private" constant @[[BIAS:.*]] : memref<3xf32> = dense<0.000000e+00>
// CHECK: memref.global "private" constant @[[VAR:.*]] : memref<3xf32> = dense<1.000000e+00>
// CHECK-LABEL: func.func @batch_norm_runtime
// CHECK-SAME: (%[[X:.*]]: memref<2x3x4xf32>, %[[S:.*]]: memref<3xf32>, %[[M:.*]]: memref<3xf32>, %[[Y:.*]]: memref<2x3x4xf32> {edgec.output})
// CHECK-DAG: %[[B:.*]] = memref.get_global @[[BIAS]]
// CHECK-DAG: %[[V:.*]] = memref.get_global @[[VAR]]
// CHECK-NOT: kernel.channel_affine
// CHECK: kernel.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]], %[[Y]] {axis = 1 : i64, epsilon = 1.000000e-03 : f32, impl = "edgec_batchnorm_f32"} : memref<2x3x4xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<2x3x4xf32>
func.func @batch_norm_runtime(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>, %m: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %b = edge.constant dense<0.0> : tensor<3xf32>
  %v = edge.constant dense<1.0> : tensor<3xf32>
  %0 = edge.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// The NHWC batch_norm normalizes along the last axis.
// CHECK-LABEL: func.func @batch_norm_runtime_nhwc
// CHECK: kernel.batch_norm {{.*}} {axis = 3 : i64, epsilon = 9.99999974E-6 : f32, impl = "edgec_batchnorm_f32"}
func.func @batch_norm_runtime_nhwc(%x: tensor<1x4x4x3xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<1x4x4x3xf32> {
  %0 = edge.batch_norm %x, %s, %b, %m, %v {layout = #edge<layout nhwc>} : (tensor<1x4x4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}

// -----

// Both results are written in place: values into the first output, int64 indices into the second.
// CHECK-LABEL: func.func @max_pool_indices
// CHECK-SAME: (%[[X:.*]]: memref<1x8x8x4xf32>, %[[Y:.*]]: memref<1x4x4x4xf32> {edgec.output}, %[[I:.*]]: memref<1x4x4x4xi64> {edgec.output})
// CHECK: kernel.max_pool_indices %[[X]], %[[Y]], %[[I]] {dilations = array<i64: 1, 1>, impl = "edgec_maxpool_indices_f32", kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : memref<1x8x8x4xf32>, memref<1x4x4x4xf32>, memref<1x4x4x4xi64>
// CHECK-NOT: kernel.copy
func.func @max_pool_indices(%x: tensor<1x8x8x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>) {
  %0, %1 = edge.max_pool_with_indices %x {layout = #edge<layout nhwc>, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x8x8x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>)
  return %0, %1 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>
}

// -----

// CHECK-LABEL: func.func @binary_i32
// CHECK: kernel.binary add %{{.*}}, %{{.*}}, %{{.*}} {impl = "edgec_binary_i32"} : memref<2x3xi32>, memref<3xi32>, memref<2x3xi32>
func.func @binary_i32(%a: tensor<2x3xi32>, %b: tensor<3xi32>) -> tensor<2x3xi32> {
  %0 = edge.binary add %a, %b : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// Integer-safe unary kinds get the typed kernel.
// CHECK-LABEL: func.func @unary_abs_i32
// CHECK: kernel.unary abs %{{.*}}, %{{.*}} {impl = "edgec_unary_i32"} : memref<4xi32>, memref<4xi32>
func.func @unary_abs_i32(%a: tensor<4xi32>) -> tensor<4xi32> {
  %0 = edge.unary abs %a : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @unary_exp_i32(%a: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'exp' on 'i32' is not supported}}
  %0 = edge.unary exp %a : tensor<4xi32>
  return %0 : tensor<4xi32>
}
