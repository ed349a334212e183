// RUN: edgec-opt %s --split-input-file | edgec-opt --split-input-file | FileCheck %s
// RUN: edgec-opt %s --split-input-file --mlir-print-op-generic | edgec-opt --split-input-file | FileCheck %s

// Round trip of the kernel ops added for issue 3.

// CHECK-LABEL: func.func @conv_transpose
// CHECK-SAME: (%[[IN:.*]]: memref<1x3x3x2xf32>, %[[W:.*]]: memref<2x3x3x4xf32>, %[[B:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<1x7x7x4xf32>)
func.func @conv_transpose(%in: memref<1x3x3x2xf32>, %w: memref<2x3x3x4xf32>, %b: memref<4xf32>, %out: memref<1x7x7x4xf32>) {
  // CHECK: kernel.conv_transpose %[[IN]], %[[W]], %[[OUT]] {dilations = array<i64: 1, 1>, group = 1 : i64, impl = "edgec_conv_transpose_f32", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : memref<1x3x3x2xf32>, memref<2x3x3x4xf32>, memref<1x7x7x4xf32>
  kernel.conv_transpose %in, %w, %out {impl = "edgec_conv_transpose_f32", group = 1 : i64, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x3x3x2xf32>, memref<2x3x3x4xf32>, memref<1x7x7x4xf32>
  // CHECK: kernel.conv_transpose %[[IN]], %[[W]] bias(%[[B]]), %[[OUT]] {act = #edge<act leaky_relu>, act_alpha = 1.000000e-01 : f32, dilations = array<i64: 1, 1>, group = 1 : i64, impl = "edgec_conv_transpose_f32", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  // CHECK-SAME: : memref<1x3x3x2xf32>, memref<2x3x3x4xf32>, memref<4xf32>, memref<1x7x7x4xf32>
  kernel.conv_transpose %in, %w bias(%b), %out {impl = "edgec_conv_transpose_f32", group = 1 : i64, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, act = #edge<act leaky_relu>, act_alpha = 0.1 : f32} : memref<1x3x3x2xf32>, memref<2x3x3x4xf32>, memref<4xf32>, memref<1x7x7x4xf32>
  return
}

// -----

// CHECK-LABEL: func.func @pad
func.func @pad(%x: memref<2x2xf32>, %y: memref<4x4xf32>) {
  // CHECK: kernel.pad %{{.*}}, %{{.*}} {impl = "edgec_pad", mode = #edge<pad_mode edge>, pads = array<i64: 1, 1, 1, 1>} : memref<2x2xf32>, memref<4x4xf32>
  kernel.pad %x, %y {impl = "edgec_pad", mode = #edge<pad_mode edge>, pads = array<i64: 1, 1, 1, 1>} : memref<2x2xf32>, memref<4x4xf32>
  // CHECK: kernel.pad %{{.*}}, %{{.*}} {impl = "edgec_pad", mode = #edge<pad_mode constant>, pads = array<i64: 2, 0, 0, 2>, value = -1.000000e+00 : f32} : memref<2x2xf32>, memref<4x4xf32>
  kernel.pad %x, %y {impl = "edgec_pad", mode = #edge<pad_mode constant>, pads = array<i64: 2, 0, 0, 2>, value = -1.0 : f32} : memref<2x2xf32>, memref<4x4xf32>
  return
}

// -----

// CHECK-LABEL: func.func @resize
func.func @resize(%x: memref<1x4x4x2xf32>, %y: memref<1x8x8x2xf32>) {
  // CHECK: kernel.resize %{{.*}}, %{{.*}} {coord_mode = #edge<coord_mode half_pixel>, cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, impl = "edgec_resize_f32", mode = #edge<resize_mode linear>, nearest_mode = #edge<nearest_mode floor>, roi = array<f32>, scales = array<f32: 1.000000e+00, 2.000000e+00, 2.000000e+00, 1.000000e+00>} : memref<1x4x4x2xf32>, memref<1x8x8x2xf32>
  kernel.resize %x, %y {impl = "edgec_resize_f32", scales = array<f32: 1.0, 2.0, 2.0, 1.0>, roi = array<f32>, mode = #edge<resize_mode linear>, coord_mode = #edge<coord_mode half_pixel>, nearest_mode = #edge<nearest_mode floor>, cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32} : memref<1x4x4x2xf32>, memref<1x8x8x2xf32>
  // CHECK: kernel.resize %{{.*}}, %{{.*}} {coord_mode = #edge<coord_mode tf_crop_and_resize>, cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = true, extrapolation_value = 1.000000e+00 : f32, from_sizes = true, impl = "edgec_resize_f32", mode = #edge<resize_mode cubic>, nearest_mode = #edge<nearest_mode round_prefer_ceil>, roi = array<f32: 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 5.000000e-01, 5.000000e-01, 1.000000e+00>, scales = array<f32: 1.000000e+00, 2.000000e+00, 2.000000e+00, 1.000000e+00>}
  kernel.resize %x, %y {impl = "edgec_resize_f32", scales = array<f32: 1.0, 2.0, 2.0, 1.0>, roi = array<f32: 0.0, 0.0, 0.0, 0.0, 1.0, 0.5, 0.5, 1.0>, mode = #edge<resize_mode cubic>, coord_mode = #edge<coord_mode tf_crop_and_resize>, nearest_mode = #edge<nearest_mode round_prefer_ceil>, cubic_coeff_a = -0.5 : f32, exclude_outside = true, extrapolation_value = 1.0 : f32, from_sizes = true} : memref<1x4x4x2xf32>, memref<1x8x8x2xf32>
  return
}

// -----

// CHECK-LABEL: func.func @reduce
func.func @reduce(%x: memref<1x4x4x8xf32>, %y: memref<1x8xf32>, %a: memref<2x3xf64>, %b: memref<2x1xf64>) {
  // CHECK: kernel.reduce mean %{{.*}}, %{{.*}} {axes = array<i64: 1, 2>, impl = "edgec_reduce_f32"} : memref<1x4x4x8xf32>, memref<1x8xf32>
  kernel.reduce mean %x, %y {impl = "edgec_reduce_f32", axes = array<i64: 1, 2>} : memref<1x4x4x8xf32>, memref<1x8xf32>
  // CHECK: kernel.reduce sum_square %{{.*}}, %{{.*}} {axes = array<i64: 1>, impl = "edgec_reduce_f64"} : memref<2x3xf64>, memref<2x1xf64>
  kernel.reduce sum_square %a, %b {impl = "edgec_reduce_f64", axes = array<i64: 1>} : memref<2x3xf64>, memref<2x1xf64>
  return
}

// -----

// CHECK-LABEL: func.func @slice
func.func @slice(%x: memref<4x6xf32>, %y: memref<4x3xf32>) {
  // CHECK: kernel.slice %{{.*}}, %{{.*}} {impl = "edgec_slice", starts = array<i64: 0, 5>, steps = array<i64: 1, -2>} : memref<4x6xf32>, memref<4x3xf32>
  kernel.slice %x, %y {impl = "edgec_slice", starts = array<i64: 0, 5>, steps = array<i64: 1, -2>} : memref<4x6xf32>, memref<4x3xf32>
  return
}

// -----

// CHECK-LABEL: func.func @gather
func.func @gather(%t: memref<100x16xf32>, %ids: memref<1x5xi64>, %y: memref<1x5x16xf32>) {
  // CHECK: kernel.gather %{{.*}}, %{{.*}}, %{{.*}} {axis = 0 : i64, impl = "edgec_gather"} : memref<100x16xf32>, memref<1x5xi64>, memref<1x5x16xf32>
  kernel.gather %t, %ids, %y {impl = "edgec_gather", axis = 0 : i64} : memref<100x16xf32>, memref<1x5xi64>, memref<1x5x16xf32>
  return
}

// -----

// CHECK-LABEL: func.func @cast
func.func @cast(%x: memref<4xf32>, %y: memref<4xi64>, %z: memref<4xi1>) {
  // CHECK: kernel.cast %{{.*}}, %{{.*}} {impl = "edgec_cast"} : memref<4xf32>, memref<4xi64>
  kernel.cast %x, %y {impl = "edgec_cast"} : memref<4xf32>, memref<4xi64>
  // CHECK: kernel.cast %{{.*}}, %{{.*}} {impl = "edgec_cast"} : memref<4xi64>, memref<4xi1>
  kernel.cast %y, %z {impl = "edgec_cast"} : memref<4xi64>, memref<4xi1>
  return
}

// -----

// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.*]]: memref<2x3x4xf32>, %[[S:.*]]: memref<3xf32>, %[[B:.*]]: memref<3xf32>, %[[M:.*]]: memref<3xf32>, %[[V:.*]]: memref<3xf32>, %[[Y:.*]]: memref<2x3x4xf32>)
func.func @batch_norm(%x: memref<2x3x4xf32>, %s: memref<3xf32>, %b: memref<3xf32>, %m: memref<3xf32>, %v: memref<3xf32>, %y: memref<2x3x4xf32>) {
  // CHECK: kernel.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]], %[[Y]] {axis = 1 : i64, epsilon = 9.99999974E-6 : f32, impl = "edgec_batchnorm_f32"} : memref<2x3x4xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<2x3x4xf32>
  kernel.batch_norm %x, %s, %b, %m, %v, %y {impl = "edgec_batchnorm_f32", axis = 1 : i64, epsilon = 1.0e-05 : f32} : memref<2x3x4xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<2x3x4xf32>
  return
}

// -----

// CHECK-LABEL: func.func @max_pool_indices
// CHECK-SAME: (%[[X:.*]]: memref<1x8x8x4xf32>, %[[Y:.*]]: memref<1x4x4x4xf32>, %[[I:.*]]: memref<1x4x4x4xi64>)
func.func @max_pool_indices(%x: memref<1x8x8x4xf32>, %y: memref<1x4x4x4xf32>, %i: memref<1x4x4x4xi64>) {
  // CHECK: kernel.max_pool_indices %[[X]], %[[Y]], %[[I]] {dilations = array<i64: 1, 1>, impl = "edgec_maxpool_indices_f32", kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : memref<1x8x8x4xf32>, memref<1x4x4x4xf32>, memref<1x4x4x4xi64>
  kernel.max_pool_indices %x, %y, %i {impl = "edgec_maxpool_indices_f32", kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x8x8x4xf32>, memref<1x4x4x4xf32>, memref<1x4x4x4xi64>
  return
}
