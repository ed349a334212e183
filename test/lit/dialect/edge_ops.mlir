// RUN: edgec-opt %s --split-input-file | edgec-opt --split-input-file | FileCheck %s
// RUN: edgec-opt %s --split-input-file --mlir-print-op-generic | edgec-opt --split-input-file | FileCheck %s

// Round trip of every edge op: the printed form parses back to the same IR.

// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<2xi64>, tensor<1x2xf32>) {
  // CHECK: edge.constant dense<[1, 8]> : tensor<2xi64>
  %0 = edge.constant dense<[1, 8]> : tensor<2xi64>
  // CHECK: edge.constant dense<{{\[\[}}1.000000e+00, 2.500000e-01]]> : tensor<1x2xf32>
  %1 = edge.constant dense<[[1.0, 0.25]]> : tensor<1x2xf32>
  return %0, %1 : tensor<2xi64>, tensor<1x2xf32>
}

// -----

// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x4x3x3xf32>) {
  // CHECK: edge.conv %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
  // CHECK-SAME: (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %0 = edge.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  // CHECK: edge.conv %[[X]], %[[W]] {act = #edge<act clip>, act_beta = 6.000000e+00 : f32, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  // CHECK-SAME: (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  %1 = edge.conv %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, act = #edge<act clip>, act_alpha = 0.0 : f32, act_beta = 6.0 : f32} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0, %1 : tensor<1x4x8x8xf32>, tensor<1x4x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @conv_depthwise_nhwc
func.func @conv_depthwise_nhwc(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x1xf32>) -> tensor<1x8x8x4xf32> {
  // CHECK: edge.conv %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 4 : i64, layout = #edge<layout nhwc>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
  // CHECK-SAME: -> tensor<1x8x8x4xf32>
  %0 = edge.conv %x, %w {group = 4 : i64, layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x1xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

// CHECK-LABEL: func.func @gemm
func.func @gemm(%a: tensor<1x16xf32>, %b: tensor<10x16xf32>, %c: tensor<10xf32>) -> (tensor<1x10xf32>, tensor<16x16xf32>) {
  // CHECK: edge.gemm %{{.*}}, %{{.*}}, %{{.*}} {alpha = 5.000000e-01 : f32, trans_b = true} : (tensor<1x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %0 = edge.gemm %a, %b, %c {alpha = 0.5 : f32, trans_b = true} : (tensor<1x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  // CHECK: edge.gemm %{{.*}}, %{{.*}} {trans_a = true} : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<16x16xf32>
  %1 = edge.gemm %a, %a {trans_a = true} : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<16x16xf32>
  return %0, %1 : tensor<1x10xf32>, tensor<16x16xf32>
}

// -----

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>, %v: tensor<4xf32>) -> (tensor<2x3x5xf32>, tensor<2x3xf32>) {
  // CHECK: edge.matmul %{{.*}}, %{{.*}} : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  %0 = edge.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  // CHECK: edge.matmul %{{.*}}, %{{.*}} {act = #edge<act relu>} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  %1 = edge.matmul %a, %v {act = #edge<act relu>} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3x5xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @binary
func.func @binary(%a: tensor<1x4x8x8xf32>, %b: tensor<4x1x1xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) {
  // CHECK: edge.binary add %{{.*}}, %{{.*}} : (tensor<1x4x8x8xf32>, tensor<4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %0 = edge.binary add %a, %b : (tensor<1x4x8x8xf32>, tensor<4x1x1xf32>) -> tensor<1x4x8x8xf32>
  // CHECK: edge.binary mul %{{.*}}, %{{.*}} {act = #edge<act sigmoid>}
  %1 = edge.binary mul %b, %a {act = #edge<act sigmoid>} : (tensor<4x1x1xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  // CHECK: edge.binary max
  %2 = edge.binary max %a, %a : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %0, %1, %2 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @unary
func.func @unary(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>) {
  // CHECK: edge.unary relu %{{.*}} : tensor<1x8xf32>
  %0 = edge.unary relu %x : tensor<1x8xf32>
  // CHECK: edge.unary clip %{{.*}} {beta = 6.000000e+00 : f32} : tensor<1x8xf32>
  %1 = edge.unary clip %0 {alpha = 0.0 : f32, beta = 6.0 : f32} : tensor<1x8xf32>
  // CHECK: edge.unary leaky_relu %{{.*}} {alpha = 1.000000e-01 : f32} : tensor<1x8xf32>
  %2 = edge.unary leaky_relu %1 {alpha = 0.1 : f32} : tensor<1x8xf32>
  return %0, %1, %2 : tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<1x10xf32>) -> (tensor<1x10xf32>, tensor<1x10xf32>) {
  // CHECK: edge.softmax %{{.*}} {axis = 1 : i64} : tensor<1x10xf32>
  %0 = edge.softmax %x {axis = 1 : i64} : tensor<1x10xf32>
  // CHECK: edge.softmax %{{.*}} {axis = 0 : i64, log = true} : tensor<1x10xf32>
  %1 = edge.softmax %x {axis = 0 : i64, log = true} : tensor<1x10xf32>
  return %0, %1 : tensor<1x10xf32>, tensor<1x10xf32>
}

// -----

// CHECK-LABEL: func.func @pool
func.func @pool(%x: tensor<1x4x8x8xf32>, %y: tensor<1x7x7x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  // CHECK: edge.pool max %{{.*}} {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  %0 = edge.pool max %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  // 7 + 1 padding, 3x3 windows, stride 2, ceil: (7 + 1 - 3) / 2 = 2.5 -> 3, plus 1 = 4.
  // CHECK: edge.pool avg %{{.*}} {ceil_mode = true, count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, layout = #edge<layout nhwc>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x7x7x4xf32>) -> tensor<1x4x4x4xf32>
  %1 = edge.pool avg %y {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 1, 1>, ceil_mode = true, count_include_pad = true, layout = #edge<layout nhwc>} : (tensor<1x7x7x4xf32>) -> tensor<1x4x4x4xf32>
  return %0, %1 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @global_pool
func.func @global_pool(%x: tensor<1x8x7x7xf32>, %y: tensor<1x7x7x8xf32>) -> (tensor<1x8x1x1xf32>, tensor<1x1x1x8xf32>) {
  // CHECK: edge.global_pool avg %{{.*}} : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
  %0 = edge.global_pool avg %x : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
  // CHECK: edge.global_pool max %{{.*}} {layout = #edge<layout nhwc>} : (tensor<1x7x7x8xf32>) -> tensor<1x1x1x8xf32>
  %1 = edge.global_pool max %y {layout = #edge<layout nhwc>} : (tensor<1x7x7x8xf32>) -> tensor<1x1x1x8xf32>
  return %0, %1 : tensor<1x8x1x1xf32>, tensor<1x1x1x8xf32>
}

// -----

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<1x4x8x8xf32>, %p: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: edge.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32}
  // CHECK-SAME: (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %0 = edge.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-3 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @reshape
func.func @reshape(%x: tensor<1x8x1x1xf32>) -> tensor<1x8xf32> {
  // CHECK: edge.reshape %{{.*}} : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  %0 = edge.reshape %x : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
func.func @transpose(%x: tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32> {
  // CHECK: edge.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
  %0 = edge.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
  return %0 : tensor<1x4x5x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat
func.func @concat(%a: tensor<1x2xf32>, %b: tensor<1x3xf32>) -> tensor<1x7xf32> {
  // CHECK: edge.concat %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>, tensor<1x2xf32>) -> tensor<1x7xf32>
  %0 = edge.concat %a, %b, %a {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>, tensor<1x2xf32>) -> tensor<1x7xf32>
  return %0 : tensor<1x7xf32>
}

// -----

// CHECK-LABEL: func.func @identity
func.func @identity(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // CHECK: edge.identity %{{.*}} : tensor<1x8xf32>
  %0 = edge.identity %x : tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func.func @gather
func.func @gather(%s: tensor<4xi64>, %i: tensor<i64>, %x: tensor<5x6x7xf32>, %j: tensor<2x3xi32>) -> (tensor<i64>, tensor<5x2x3x7xf32>) {
  // CHECK: edge.gather %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %0 = edge.gather %s, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  // CHECK: edge.gather %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<5x6x7xf32>, tensor<2x3xi32>) -> tensor<5x2x3x7xf32>
  %1 = edge.gather %x, %j {axis = 1 : i64} : (tensor<5x6x7xf32>, tensor<2x3xi32>) -> tensor<5x2x3x7xf32>
  return %0, %1 : tensor<i64>, tensor<5x2x3x7xf32>
}

// -----

// CHECK-LABEL: func.func @cast
func.func @cast(%x: tensor<2xi64>) -> tensor<2xf32> {
  // CHECK: edge.cast %{{.*}} {to = f32} : (tensor<2xi64>) -> tensor<2xf32>
  %0 = edge.cast %x {to = f32} : (tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @slice
func.func @slice(%x: tensor<4xi64>, %y: tensor<10x6xf32>) -> (tensor<2xi64>, tensor<4x6xf32>) {
  // CHECK: edge.slice %{{.*}} {axes = array<i64: 0>, ends = array<i64: 2>, starts = array<i64: 0>, steps = array<i64: 1>} : (tensor<4xi64>) -> tensor<2xi64>
  %0 = edge.slice %x {starts = array<i64: 0>, ends = array<i64: 2>, axes = array<i64: 0>, steps = array<i64: 1>} : (tensor<4xi64>) -> tensor<2xi64>
  // Reverse with step -3 from the last row: rows 9, 6, 3, 0.
  // CHECK: edge.slice %{{.*}} {axes = array<i64: 0>, ends = array<i64: -100>, starts = array<i64: -1>, steps = array<i64: -3>} : (tensor<10x6xf32>) -> tensor<4x6xf32>
  %1 = edge.slice %y {starts = array<i64: -1>, ends = array<i64: -100>, axes = array<i64: 0>, steps = array<i64: -3>} : (tensor<10x6xf32>) -> tensor<4x6xf32>
  return %0, %1 : tensor<2xi64>, tensor<4x6xf32>
}
