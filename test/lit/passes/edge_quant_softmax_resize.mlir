// RUN: edgec-opt %s --edge-fold-qdq --edge-dce | FileCheck %s --check-prefix=FOLD
// RUN: edgec-opt %s --edge-fold-qdq --edge-dce --edge-lower-to-kernel | FileCheck %s --check-prefix=LOWER

// Nearest resize picks elements, so it keeps its input's int8 parameters (the requantize to
// the output's follows); softmax of int8 gives int8 through a 256-entry exp table: exp(-0.2 d)
// in Q20, and out_multiplier = 2^16 / (1/256) = 16777216.
// FOLD-LABEL: func.func @resize_softmax
// FOLD: %[[R:.*]] = edge.resize %{{.*}} : tensor<1x2x2x4x!quant.uniform<i8:f32, 1.000000e-01:3>> -> tensor<1x4x4x4x!quant.uniform<i8:f32, 1.000000e-01:3>>
// FOLD: %[[RQ:.*]] = edge.quantize %[[R]] : {{.*}} -> tensor<1x4x4x4x!quant.uniform<i8:f32, 2.000000e-01:3>>
// FOLD: edge.softmax %[[RQ]] {axis = 3 : i64} : tensor<1x4x4x4x!quant.uniform<i8:f32, 2.000000e-01:3>> -> tensor<1x4x4x4x!quant.uniform<i8:f32, 3.906250e-03:-128>>

// LOWER: memref.global "private" constant @{{.*}} : memref<256xi32>
// LOWER-LABEL: func.func @resize_softmax
// LOWER: kernel.resize {{.*}}impl = "edgec_resize_nearest_bytes"{{.*}}quant = {fill = 3 : i32}
// LOWER: kernel.requantize
// LOWER: kernel.softmax %{{.*}} table(%{{.*}}), %{{.*}} {{{.*}}impl = "edgec_softmax_s8"{{.*}}quant = {act_max = 127 : i32, act_min = -128 : i32, out_multiplier = 16777216 : i64, output_offset = -128 : i32}
module attributes {edgec.quantize = "int8"} {
func.func @resize_softmax(%x: tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32> {
  %q = edge.quantize %x : tensor<1x2x2x4xf32> -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.1:3>>
  %d = edge.dequantize %q : tensor<1x2x2x4x!quant.uniform<i8:f32, 0.1:3>> -> tensor<1x2x2x4xf32>
  %r = edge.resize %d {scales = array<f32: 1.0, 2.0, 2.0, 1.0>, roi = array<f32>, mode = #edge<resize_mode nearest>, coord_mode = #edge<coord_mode asymmetric>, nearest_mode = #edge<nearest_mode floor>} : tensor<1x2x2x4xf32> -> tensor<1x4x4x4xf32>
  %rq = edge.quantize %r : tensor<1x4x4x4xf32> -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.2:3>>
  %rd = edge.dequantize %rq : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.2:3>> -> tensor<1x4x4x4xf32>
  %s = edge.softmax %rd {axis = 3 : i64} : tensor<1x4x4x4xf32> -> tensor<1x4x4x4xf32>
  %sq = edge.quantize %s : tensor<1x4x4x4xf32> -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.00390625:-128>>
  %sd = edge.dequantize %sq : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.00390625:-128>> -> tensor<1x4x4x4xf32>
  return %sd : tensor<1x4x4x4xf32>
}
}
