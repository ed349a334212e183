// RUN: edgec-opt %s --edge-quantize --edge-fold-qdq --edge-dce | FileCheck %s --check-prefix=FOLD
// RUN: edgec-opt %s --edge-quantize --edge-fold-qdq --edge-dce --edge-lower-to-kernel | FileCheck %s --check-prefix=LOWER

// Mixed precision: the conv named in edgec.int16_layers gets a symmetric int16 result over
// twice its observed extent (|-2| .. 8 -> 2 * 8 / 32767), the others stay int8 over their
// clip range. Consumers read the int16 tensor directly: the second conv is a 16x8 conv
// (int16 in, int8 out) whose bias stays float until lowering makes it int64 at input scale
// x weight scale; the add mixes int16 and int8 inputs (left shift 15, TFLM's int16
// headroom); the int16 input's table has 513 entries (TFLM's interpolated lut_int16).
// FOLD-LABEL: func.func @mixed
// FOLD: %[[B:.*]] = edge.constant dense<[5.000000e-01, -2.500000e-01]> : tensor<2xf32>
// FOLD: %[[C1:.*]] = edge.conv %{{.*}} -> tensor<1x4x4x2x!quant.uniform<i16:f32, 4.8829615{{[0-9]*}}E-4>>
// FOLD: %[[C2:.*]] = edge.conv %[[C1]], %{{.*}}, %[[B]] {{.*}} -> tensor<1x4x4x2x!quant.uniform<i8:f32, {{.*}}>>
// FOLD: edge.binary add %[[C1]], %[[C2]] {{.*}} -> tensor<1x4x4x2x!quant.uniform<i8:f32
// FOLD: edge.unary sigmoid %[[C1]] : tensor<1x4x4x2x!quant.uniform<i16:f32, {{.*}}>> -> tensor<1x4x4x2x!quant.uniform<i8:f32

// 0.5 / (4.8829615e-4 x 0.0078740157) = 130044 (rounded), -0.25 / (4.8829615e-4 x 0.031496063) = -16256.
// LOWER: memref.global "private" constant @{{.*}} : memref<2xi64> = dense<[130044, -16256]>
// LOWER: memref.global "private" constant @{{.*}} : memref<513xi16>
// LOWER: func.func @mixed
// LOWER: kernel.conv {{.*}}impl = "edgec_conv_mixed"
// LOWER-SAME: memref<1x4x4x2xi16>
// LOWER: kernel.conv {{.*}}impl = "edgec_conv_mixed"
// LOWER-SAME: memref<2xi64>
// LOWER: kernel.binary {{ *}}add {{.*}}impl = "edgec_add_mixed"
// LOWER-SAME: left_shift = 15
// LOWER: kernel.lookup {{.*}}impl = "edgec_lut_mixed"{{.*}} : memref<1x4x4x2xi16>, memref<513xi16>, memref<1x4x4x2xi8>
module attributes {edgec.quantize = "int8", edgec.int16_layers = ["c1"]} {
func.func @mixed(%x: tensor<1x4x4x2xf32> {edgec.range = array<f32: -1.0, 1.0>}) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = edge.constant dense<[[[[1.0, -0.5]]], [[[-1.0, 4.0]]]]> : tensor<2x1x1x2xf32>
  %c1 = edge.conv %x, %w {layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, edgec.range = array<f32: -1.0, 6.0>, edgec.extent = array<f32: -2.0, 8.0>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> loc("c1")
  %b = edge.constant dense<[0.5, -0.25]> : tensor<2xf32>
  %c2 = edge.conv %c1, %w, %b {layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, edgec.range = array<f32: -4.0, 4.0>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32> loc("c2")
  %s = edge.binary add %c1, %c2 {edgec.range = array<f32: -8.0, 8.0>} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> loc("sum")
  %g = edge.unary sigmoid %c1 {edgec.range = array<f32: 0.0, 1.0>} : tensor<1x4x4x2xf32> loc("sig")
  return %s, %g : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}
}
