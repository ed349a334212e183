// RUN: edgec-opt %s --split-input-file | edgec-opt --split-input-file | FileCheck %s
// RUN: edgec-opt %s --split-input-file --mlir-print-op-generic | edgec-opt --split-input-file | FileCheck %s

// Round trip of every kernel op. The forms without the optional bias / C are in
// kernel_ops_optional_operands.mlir.

// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[IN:.*]]: memref<1x8x8x3xf32>, %[[W:.*]]: memref<4x3x3x3xf32>, %[[B:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<1x8x8x4xf32>)
func.func @conv(%in: memref<1x8x8x3xf32>, %w: memref<4x3x3x3xf32>, %b: memref<4xf32>, %out: memref<1x8x8x4xf32>) {
  // CHECK: kernel.conv %[[IN]], %[[W]] bias(%[[B]]), %[[OUT]] {dilations = array<i64: 1, 1>, group = 1 : i64, impl = "edgec_conv_f32", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
  // CHECK-SAME: : memref<1x8x8x3xf32>, memref<4x3x3x3xf32>, memref<4xf32>, memref<1x8x8x4xf32>
  kernel.conv %in, %w bias(%b), %out {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x8x8x3xf32>, memref<4x3x3x3xf32>, memref<4xf32>, memref<1x8x8x4xf32>
  // CHECK: kernel.conv %[[IN]], %[[W]] bias(%[[B]]), %[[OUT]] {act = #edge<act relu>, dilations = array<i64: 2, 2>, group = 1 : i64, impl = "edgec_conv_f32", pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>}
  kernel.conv %in, %w bias(%b), %out {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 2, 2>, pads = array<i64: 2, 2, 2, 2>, act = #edge<act relu>} : memref<1x8x8x3xf32>, memref<4x3x3x3xf32>, memref<4xf32>, memref<1x8x8x4xf32>
  return
}

// -----

// CHECK-LABEL: func.func @gemm
func.func @gemm(%a: memref<1x16xf32>, %b: memref<10x16xf32>, %c: memref<10xf32>, %y: memref<1x10xf32>) {
  // CHECK: kernel.gemm %{{.*}}, %{{.*}} c(%{{.*}}), %{{.*}} {impl = "edgec_gemm_f32", trans_b = true} : memref<1x16xf32>, memref<10x16xf32>, memref<10xf32>, memref<1x10xf32>
  kernel.gemm %a, %b c(%c), %y {impl = "edgec_gemm_f32", trans_b = true} : memref<1x16xf32>, memref<10x16xf32>, memref<10xf32>, memref<1x10xf32>
  // CHECK: kernel.gemm %{{.*}}, %{{.*}} c(%{{.*}}), %{{.*}} {act = #edge<act clip>, act_beta = 6.000000e+00 : f32, alpha = 2.000000e+00 : f32, impl = "edgec_gemm_f32", trans_b = true} : memref<1x16xf32>, memref<10x16xf32>, memref<10xf32>, memref<1x10xf32>
  kernel.gemm %a, %b c(%c), %y {impl = "edgec_gemm_f32", trans_b = true, alpha = 2.0 : f32, act = #edge<act clip>, act_beta = 6.0 : f32} : memref<1x16xf32>, memref<10x16xf32>, memref<10xf32>, memref<1x10xf32>
  return
}

// -----

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: memref<2x3x4xf32>, %b: memref<4x5xf32>, %y: memref<2x3x5xf32>) {
  // CHECK: kernel.matmul %{{.*}}, %{{.*}}, %{{.*}} {impl = "edgec_matmul_f32"} : memref<2x3x4xf32>, memref<4x5xf32>, memref<2x3x5xf32>
  kernel.matmul %a, %b, %y {impl = "edgec_matmul_f32"} : memref<2x3x4xf32>, memref<4x5xf32>, memref<2x3x5xf32>
  return
}

// -----

// CHECK-LABEL: func.func @binary
func.func @binary(%a: memref<1x4xf32>, %b: memref<4xf32>, %y: memref<1x4xf32>) {
  // CHECK: kernel.binary add %{{.*}}, %{{.*}}, %{{.*}} {impl = "edgec_binary_f32"} : memref<1x4xf32>, memref<4xf32>, memref<1x4xf32>
  kernel.binary add %a, %b, %y {impl = "edgec_binary_f32"} : memref<1x4xf32>, memref<4xf32>, memref<1x4xf32>
  // CHECK: kernel.binary div %{{.*}}, %{{.*}}, %{{.*}} {act = #edge<act tanh>, impl = "edgec_binary_f32"}
  kernel.binary div %a, %b, %y {impl = "edgec_binary_f32", act = #edge<act tanh>} : memref<1x4xf32>, memref<4xf32>, memref<1x4xf32>
  return
}

// -----

// CHECK-LABEL: func.func @unary
func.func @unary(%x: memref<8xf32>, %y: memref<8xf32>) {
  // CHECK: kernel.unary relu %{{.*}}, %{{.*}} {impl = "edgec_unary_f32"} : memref<8xf32>, memref<8xf32>
  kernel.unary relu %x, %y {impl = "edgec_unary_f32"} : memref<8xf32>, memref<8xf32>
  // CHECK: kernel.unary clip %{{.*}}, %{{.*}} {alpha = -1.000000e+00 : f32, beta = 1.000000e+00 : f32, impl = "edgec_unary_f32"} : memref<8xf32>, memref<8xf32>
  kernel.unary clip %x, %y {impl = "edgec_unary_f32", alpha = -1.0 : f32, beta = 1.0 : f32} : memref<8xf32>, memref<8xf32>
  return
}

// -----

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: memref<1x10xf32>, %y: memref<1x10xf32>) {
  // CHECK: kernel.softmax %{{.*}}, %{{.*}} {axis = 1 : i64, impl = "edgec_softmax_f32"} : memref<1x10xf32>, memref<1x10xf32>
  kernel.softmax %x, %y {impl = "edgec_softmax_f32", axis = 1 : i64} : memref<1x10xf32>, memref<1x10xf32>
  // CHECK: kernel.softmax %{{.*}}, %{{.*}} {axis = 1 : i64, impl = "edgec_log_softmax_f32", log = true}
  kernel.softmax %x, %y {impl = "edgec_log_softmax_f32", axis = 1 : i64, log = true} : memref<1x10xf32>, memref<1x10xf32>
  return
}

// -----

// CHECK-LABEL: func.func @pool
func.func @pool(%x: memref<1x8x8x4xf32>, %y: memref<1x4x4x4xf32>) {
  // CHECK: kernel.pool max %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, impl = "edgec_maxpool_f32", kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : memref<1x8x8x4xf32>, memref<1x4x4x4xf32>
  kernel.pool max %x, %y {impl = "edgec_maxpool_f32", kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x8x8x4xf32>, memref<1x4x4x4xf32>
  // CHECK: kernel.pool avg %{{.*}}, %{{.*}} {count_include_pad = true, dilations
  kernel.pool avg %x, %y {impl = "edgec_avgpool_f32", kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = true} : memref<1x8x8x4xf32>, memref<1x4x4x4xf32>
  return
}

// -----

// CHECK-LABEL: func.func @global_pool
func.func @global_pool(%x: memref<1x7x7x8xf32>, %y: memref<1x1x1x8xf32>) {
  // CHECK: kernel.global_pool avg %{{.*}}, %{{.*}} {impl = "edgec_global_avgpool_f32"} : memref<1x7x7x8xf32>, memref<1x1x1x8xf32>
  kernel.global_pool avg %x, %y {impl = "edgec_global_avgpool_f32"} : memref<1x7x7x8xf32>, memref<1x1x1x8xf32>
  return
}

// -----

// CHECK-LABEL: func.func @channel_affine
func.func @channel_affine(%x: memref<1x4x4x8xf32>, %s: memref<8xf32>, %t: memref<8xf32>, %y: memref<1x4x4x8xf32>) {
  // CHECK: kernel.channel_affine %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {axis = 3 : i64, impl = "edgec_channel_affine_f32"} : memref<1x4x4x8xf32>, memref<8xf32>, memref<8xf32>, memref<1x4x4x8xf32>
  kernel.channel_affine %x, %s, %t, %y {impl = "edgec_channel_affine_f32", axis = 3 : i64} : memref<1x4x4x8xf32>, memref<8xf32>, memref<8xf32>, memref<1x4x4x8xf32>
  return
}

// -----

// CHECK-LABEL: func.func @transpose
func.func @transpose(%x: memref<1x3x4x5xf32>, %y: memref<1x4x5x3xf32>) {
  // CHECK: kernel.transpose %{{.*}}, %{{.*}} {impl = "edgec_transpose", perm = array<i64: 0, 2, 3, 1>} : memref<1x3x4x5xf32>, memref<1x4x5x3xf32>
  kernel.transpose %x, %y {impl = "edgec_transpose", perm = array<i64: 0, 2, 3, 1>} : memref<1x3x4x5xf32>, memref<1x4x5x3xf32>
  return
}

// -----

// CHECK-LABEL: func.func @concat
func.func @concat(%a: memref<1x2xf32>, %b: memref<1x3xf32>, %y: memref<1x5xf32>) {
  // CHECK: kernel.concat %{{.*}}, %{{.*}} into %{{.*}} {axis = 1 : i64, impl = "edgec_concat"} : memref<1x2xf32>, memref<1x3xf32> into memref<1x5xf32>
  kernel.concat %a, %b into %y {impl = "edgec_concat", axis = 1 : i64} : memref<1x2xf32>, memref<1x3xf32> into memref<1x5xf32>
  return
}

// -----

// CHECK-LABEL: func.func @copy
func.func @copy(%x: memref<8xf32>, %y: memref<2x4xf32>) {
  // CHECK: kernel.copy %{{.*}}, %{{.*}} {impl = "edgec_copy"} : memref<8xf32>, memref<2x4xf32>
  kernel.copy %x, %y {impl = "edgec_copy"} : memref<8xf32>, memref<2x4xf32>
  return
}

// -----

// CHECK-LABEL: func.func @reshape_and_buffer
func.func @reshape_and_buffer(%y: memref<1x8xf32>) {
  // CHECK: %[[B:.*]] = kernel.buffer {offset = 1024 : i64, pool = "arena"} : memref<1x8x1x1xf32>
  %b = kernel.buffer {pool = "arena", offset = 1024 : i64} : memref<1x8x1x1xf32>
  // CHECK: %[[V:.*]] = kernel.reshape %[[B]] : memref<1x8x1x1xf32> -> memref<1x8xf32>
  %v = kernel.reshape %b : memref<1x8x1x1xf32> -> memref<1x8xf32>
  // CHECK: kernel.copy %[[V]], %{{.*}}
  kernel.copy %v, %y {impl = "edgec_copy"} : memref<1x8xf32>, memref<1x8xf32>
  return
}
