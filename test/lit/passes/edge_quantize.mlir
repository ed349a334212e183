// RUN: edgec-opt %s --split-input-file --edge-prepare-quantization --edge-quantize | FileCheck %s

// Calibrated ranges become quantize -> dequantize pairs with asymmetric int8 parameters
// (range [-1, 3]: scale 4/255, zero point -128 + round(1 / scale) = -64); weights become
// symmetric int8 per output channel (max |w| / 127); data movement keeps its input's type.
// CHECK-LABEL: func.func @ranges
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>)
// CHECK-NOT: edgec.range
// CHECK: %[[XQ:.*]] = edge.quantize %[[X]] : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.015686275{{[0-9]*}}:-64>>
// CHECK: %[[XD:.*]] = edge.dequantize %[[XQ]]
// CHECK: %[[W:.*]] = edge.constant dense<{{\[\[\[\[}}127, -64]]], {{\[\[\[}}-32, 127]]]]> : tensor<2x1x1x2xi8>
// CHECK: %[[WQ:.*]] = edge.storage_cast %[[W]] : tensor<2x1x1x2xi8> -> tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.0078740157{{[0-9]*}},0.031496062{{[0-9]*}}}>>
// CHECK: %[[C:.*]] = edge.conv %[[XD]], %{{.*}}
// CHECK: %[[CQ:.*]] = edge.quantize %[[C]] : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.0235294{{[0-9]*}}:-128>>
// CHECK: %[[R:.*]] = edge.reshape %{{.*}} : tensor<1x4x4x2xf32> -> tensor<1x32xf32>
// CHECK: edge.quantize %[[R]] : tensor<1x32xf32> -> tensor<1x32x!quant.uniform<i8:f32, 0.0235294{{[0-9]*}}:-128>>
module attributes {edgec.quantize = "int8"} {
func.func @ranges(%x: tensor<1x4x4x2xf32> {edgec.range = array<f32: -1.0, 3.0>}) -> tensor<1x32xf32> {
  %w = edge.constant dense<[[[[1.0, -0.5]]], [[[-1.0, 4.0]]]]> : tensor<2x1x1x2xf32>
  %c = edge.conv %x, %w {layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, edgec.range = array<f32: 0.0, 6.0>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %r = edge.reshape %c : tensor<1x4x4x2xf32> -> tensor<1x32xf32>
  return %r : tensor<1x32xf32>
}
}

// -----

// Before calibration: a fused activation that is not a clamp becomes its own op (an int8
// table after the int8 conv); MatMul by a constant becomes the fully connected Gemm with B^T.
// CHECK-LABEL: func.func @prepare
// CHECK: %[[C:.*]] = edge.conv
// CHECK-NOT: act = #edge<act hard_swish>
// CHECK: edge.unary hard_swish %[[C]]
// CHECK: %[[WT:.*]] = edge.constant dense<{{\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: edge.gemm %{{.*}}, %{{.*}} {trans_b = true}
module attributes {edgec.quantize = "int8"} {
func.func @prepare(%x: tensor<1x4x4x2xf32>, %a: tensor<3x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<3x2xf32>) {
  %w = edge.constant dense<1.0> : tensor<2x1x1x2xf32>
  %c = edge.conv %x, %w {act = #edge<act hard_swish>, layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %b = edge.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %m = edge.matmul %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  return %c, %m : tensor<1x4x4x2xf32>, tensor<3x2xf32>
}
}

// -----

// Without --quantize (no edgec.quantize on the module) both passes leave the graph alone.
// CHECK-LABEL: func.func @float
// CHECK-NOT: edge.quantize
// CHECK: edge.conv {{.*}}act = #edge<act hard_swish>
func.func @float(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = edge.constant dense<1.0> : tensor<2x1x1x2xf32>
  %c = edge.conv %x, %w {act = #edge<act hard_swish>, layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, edgec.range = array<f32: 0.0, 6.0>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  return %c : tensor<1x4x4x2xf32>
}
