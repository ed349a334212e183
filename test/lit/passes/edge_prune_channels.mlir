// RUN: edgec-opt %s --split-input-file --edge-prune-channels="ratio=0.5" --verify-diagnostics | FileCheck %s

// A chain: c1's channel norms (L1 of weights and bias) are 1, 10.5, 2, 22, so half of them
// go: channels 0 and 2. c2 loses the same input channels; its own output is the graph's.
// CHECK-LABEL: func.func @chain
// CHECK-DAG: %[[W1:.*]] = edge.constant dense<{{\[\[\[\[}}1.000000e+01]]], {{\[\[\[}}2.000000e+01]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B1:.*]] = edge.constant dense<[5.000000e-01, 2.000000e+00]> : tensor<2xf32>
// CHECK: %[[C1:.*]] = edge.conv %{{.*}}, %[[W1]], %[[B1]] {{.*}} -> tensor<1x2x2x2xf32>
// CHECK: %[[R:.*]] = edge.unary relu %[[C1]] : tensor<1x2x2x2xf32>
// CHECK: %[[W2:.*]] = edge.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}6.000000e+00]], {{\[\[}}8.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK: edge.conv %[[R]], %[[W2]] {{.*}} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
func.func @chain(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = edge.constant dense<[[[[1.0]]], [[[10.0]]], [[[-1.5]]], [[[20.0]]]]> : tensor<4x1x1x1xf32>
  %b1 = edge.constant dense<[0.0, 0.5, -0.5, 2.0]> : tensor<4xf32>
  %w2 = edge.constant dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]], [[[5.0]], [[6.0]], [[7.0]], [[8.0]]]]> : tensor<2x4x1x1xf32>
  %c1 = edge.conv %x, %w1, %b1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  %r = edge.unary relu %c1 : tensor<1x4x2x2xf32>
  %c2 = edge.conv %r, %w2 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x2x2xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %c2 : tensor<1x2x2x2xf32>
}

// -----

// A residual add ties a's and b's channels: the classes weigh 1+8, 5+5 and 9+0.5, so
// channel 0 goes from both branches (alone, a would lose 0 and b would lose 2).
// CHECK-LABEL: func.func @residual
// CHECK: %[[WA:.*]] = edge.constant dense<{{\[\[\[\[}}5.000000e+00]]], {{\[\[\[}}9.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK: %[[A:.*]] = edge.conv %{{.*}}, %[[WA]]
// CHECK: %[[WB:.*]] = edge.constant dense<{{\[\[\[\[}}5.000000e+00]]], {{\[\[\[}}-5.000000e-01]]]]> : tensor<2x1x1x1xf32>
// CHECK: %[[B:.*]] = edge.conv %{{.*}}, %[[WB]]
// CHECK: %[[S:.*]] = edge.binary add %[[A]], %[[B]] : (tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32>
// CHECK: %[[WC:.*]] = edge.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK: edge.conv %[[S]], %[[WC]]
func.func @residual(%x: tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> {
  %wa = edge.constant dense<[[[[1.0]]], [[[5.0]]], [[[9.0]]]]> : tensor<3x1x1x1xf32>
  %wb = edge.constant dense<[[[[8.0]]], [[[5.0]]], [[[-0.5]]]]> : tensor<3x1x1x1xf32>
  %wc = edge.constant dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>
  %a = edge.conv %x, %wa {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x1x1xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x1x1xf32>
  %b = edge.conv %x, %wb {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x1x1xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x1x1xf32>
  %s = edge.binary add %a, %b : (tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x1x1xf32>
  %c = edge.conv %s, %wc {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>) -> tensor<1x1x1x1xf32>
  return %c : tensor<1x1x1x1xf32>
}

// -----

// A concat keeps its inputs' channels apart: each input loses its own weakest channel
// (a's 0, b's 1), and the consumer loses concat positions 0 and 3.
// CHECK-LABEL: func.func @concat
// CHECK: %[[WA:.*]] = edge.constant dense<5.000000e+00> : tensor<1x1x1x1xf32>
// CHECK: %[[A:.*]] = edge.conv %{{.*}}, %[[WA]]
// CHECK: %[[WB:.*]] = edge.constant dense<8.000000e+00> : tensor<1x1x1x1xf32>
// CHECK: %[[B:.*]] = edge.conv %{{.*}}, %[[WB]]
// CHECK: %[[S:.*]] = edge.concat %[[A]], %[[B]] {axis = 1 : i64} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x1x1xf32>
// CHECK: %[[WC:.*]] = edge.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK: edge.conv %[[S]], %[[WC]]
func.func @concat(%x: tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> {
  %wa = edge.constant dense<[[[[1.0]]], [[[5.0]]]]> : tensor<2x1x1x1xf32>
  %wb = edge.constant dense<[[[[8.0]]], [[[0.5]]]]> : tensor<2x1x1x1xf32>
  %wc = edge.constant dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>
  %a = edge.conv %x, %wa {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x1xf32>
  %b = edge.conv %x, %wb {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x1xf32>
  %s = edge.concat %a, %b {axis = 1 : i64} : (tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>) -> tensor<1x4x1x1xf32>
  %c = edge.conv %s, %wc {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x1x1xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x1x1xf32>
  return %c : tensor<1x1x1x1xf32>
}

// -----

// BatchNorm and a depthwise conv pass c1's channels on: both keep channel 0 only, and the
// depthwise conv's group follows its channel count (1, the default, so not printed).
// CHECK-LABEL: func.func @depthwise_batch_norm
// CHECK-DAG: %[[G:.*]] = edge.constant dense<1.000000e+00> : tensor<1xf32>
// CHECK-DAG: %[[BE:.*]] = edge.constant dense<3.000000e+00> : tensor<1xf32>
// CHECK-DAG: %[[M:.*]] = edge.constant dense<5.000000e+00> : tensor<1xf32>
// CHECK-DAG: %[[V:.*]] = edge.constant dense<7.000000e+00> : tensor<1xf32>
// CHECK: %[[N:.*]] = edge.batch_norm %{{.*}}, %[[G]], %[[BE]], %[[M]], %[[V]] {{.*}} -> tensor<1x1x3x3xf32>
// CHECK-DAG: %[[WD:.*]] = edge.constant dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK-DAG: %[[BD:.*]] = edge.constant dense<2.500000e-01> : tensor<1xf32>
// CHECK: %[[D:.*]] = edge.conv %[[N]], %[[WD]], %[[BD]] {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
// The removed channel 1 would still have carried a constant: c1 gives 0, BatchNorm makes it
// 2 (0 - 6) / sqrt(8 + 1e-5) + 4 = -0.2426, the depthwise conv -0.2426 x (5 + 6 + 7 + 8) +
// 0.75 = -5.5586; c2 (which had no bias) takes it times its weight 2 as its bias.
// CHECK: %[[C2B:.*]] = edge.constant dense<-11.117178> : tensor<1xf32>
// CHECK: %[[W2:.*]] = edge.constant dense<1.000000e+00> : tensor<1x1x1x1xf32>
// CHECK: edge.conv %[[D]], %[[W2]], %[[C2B]]
func.func @depthwise_batch_norm(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32> {
  %w1 = edge.constant dense<[[[[4.0]]], [[[0.5]]]]> : tensor<2x1x1x1xf32>
  %g = edge.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %be = edge.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %m = edge.constant dense<[5.0, 6.0]> : tensor<2xf32>
  %v = edge.constant dense<[7.0, 8.0]> : tensor<2xf32>
  %wd = edge.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]], [[[5.0, 6.0], [7.0, 8.0]]]]> : tensor<2x1x2x2xf32>
  %bd = edge.constant dense<[0.25, 0.75]> : tensor<2xf32>
  %w2 = edge.constant dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>
  %c1 = edge.conv %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %n = edge.batch_norm %c1, %g, %be, %m, %v : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %d = edge.conv %n, %wd, %bd {group = 2 : i64, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x3x3xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x1x1xf32>
  %c2 = edge.conv %d, %w2 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x1x1xf32>
  return %c2 : tensor<1x1x1x1xf32>
}

// -----

// A flatten turns each channel into a block of features: the gemm loses c1's channel 1,
// rows 2 and 3 of B.
// CHECK-LABEL: func.func @flatten_gemm
// CHECK: %[[F:.*]] = edge.reshape %{{.*}} : tensor<1x1x1x2xf32> -> tensor<1x2xf32>
// CHECK: %[[WG:.*]] = edge.constant dense<{{\[}}[1.000000e+00], [2.000000e+00]]> : tensor<2x1xf32>
// CHECK: edge.gemm %[[F]], %[[WG]] : (tensor<1x2xf32>, tensor<2x1xf32>) -> tensor<1x1xf32>
func.func @flatten_gemm(%x: tensor<1x1x1x2xf32>) -> tensor<1x1xf32> {
  %w1 = edge.constant dense<[[[[1.0]]], [[[0.5]]]]> : tensor<2x1x1x1xf32>
  %wg = edge.constant dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32>
  %c1 = edge.conv %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x1x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x2xf32>
  %f = edge.reshape %c1 : tensor<1x2x1x2xf32> -> tensor<1x4xf32>
  %y = edge.gemm %f, %wg : (tensor<1x4xf32>, tensor<4x1xf32>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}

// -----

// Channels that reach a graph output stay, here through c2 as well.
// CHECK-LABEL: func.func @graph_output
// CHECK: edge.conv {{.*}} -> tensor<1x2x1x1xf32>
// CHECK: edge.conv {{.*}} : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x1xf32>
func.func @graph_output(%x: tensor<1x1x1x1xf32>) -> (tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>) {
  %w1 = edge.constant dense<[[[[1.0]]], [[[0.5]]]]> : tensor<2x1x1x1xf32>
  %w2 = edge.constant dense<[[[[1.0]], [[0.0]]], [[[0.0]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %c1 = edge.conv %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x1xf32>
  %c2 = edge.conv %c1, %w2 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  return %c1, %c2 : tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>
}

// -----

// The module's request wins over the pass options: L2 norms (c1's channel 0, [3, 3], is
// 4.24 < 5 for [5, 0]; by L1 it would be the other one), c2 not pruned, c3 kept by name.
// c2's int8 weights (a QDQ model's) lose input channel 0 with its per-axis scale.
// CHECK: edgec.pruning = {channels_after = 4 : i64, channels_before = 5 : i64, criterion = "l2", layers = [{channels_after = 1 : i64, channels_before = 2 : i64, name = "c1", op = "conv", pinned = false, removed = array<i64: 0>}, {channels_after = 2 : i64, channels_before = 2 : i64, name = "c2", op = "conv", pinned = false, removed = array<i64>}, {channels_after = 1 : i64, channels_before = 1 : i64, name = "c3", op = "conv", pinned = true, removed = array<i64>}], macs_after = 6 : i64, macs_before = 10 : i64, params_after = 6 : i64, params_before = 10 : i64, ratio = 5.000000e-01 : f64}
// CHECK-LABEL: func.func @request
// CHECK-DAG: %[[W1:.*]] = edge.constant dense<{{\[\[\[\[}}5.000000e+00]], {{\[\[}}0.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK-DAG: %[[Q:.*]] = edge.constant dense<{{\[\[\[\[}}20]]], {{\[\[\[}}40]]]]> : tensor<2x1x1x1xi8>
// CHECK: %[[S:.*]] = edge.storage_cast %[[Q]] : tensor<2x1x1x1xi8> -> tensor<2x1x1x1x!quant.uniform<i8:f32:1, {2.500000e-01}>>
// CHECK: %[[W2:.*]] = edge.dequantize %[[S]]
// CHECK: edge.conv %{{.*}}, %[[W2]] {{.*}} : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x1xf32>
module attributes {edgec.prune = {ratio = 0.5 : f64, criterion = "l2", layers = {c2 = 0.0 : f64}, keep = ["c3"]}} {
func.func @request(%x: tensor<1x2x1x1xf32>) -> tensor<1x1x1x1xf32> {
  %w1 = edge.constant dense<[[[[3.0]], [[3.0]]], [[[5.0]], [[0.0]]]]> : tensor<2x2x1x1xf32>
  %wq = edge.constant dense<[[[[10]], [[20]]], [[[30]], [[40]]]]> : tensor<2x2x1x1xi8>
  %sc = edge.storage_cast %wq : tensor<2x2x1x1xi8> -> tensor<2x2x1x1x!quant.uniform<i8:f32:1, {0.5, 0.25}>>
  %w2 = edge.dequantize %sc : tensor<2x2x1x1x!quant.uniform<i8:f32:1, {0.5, 0.25}>> -> tensor<2x2x1x1xf32>
  %w3 = edge.constant dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>
  %c1 = edge.conv %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x1xf32> loc("c1")
  %c2 = edge.conv %c1, %w2 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x1xf32> loc("c2")
  %c3 = edge.conv %c2, %w3 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x1x1xf32> loc("c3")
  return %c3 : tensor<1x1x1x1xf32>
}
}

// -----

// A request naming a layer the model does not have is an error.
module attributes {edgec.prune = {ratio = 0.5 : f64, layers = {nope = 0.5 : f64}}} {
// expected-error @+1 {{--prune-channels names 'nope', which is not a prunable Conv, Gemm or MatMul layer of this model}}
func.func @unknown(%x: tensor<1x1x1x1xf32>) -> tensor<1x2x1x1xf32> {
  %w1 = edge.constant dense<[[[[1.0]]], [[[0.5]]]]> : tensor<2x1x1x1xf32>
  %c1 = edge.conv %x, %w1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x1xf32>
  return %c1 : tensor<1x2x1x1xf32>
}
}
