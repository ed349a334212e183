// RUN: edgec-opt %s --split-input-file --edge-lower-to-kernel | FileCheck %s

// Quantized tensors become buffers of their storage integers; integer kernels carry their
// requantization: offsets, per-channel fixed-point multipliers and shifts (TFLM's
// QuantizeMultiplier of 0.05 * 0.01 / 0.1 = 0.64 * 2^-7 is 1374389504 and shift -7, and
// twice that for the second channel), and the clamp of the fused relu (at the zero point).
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: memref<1x4x4x3xf32>, %[[Y:.*]]: memref<1x4x4x2xf32> {edgec.name = "y", edgec.output})
// CHECK: kernel.quantize %[[X]], %[[Q:.*]] {axis = 0 : i64, impl = "edgec_quantize", scales = array<f32: 5.000000e-02>, zero_points = array<i32: -3>} : memref<1x4x4x3xf32>, memref<1x4x4x3xi8>
// CHECK: kernel.conv %[[Q]], %{{.*}} bias(%{{.*}}), %[[C:.*]] {act = #edge<act relu>
// CHECK-SAME: impl = "edgec_conv_s8"
// CHECK-SAME: output_params = {scales = array<f64: 1.000000e-01>, zero_points = array<i64: -128>}
// CHECK-SAME: quant = {act_max = 127 : i32, act_min = -128 : i32, input_offset = 3 : i32, multiplier = array<i32: 1374389504, 1374389504>, output_offset = -128 : i32, per_channel = 1 : i32, shift = array<i32: -7, -6>}
// CHECK-SAME: memref<1x4x4x3xi8>, memref<2x1x1x3xi8>, memref<2xi32>, memref<1x4x4x2xi8>
// CHECK: kernel.dequantize %[[C]], %[[Y]] {axis = 0 : i64, impl = "edgec_dequantize", scales = array<f32: 1.000000e-01>, zero_points = array<i32: -128>}
func.func @conv(%x: tensor<1x4x4x3xf32>) -> (tensor<1x4x4x2xf32> {edgec.name = "y"}) {
  %w = edge.constant dense<1> : tensor<2x1x1x3xi8>
  %b = edge.constant dense<[10, 20]> : tensor<2xi32>
  %xq = edge.quantize %x : tensor<1x4x4x3xf32> -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.05:-3>>
  %wq = edge.storage_cast %w : tensor<2x1x1x3xi8> -> tensor<2x1x1x3x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>
  %bq = edge.storage_cast %b : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3}>>
  %y = edge.conv %xq, %wq, %bq {act = #edge<act relu>, layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x3x!quant.uniform<i8:f32, 0.05:-3>>, tensor<2x1x1x3x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>, tensor<2x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3}>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:-128>>
  %yd = edge.dequantize %y : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:-128>> -> tensor<1x4x4x2xf32>
  return %yd : tensor<1x4x4x2xf32>
}

// -----

// Add rescales both inputs to twice the larger scale with 20 bits of headroom (TFLM);
// a requantization is one multiplier (0.05 / 0.1 = 0.5 * 2^0); a sigmoid is a table.
// CHECK-LABEL: func.func @elementwise
// CHECK: kernel.binary add {{.*}}impl = "edgec_add_s8", input_params = [{scales = array<f64: 5.000000e-02>, zero_points = array<i64: 0>}, {scales = array<f64: 5.000000e-02>, zero_points = array<i64: 0>}], output_params = {scales = array<f64: 1.000000e-01>, zero_points = array<i64: 0>}, quant = {act_max = 127 : i32, act_min = -128 : i32, input1_multiplier = 1073741824 : i32, input1_offset = 0 : i32, input1_shift = 0 : i32, input2_multiplier = 1073741824 : i32, input2_offset = 0 : i32, input2_shift = 0 : i32, left_shift = 20 : i32, output_multiplier = 1073741824 : i32, output_offset = 0 : i32, output_shift = -19 : i32}
// CHECK: kernel.requantize {{.*}}impl = "edgec_requantize_s8", {{.*}}quant = {act_max = 127 : i32, act_min = -128 : i32, input_offset = 0 : i32, multiplier = array<i32: 1073741824>, output_offset = 0 : i32, shift = array<i32: 0>}
// CHECK: kernel.lookup %{{.*}}, %{{.*}}, %{{.*}} {impl = "edgec_lut_s8", {{.*}}} : memref<4xi8>, memref<256xi8>, memref<4xi8>
func.func @elementwise(%a: tensor<4x!quant.uniform<i8:f32, 0.05>>) -> (tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.00390625:-128>>) {
  %s = edge.binary add %a, %a : (tensor<4x!quant.uniform<i8:f32, 0.05>>, tensor<4x!quant.uniform<i8:f32, 0.05>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  %r = edge.quantize %a : tensor<4x!quant.uniform<i8:f32, 0.05>> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  %g = edge.unary sigmoid %a : tensor<4x!quant.uniform<i8:f32, 0.05>> -> tensor<4x!quant.uniform<i8:f32, 0.00390625:-128>>
  return %s, %r, %g : tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.00390625:-128>>
}
