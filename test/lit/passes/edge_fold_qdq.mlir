// RUN: edgec-opt %s --split-input-file --edge-fold-qdq | FileCheck %s

!qx = !quant.uniform<i8:f32, 0.05:-3>
!qy = !quant.uniform<i8:f32, 0.1:-128>
!qw = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>
!qb = !quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3}>

// dequantize -> conv -> quantize becomes a conv on quantized types: int8 input and
// output, per-channel weights, int32 bias. A quantized relu folds into its clamp.
// CHECK-LABEL: func.func @conv
// CHECK-NOT: edge.dequantize
// CHECK: %[[C:.*]] = edge.conv %{{.*}}, %{{.*}}, %{{.*}} {act = #edge<act relu>
// CHECK-SAME: (tensor<1x4x4x3x!quant.uniform<i8:f32, 5.000000e-02:-3>>, tensor<2x1x1x3x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-02,2.000000e-02}>>, tensor<2x!quant.uniform<i32:f32:0, {5.000000e-04,1.000000e-03}>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 1.000000e-01:-128>>
// CHECK-NOT: edge.unary
// CHECK: edge.dequantize %[[C]]
func.func @conv(%x: tensor<1x4x4x3xf32>, %w: tensor<2x1x1x3xi8>) -> tensor<1x4x4x2xf32> {
  %b = edge.constant dense<[10, -20]> : tensor<2xi32>
  %xq = edge.quantize %x : tensor<1x4x4x3xf32> -> tensor<1x4x4x3x!qx>
  %xd = edge.dequantize %xq : tensor<1x4x4x3x!qx> -> tensor<1x4x4x3xf32>
  %wq = edge.storage_cast %w : tensor<2x1x1x3xi8> -> tensor<2x1x1x3x!qw>
  %wd = edge.dequantize %wq : tensor<2x1x1x3x!qw> -> tensor<2x1x1x3xf32>
  %bq = edge.storage_cast %b : tensor<2xi32> -> tensor<2x!qb>
  %bd = edge.dequantize %bq : tensor<2x!qb> -> tensor<2xf32>
  %y = edge.conv %xd, %wd, %bd {layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %yq = edge.quantize %y : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!qy>
  %yd = edge.dequantize %yq : tensor<1x4x4x2x!qy> -> tensor<1x4x4x2xf32>
  %r = edge.unary relu %yd : tensor<1x4x4x2xf32>
  %rq = edge.quantize %r : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!qy>
  %rd = edge.dequantize %rq : tensor<1x4x4x2x!qy> -> tensor<1x4x4x2xf32>
  return %rd : tensor<1x4x4x2xf32>
}

// -----

!qx = !quant.uniform<i8:f32, 0.05:-3>
!qy = !quant.uniform<i8:f32, 0.1:-128>
!qw = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>
!qb = !quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3}>

// An int32 bias beyond 2^30 could overflow the kernels' int32 sums: the conv stays float.
// CHECK-LABEL: func.func @huge_bias
// CHECK: edge.conv {{.*}} -> tensor<1x4x4x2xf32>
func.func @huge_bias(%x: tensor<1x4x4x3xf32>, %w: tensor<2x1x1x3xi8>) -> tensor<1x4x4x2xf32> {
  %b = edge.constant dense<[10, 2000000000]> : tensor<2xi32>
  %xq = edge.quantize %x : tensor<1x4x4x3xf32> -> tensor<1x4x4x3x!qx>
  %xd = edge.dequantize %xq : tensor<1x4x4x3x!qx> -> tensor<1x4x4x3xf32>
  %wq = edge.storage_cast %w : tensor<2x1x1x3xi8> -> tensor<2x1x1x3x!qw>
  %wd = edge.dequantize %wq : tensor<2x1x1x3x!qw> -> tensor<2x1x1x3xf32>
  %bq = edge.storage_cast %b : tensor<2xi32> -> tensor<2x!qb>
  %bd = edge.dequantize %bq : tensor<2x!qb> -> tensor<2xf32>
  %y = edge.conv %xd, %wd, %bd {layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %yq = edge.quantize %y : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!qy>
  %yd = edge.dequantize %yq : tensor<1x4x4x2x!qy> -> tensor<1x4x4x2xf32>
  return %yd : tensor<1x4x4x2xf32>
}

// -----

// A float bias becomes int32 at input scale x weight scale: round(0.5 / (0.05 * 0.01)) = 1000.
// CHECK-LABEL: func.func @float_bias
// CHECK: %[[B:.*]] = edge.constant dense<[1000, -250]> : tensor<2xi32>
// CHECK: %[[BQ:.*]] = edge.storage_cast %[[B]] : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32:0, {5.00000{{[0-9]+}}E-4,0.00100000{{[0-9]+}}}>>
// CHECK: edge.conv %{{.*}}, %{{.*}}, %[[BQ]]
func.func @float_bias(%x: tensor<1x4x4x3xf32>, %w: tensor<2x1x1x3xi8>) -> tensor<1x4x4x2xf32> {
  %b = edge.constant dense<[0.5, -0.25]> : tensor<2xf32>
  %xq = edge.quantize %x : tensor<1x4x4x3xf32> -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.05:-3>>
  %xd = edge.dequantize %xq : tensor<1x4x4x3x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<1x4x4x3xf32>
  %wq = edge.storage_cast %w : tensor<2x1x1x3xi8> -> tensor<2x1x1x3x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>
  %wd = edge.dequantize %wq : tensor<2x1x1x3x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>> -> tensor<2x1x1x3xf32>
  %y = edge.conv %xd, %wd, %b {layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %yq = edge.quantize %y : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:-128>>
  %yd = edge.dequantize %yq : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:-128>> -> tensor<1x4x4x2xf32>
  return %yd : tensor<1x4x4x2xf32>
}

// -----

// uint8 activations become int8 (zero point - 128); an op with no integer kernel (softmax)
// stays float between its dequantize and quantize; add takes both inputs as they are.
// CHECK-LABEL: func.func @unsigned_and_fallback
// CHECK: %[[A:.*]] = edge.quantize %arg0 : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<i8:f32, 5.000000e-02:-28>>
// CHECK: %[[S:.*]] = edge.binary add %[[A]], %[[A]] : (tensor<1x8x!quant.uniform<i8:f32, 5.000000e-02:-28>>, tensor<1x8x!quant.uniform<i8:f32, 5.000000e-02:-28>>) -> tensor<1x8x!quant.uniform<i8:f32, 1.000000e-01:-128>>
// CHECK: %[[D:.*]] = edge.dequantize %[[S]]
// CHECK: edge.softmax %[[D]]
func.func @unsigned_and_fallback(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %q = edge.quantize %x : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<u8:f32, 0.05:100>>
  %d = edge.dequantize %q : tensor<1x8x!quant.uniform<u8:f32, 0.05:100>> -> tensor<1x8xf32>
  %s = edge.binary add %d, %d : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %sq = edge.quantize %s : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<i8:f32, 0.1:-128>>
  %sd = edge.dequantize %sq : tensor<1x8x!quant.uniform<i8:f32, 0.1:-128>> -> tensor<1x8xf32>
  %m = edge.softmax %sd {axis = 1 : i64} : tensor<1x8xf32>
  return %m : tensor<1x8xf32>
}

// -----

// Requantization chains collapse; equal parameters cancel.
// CHECK-LABEL: func.func @requantize
// CHECK: %[[Q:.*]] = edge.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 5.000000e-02>>
// CHECK-NEXT: %[[R:.*]] = edge.quantize %[[Q]] : tensor<4x!quant.uniform<i8:f32, 5.000000e-02>> -> tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>
// CHECK-NEXT: return %[[Q]], %[[R]]
func.func @requantize(%x: tensor<4xf32>) -> (tensor<4x!quant.uniform<i8:f32, 0.05>>, tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  %q = edge.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.05>>
  %d = edge.dequantize %q : tensor<4x!quant.uniform<i8:f32, 0.05>> -> tensor<4xf32>
  %same = edge.quantize %d : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.05>>
  %other = edge.quantize %d : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return %same, %other : tensor<4x!quant.uniform<i8:f32, 0.05>>, tensor<4x!quant.uniform<i8:f32, 0.1>>
}
