// RUN: edgec-opt %s --split-input-file --edge-fold-qdq | FileCheck %s

!qx = !quant.uniform<i8:f32, 0.05:-3>
!qy = !quant.uniform<i8:f32, 0.1:-128>
!qw = !quant.uniform<i8:f32:1, {0.01, 0.02, 0.03}>

// A 2-D matmul by a per-column int8 constant becomes an integer gemm on the weights stored
// transposed ([N, K], per row): no reshape, no float left.
// CHECK-LABEL: func.func @per_channel_2d
// CHECK-NOT: edge.dequantize %{{.*}} -> tensor<2x3xf32>
// CHECK: %[[W:.*]] = edge.constant dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi8>
// CHECK: %[[WQ:.*]] = edge.storage_cast %[[W]] : tensor<3x2xi8> -> tensor<3x2x!quant.uniform<i8:f32:0, {1.000000e-02,2.000000e-02,3.000000e-02}>>
// CHECK: %[[G:.*]] = edge.gemm %{{.*}}, %[[WQ]] {edgec.round_even, trans_b = true} : (tensor<4x2x!quant.uniform<i8:f32, 5.000000e-02:-3>>, tensor<3x2x!quant.uniform<i8:f32:0, {1.000000e-02,2.000000e-02,3.000000e-02}>>) -> tensor<4x3x!quant.uniform<i8:f32, 1.000000e-01:-128>>
// CHECK-NOT: edge.matmul
// CHECK: edge.dequantize %[[G]]
func.func @per_channel_2d(%x: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = edge.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %xq = edge.quantize %x : tensor<4x2xf32> -> tensor<4x2x!qx>
  %xd = edge.dequantize %xq : tensor<4x2x!qx> -> tensor<4x2xf32>
  %wq = edge.storage_cast %w : tensor<2x3xi8> -> tensor<2x3x!qw>
  %wd = edge.dequantize %wq : tensor<2x3x!qw> -> tensor<2x3xf32>
  %y = edge.matmul %xd, %wd : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %yq = edge.quantize %y : tensor<4x3xf32> -> tensor<4x3x!qy>
  %yd = edge.dequantize %yq : tensor<4x3x!qy> -> tensor<4x3xf32>
  return %yd : tensor<4x3xf32>
}

// -----

!qx = !quant.uniform<i8:f32, 0.05:-3>
!qy = !quant.uniform<i8:f32, 0.1:-128>
!qw = !quant.uniform<i8:f32, 0.01>

// A 3-D activation is reshaped to [rows, K] (same parameters), the integer gemm runs on the
// per-tensor weights, and the result is reshaped back.
// CHECK-LABEL: func.func @per_tensor_3d
// CHECK: %[[R:.*]] = edge.reshape %{{.*}} : tensor<2x4x2x!quant.uniform<i8:f32, 5.000000e-02:-3>> -> tensor<8x2x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK: %[[G:.*]] = edge.gemm %[[R]], %{{.*}} {edgec.round_even, trans_b = true} : (tensor<8x2x!quant.uniform<i8:f32, 5.000000e-02:-3>>, tensor<3x2x!quant.uniform<i8:f32, 1.000000e-02>>) -> tensor<8x3x!quant.uniform<i8:f32, 1.000000e-01:-128>>
// CHECK: %[[B:.*]] = edge.reshape %[[G]] : tensor<8x3x!quant.uniform<i8:f32, 1.000000e-01:-128>> -> tensor<2x4x3x!quant.uniform<i8:f32, 1.000000e-01:-128>>
// CHECK-NOT: edge.matmul
// CHECK: edge.dequantize %[[B]]
func.func @per_tensor_3d(%x: tensor<2x4x2xf32>) -> tensor<2x4x3xf32> {
  %w = edge.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %xq = edge.quantize %x : tensor<2x4x2xf32> -> tensor<2x4x2x!qx>
  %xd = edge.dequantize %xq : tensor<2x4x2x!qx> -> tensor<2x4x2xf32>
  %wq = edge.storage_cast %w : tensor<2x3xi8> -> tensor<2x3x!qw>
  %wd = edge.dequantize %wq : tensor<2x3x!qw> -> tensor<2x3xf32>
  %y = edge.matmul %xd, %wd : (tensor<2x4x2xf32>, tensor<2x3xf32>) -> tensor<2x4x3xf32>
  %yq = edge.quantize %y : tensor<2x4x3xf32> -> tensor<2x4x3x!qy>
  %yd = edge.dequantize %yq : tensor<2x4x3x!qy> -> tensor<2x4x3xf32>
  return %yd : tensor<2x4x3xf32>
}

// -----

!qx = !quant.uniform<u8:f32, 0.05:125>
!qy = !quant.uniform<u8:f32, 0.1:0>
!qw = !quant.uniform<i8:f32:1, {0.01, 0.02, 0.03}>

// uint8 activations (onnxruntime's default) become int8 first; a float bias Add straight after
// the matmul folds into the gemm as int32 at input scale x weight scale:
// round(0.5 / (0.05 * 0.01)) = 1000, round(-0.25 / (0.05 * 0.02)) = -250, round(1.5 / (0.05 * 0.03)) = 1000.
// CHECK-LABEL: func.func @bias_3d
// CHECK: %[[B:.*]] = edge.constant dense<[1000, -250, 1000]> : tensor<3xi32>
// CHECK: %[[XQ:.*]] = edge.quantize %arg0 : tensor<1x4x2xf32> -> tensor<1x4x2x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK: %[[BQ:.*]] = edge.storage_cast %[[B]]
// CHECK: %[[R:.*]] = edge.reshape %[[XQ]] : tensor<1x4x2x!quant.uniform<i8:f32, 5.000000e-02:-3>> -> tensor<4x2x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK: %[[G:.*]] = edge.gemm %[[R]], %{{.*}}, %[[BQ]] {edgec.round_even, trans_b = true} : ({{.*}}) -> tensor<4x3x!quant.uniform<i8:f32, 1.000000e-01:-128>>
// CHECK: edge.reshape %[[G]] : tensor<4x3x!quant.uniform<i8:f32, 1.000000e-01:-128>> -> tensor<1x4x3x!quant.uniform<i8:f32, 1.000000e-01:-128>>
// CHECK-NOT: edge.binary
// CHECK-NOT: edge.matmul
func.func @bias_3d(%x: tensor<1x4x2xf32>) -> tensor<1x4x3xf32> {
  %w = edge.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %b = edge.constant dense<[0.5, -0.25, 1.5]> : tensor<3xf32>
  %xq = edge.quantize %x : tensor<1x4x2xf32> -> tensor<1x4x2x!qx>
  %xd = edge.dequantize %xq : tensor<1x4x2x!qx> -> tensor<1x4x2xf32>
  %wq = edge.storage_cast %w : tensor<2x3xi8> -> tensor<2x3x!qw>
  %wd = edge.dequantize %wq : tensor<2x3x!qw> -> tensor<2x3xf32>
  %y = edge.matmul %xd, %wd : (tensor<1x4x2xf32>, tensor<2x3xf32>) -> tensor<1x4x3xf32>
  %s = edge.binary add %b, %y : (tensor<3xf32>, tensor<1x4x3xf32>) -> tensor<1x4x3xf32>
  %sq = edge.quantize %s : tensor<1x4x3xf32> -> tensor<1x4x3x!qy>
  %sd = edge.dequantize %sq : tensor<1x4x3x!qy> -> tensor<1x4x3xf32>
  return %sd : tensor<1x4x3xf32>
}

// -----

!qx = !quant.uniform<i8:f32, 0.05:-3>
!qy = !quant.uniform<i8:f32, 0.1:-128>
!qw = !quant.uniform<i8:f32, 0.01>
!qb = !quant.uniform<i32:f32, 5.0e-4>

// A quantized int32 bias (QDQ's own form) at input scale x weight scale is taken as stored,
// and a relu on the sum becomes the gemm's clamp.
// CHECK-LABEL: func.func @int32_bias_relu_2d
// CHECK: %[[B:.*]] = edge.constant dense<[7, -8, 9]> : tensor<3xi32>
// CHECK: %[[BQ:.*]] = edge.storage_cast %[[B]]
// CHECK: %[[G:.*]] = edge.gemm %{{.*}}, %{{.*}}, %[[BQ]] {act = #edge<act relu>{{.*}}trans_b = true}
// CHECK-NOT: edge.binary
// CHECK-NOT: edge.unary
// CHECK: edge.dequantize %[[G]]
func.func @int32_bias_relu_2d(%x: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = edge.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %b = edge.constant dense<[7, -8, 9]> : tensor<3xi32>
  %xq = edge.quantize %x : tensor<4x2xf32> -> tensor<4x2x!qx>
  %xd = edge.dequantize %xq : tensor<4x2x!qx> -> tensor<4x2xf32>
  %wq = edge.storage_cast %w : tensor<2x3xi8> -> tensor<2x3x!qw>
  %wd = edge.dequantize %wq : tensor<2x3x!qw> -> tensor<2x3xf32>
  %bq = edge.storage_cast %b : tensor<3xi32> -> tensor<3x!qb>
  %bd = edge.dequantize %bq : tensor<3x!qb> -> tensor<3xf32>
  %y = edge.matmul %xd, %wd : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %s = edge.binary add %y, %bd : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %sq = edge.quantize %s : tensor<4x3xf32> -> tensor<4x3x!qy>
  %sd = edge.dequantize %sq : tensor<4x3x!qy> -> tensor<4x3xf32>
  %r = edge.unary relu %sd : tensor<4x3xf32>
  %rq = edge.quantize %r : tensor<4x3xf32> -> tensor<4x3x!qy>
  %rd = edge.dequantize %rq : tensor<4x3x!qy> -> tensor<4x3xf32>
  return %rd : tensor<4x3xf32>
}

// -----

!qx = !quant.uniform<i8:f32, 0.05:-3>
!qy = !quant.uniform<i8:f32, 0.1:-128>
!qw = !quant.uniform<i8:f32:1, {0.01, 0.02, 0.03}>

// The bias Add of a QDQ export (Smart Turn) comes after the matmul's quantize and stays a
// float Add on the dequantized gemm: ONNX rounds the matmul before adding the bias.
// CHECK-LABEL: func.func @bias_after_quantize
// CHECK: %[[G:.*]] = edge.gemm
// CHECK: %[[D:.*]] = edge.dequantize %[[G]]
// CHECK: edge.binary add %[[D]], %{{.*}} : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
func.func @bias_after_quantize(%x: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = edge.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %b = edge.constant dense<[0.5, -0.25, 1.5]> : tensor<3xf32>
  %xq = edge.quantize %x : tensor<4x2xf32> -> tensor<4x2x!qx>
  %xd = edge.dequantize %xq : tensor<4x2x!qx> -> tensor<4x2xf32>
  %wq = edge.storage_cast %w : tensor<2x3xi8> -> tensor<2x3x!qw>
  %wd = edge.dequantize %wq : tensor<2x3x!qw> -> tensor<2x3xf32>
  %y = edge.matmul %xd, %wd : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %yq = edge.quantize %y : tensor<4x3xf32> -> tensor<4x3x!qy>
  %yd = edge.dequantize %yq : tensor<4x3x!qy> -> tensor<4x3xf32>
  %s = edge.binary add %yd, %b : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %s : tensor<4x3xf32>
}

// -----

!qx = !quant.uniform<i8:f32, 0.05:-3>
!qy = !quant.uniform<i8:f32, 0.1:-128>

// B is an activation (attention scores): no integer kernel, the matmul stays float.
// CHECK-LABEL: func.func @activation_b
// CHECK: edge.matmul {{.*}}edgec.float_reason = "no integer kernel for a matmul whose B is not a constant"{{.*}} -> tensor<4x3xf32>
// CHECK-NOT: edge.gemm
func.func @activation_b(%x: tensor<4x2xf32>, %v: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %xq = edge.quantize %x : tensor<4x2xf32> -> tensor<4x2x!qx>
  %xd = edge.dequantize %xq : tensor<4x2x!qx> -> tensor<4x2xf32>
  %vq = edge.quantize %v : tensor<2x3xf32> -> tensor<2x3x!qx>
  %vd = edge.dequantize %vq : tensor<2x3x!qx> -> tensor<2x3xf32>
  %y = edge.matmul %xd, %vd : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %yq = edge.quantize %y : tensor<4x3xf32> -> tensor<4x3x!qy>
  %yd = edge.dequantize %yq : tensor<4x3x!qy> -> tensor<4x3xf32>
  return %yd : tensor<4x3xf32>
}

// -----

!qx = !quant.uniform<i8:f32, 0.05:-3>
!qy = !quant.uniform<i8:f32, 0.1:-128>
!qw = !quant.uniform<u8:f32, 0.01:128>

// uint8 weights with a zero point: the integer kernels take symmetric int8 only.
// CHECK-LABEL: func.func @uint8_weights
// CHECK: edge.matmul {{.*}}edgec.float_reason = "weights do not fit the integer gemm{{.*}} -> tensor<4x3xf32>
// CHECK-NOT: edge.gemm
func.func @uint8_weights(%x: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = edge.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xui8>
  %xq = edge.quantize %x : tensor<4x2xf32> -> tensor<4x2x!qx>
  %xd = edge.dequantize %xq : tensor<4x2x!qx> -> tensor<4x2xf32>
  %wq = edge.storage_cast %w : tensor<2x3xui8> -> tensor<2x3x!qw>
  %wd = edge.dequantize %wq : tensor<2x3x!qw> -> tensor<2x3xf32>
  %y = edge.matmul %xd, %wd : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %yq = edge.quantize %y : tensor<4x3xf32> -> tensor<4x3x!qy>
  %yd = edge.dequantize %yq : tensor<4x3x!qy> -> tensor<4x3xf32>
  return %yd : tensor<4x3xf32>
}

// -----

!qx = !quant.uniform<i8:f32, 0.05:-3>
!qy = !quant.uniform<i8:f32, 0.1:-128>
!qw = !quant.uniform<i8:f32:0, {0.01, 0.02}>

// Weights quantized per row (axis 0, along K) cannot be rescaled per output: stays float.
// CHECK-LABEL: func.func @per_row_weights
// CHECK: edge.matmul {{.*}} -> tensor<4x3xf32>
// CHECK-NOT: edge.gemm
func.func @per_row_weights(%x: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = edge.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %xq = edge.quantize %x : tensor<4x2xf32> -> tensor<4x2x!qx>
  %xd = edge.dequantize %xq : tensor<4x2x!qx> -> tensor<4x2xf32>
  %wq = edge.storage_cast %w : tensor<2x3xi8> -> tensor<2x3x!qw>
  %wd = edge.dequantize %wq : tensor<2x3x!qw> -> tensor<2x3xf32>
  %y = edge.matmul %xd, %wd : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %yq = edge.quantize %y : tensor<4x3xf32> -> tensor<4x3x!qy>
  %yd = edge.dequantize %yq : tensor<4x3x!qy> -> tensor<4x3xf32>
  return %yd : tensor<4x3xf32>
}

// -----

!qx = !quant.uniform<i8:f32, 0.05:-3>
!qw = !quant.uniform<i8:f32, 0.01>

// No quantize after the matmul (a float result): nothing to fold.
// CHECK-LABEL: func.func @float_result
// CHECK: edge.matmul {{.*}} -> tensor<4x3xf32>
// CHECK-NOT: edge.gemm
func.func @float_result(%x: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = edge.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %xq = edge.quantize %x : tensor<4x2xf32> -> tensor<4x2x!qx>
  %xd = edge.dequantize %xq : tensor<4x2x!qx> -> tensor<4x2xf32>
  %wq = edge.storage_cast %w : tensor<2x3xi8> -> tensor<2x3x!qw>
  %wd = edge.dequantize %wq : tensor<2x3x!qw> -> tensor<2x3xf32>
  %y = edge.matmul %xd, %wd : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

!qx = !quant.uniform<i8:f32, 0.05:-3>
!qy = !quant.uniform<i8:f32, 0.1:-128>
!qw = !quant.uniform<i8:f32, 0.01>

// Batched weights ([B, K, N]) are not one fully-connected layer: stays float.
// CHECK-LABEL: func.func @batched_weights
// CHECK: edge.matmul {{.*}} -> tensor<2x4x3xf32>
// CHECK-NOT: edge.gemm
func.func @batched_weights(%x: tensor<2x4x2xf32>) -> tensor<2x4x3xf32> {
  %w = edge.constant dense<1> : tensor<2x2x3xi8>
  %xq = edge.quantize %x : tensor<2x4x2xf32> -> tensor<2x4x2x!qx>
  %xd = edge.dequantize %xq : tensor<2x4x2x!qx> -> tensor<2x4x2xf32>
  %wq = edge.storage_cast %w : tensor<2x2x3xi8> -> tensor<2x2x3x!qw>
  %wd = edge.dequantize %wq : tensor<2x2x3x!qw> -> tensor<2x2x3xf32>
  %y = edge.matmul %xd, %wd : (tensor<2x4x2xf32>, tensor<2x2x3xf32>) -> tensor<2x4x3xf32>
  %yq = edge.quantize %y : tensor<2x4x3xf32> -> tensor<2x4x3x!qy>
  %yd = edge.dequantize %yq : tensor<2x4x3x!qy> -> tensor<2x4x3xf32>
  return %yd : tensor<2x4x3xf32>
}

// -----

!qx = !quant.uniform<i8:f32, 0.05:-3>
!qy = !quant.uniform<i8:f32, 0.1:-128>
!qw = !quant.uniform<i8:f32, 0.01>
!qb = !quant.uniform<i32:f32, 5.0e-4>

// A one-element bias broadcast over the columns is not a gemm bias: stays float.
// CHECK-LABEL: func.func @broadcast_bias
// CHECK: edge.matmul {{.*}} -> tensor<4x3xf32>
// CHECK: edge.binary add
// CHECK-NOT: edge.gemm
func.func @broadcast_bias(%x: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = edge.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %b = edge.constant dense<[7]> : tensor<1xi32>
  %xq = edge.quantize %x : tensor<4x2xf32> -> tensor<4x2x!qx>
  %xd = edge.dequantize %xq : tensor<4x2x!qx> -> tensor<4x2xf32>
  %wq = edge.storage_cast %w : tensor<2x3xi8> -> tensor<2x3x!qw>
  %wd = edge.dequantize %wq : tensor<2x3x!qw> -> tensor<2x3xf32>
  %bq = edge.storage_cast %b : tensor<1xi32> -> tensor<1x!qb>
  %bd = edge.dequantize %bq : tensor<1x!qb> -> tensor<1xf32>
  %y = edge.matmul %xd, %wd : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %s = edge.binary add %y, %bd : (tensor<4x3xf32>, tensor<1xf32>) -> tensor<4x3xf32>
  %sq = edge.quantize %s : tensor<4x3xf32> -> tensor<4x3x!qy>
  %sd = edge.dequantize %sq : tensor<4x3x!qy> -> tensor<4x3xf32>
  return %sd : tensor<4x3xf32>
}
