// RUN: edgec-opt %s --split-input-file --verify-diagnostics -canonicalize | FileCheck %s

// Quantized tensors carry MLIR's quant types: per tensor for activations, per axis for
// weights; storage_cast joins them with ONNX's integer tensors.
// CHECK-LABEL: func.func @roundtrip
// CHECK: edge.quantize %{{.*}} : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK: edge.quantize %{{.*}} : tensor<1x4x!quant.uniform<i8:f32, 5.000000e-02:-3>> -> tensor<1x4x!quant.uniform<i8:f32, 1.000000e-01>>
// CHECK: edge.storage_cast %{{.*}} : tensor<2x3xi8> -> tensor<2x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01}>>
// CHECK: edge.dequantize %{{.*}} : tensor<2x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01}>> -> tensor<2x3xf32>
// CHECK: edge.unary sigmoid %{{.*}} : tensor<1x4x!quant.uniform<i8:f32, 5.000000e-02:-3>> -> tensor<1x4x!quant.uniform<i8:f32, 3.906250e-03:-128>>
func.func @roundtrip(%x: tensor<1x4xf32>, %w: tensor<2x3xi8>) -> (tensor<1x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x3xf32>, tensor<1x4x!quant.uniform<i8:f32, 0.00390625:-128>>) {
  %q = edge.quantize %x : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<i8:f32, 0.05:-3>>
  %r = edge.quantize %q : tensor<1x4x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<1x4x!quant.uniform<i8:f32, 0.1>>
  %c = edge.storage_cast %w : tensor<2x3xi8> -> tensor<2x3x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  %d = edge.dequantize %c : tensor<2x3x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<2x3xf32>
  %s = edge.unary sigmoid %q : tensor<1x4x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<1x4x!quant.uniform<i8:f32, 0.00390625:-128>>
  return %r, %d, %s : tensor<1x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x3xf32>, tensor<1x4x!quant.uniform<i8:f32, 0.00390625:-128>>
}

// -----

// Casting there and back folds away.
// CHECK-LABEL: func.func @storage_cast_fold
// CHECK-NEXT: return %arg0
func.func @storage_cast_fold(%w: tensor<4xi8>) -> tensor<4xi8> {
  %c = edge.storage_cast %w : tensor<4xi8> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  %b = edge.storage_cast %c : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4xi8>
  return %b : tensor<4xi8>
}

// -----

func.func @per_axis_mismatch(%w: tensor<3x2xi8>) -> tensor<3x2xf32> {
  %c = edge.storage_cast %w : tensor<3x2xi8> -> tensor<3x2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  // expected-error @-1 {{per-axis parameters (2 on axis 0) do not match shape 3x2}}
  %d = edge.dequantize %c : tensor<3x2x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<3x2xf32>
  return %d : tensor<3x2xf32>
}

// -----

func.func @storage_mismatch(%w: tensor<4xi16>) -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
  // expected-error @+1 {{is not stored as}}
  %c = edge.storage_cast %w : tensor<4xi16> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  return %c : tensor<4x!quant.uniform<i8:f32, 0.5>>
}

// -----

func.func @dequantize_to_int(%q: tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4xi32> {
  // expected-error @+1 {{expected a float result}}
  %d = edge.dequantize %q : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4xi32>
  return %d : tensor<4xi32>
}

// -----

func.func @float_unary_changes_type(%x: tensor<4xf32>) -> tensor<4xf16> {
  // expected-error @+1 {{only a quantized op may change its scale}}
  %y = edge.unary relu %x : tensor<4xf32> -> tensor<4xf16>
  return %y : tensor<4xf16>
}
