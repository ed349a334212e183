// RUN: edgec-opt %s --split-input-file --edge-lower-to-kernel --verify-diagnostics | FileCheck %s

// Kernel variant choice: depthwise (group == channels), pointwise (1x1, stride 1, no
// padding, one group), general otherwise. The last op writes straight into the output
// argument; intermediates get allocs; weights become memref.globals.
// CHECK-LABEL: func.func @conv_variants
// CHECK-SAME: (%[[X:.*]]: memref<1x8x8x4xf32> {edgec.name = "x"}, %[[Y:.*]]: memref<1x8x8x4xf32> {edgec.name = "y", edgec.output})
// CHECK-NOT: edge.
// CHECK: %[[A:.*]] = memref.alloc() : memref<1x8x8x4xf32>
// CHECK: kernel.conv %[[X]], %{{.*}}, %[[A]] {{{.*}}group = 4 : i64, impl = "edgec_conv_depthwise_f32"
// CHECK: %[[B:.*]] = memref.alloc() : memref<1x8x8x8xf32>
// CHECK: kernel.conv %[[A]], %{{.*}}, %[[B]] {{{.*}}impl = "edgec_conv_pointwise_f32"
// CHECK: %[[C:.*]] = memref.alloc() : memref<1x4x4x8xf32>
// CHECK: kernel.conv %[[B]], %{{.*}}, %[[C]] {{{.*}}impl = "edgec_conv_f32", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
// CHECK-SAME: memref<1x8x8x8xf32>, memref<8x1x1x8xf32>, memref<1x4x4x8xf32>
// CHECK-NOT: memref.alloc
// CHECK: kernel.conv %{{.*}}, %{{.*}} bias(%[[BIAS:.*]]), %[[Y]] {act = #edge<act relu>, {{.*}}impl = "edgec_conv_f32"
// CHECK-SAME: memref<1x4x4x8xf32>, memref<4x3x3x8xf32>, memref<4xf32>, memref<1x8x8x4xf32>
// CHECK-NOT: kernel.copy
// CHECK: return
func.func @conv_variants(%x: tensor<1x8x8x4xf32> {edgec.name = "x"}) -> (tensor<1x8x8x4xf32> {edgec.name = "y"}) {
  %wd = edge.constant dense<1.0> : tensor<4x3x3x1xf32>
  %wp = edge.constant dense<1.0> : tensor<8x1x1x4xf32>
  %ws = edge.constant dense<1.0> : tensor<8x1x1x8xf32>
  %wg = edge.constant dense<1.0> : tensor<4x3x3x8xf32>
  %b = edge.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %0 = edge.conv %x, %wd {group = 4 : i64, layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x1xf32>) -> tensor<1x8x8x4xf32>
  %1 = edge.conv %0, %wp {layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x8x8x4xf32>, tensor<8x1x1x4xf32>) -> tensor<1x8x8x8xf32>
  %2 = edge.conv %1, %ws {layout = #edge<layout nhwc>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x8x8x8xf32>, tensor<8x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  // 4x4, 3x3 window, pads 3+3, dilation 1, stride 1: 4 + 6 - 3 + 1 = 8.
  %3 = edge.conv %2, %wg, %b {layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 3, 3, 3, 3>, act = #edge<act relu>} : (tensor<1x4x4x8xf32>, tensor<4x3x3x8xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32>
  return %3 : tensor<1x8x8x4xf32>
}

// -----

// A grouped conv that is not depthwise (2 groups of 2 channels) uses the general kernel.
// CHECK-LABEL: func.func @grouped_conv
// CHECK: kernel.conv {{.*}}group = 2 : i64, impl = "edgec_conv_f32"
func.func @grouped_conv(%x: tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32> {
  %w = edge.constant dense<1.0> : tensor<4x1x1x2xf32>
  %0 = edge.conv %x, %w {group = 2 : i64, layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x8x8x4xf32>, tensor<4x1x1x2xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

// Depthwise with a channel multiplier (4 channels, 8 filters, 4 groups) is still depthwise.
// CHECK-LABEL: func.func @depthwise_multiplier
// CHECK: kernel.conv {{.*}}group = 4 : i64, impl = "edgec_conv_depthwise_f32"
// CHECK-SAME: memref<1x8x8x4xf32>, memref<8x3x3x1xf32>, memref<1x6x6x8xf32>
func.func @depthwise_multiplier(%x: tensor<1x8x8x4xf32>) -> tensor<1x6x6x8xf32> {
  %w = edge.constant dense<1.0> : tensor<8x3x3x1xf32>
  %0 = edge.conv %x, %w {group = 4 : i64, layout = #edge<layout nhwc>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x1xf32>) -> tensor<1x6x6x8xf32>
  return %0 : tensor<1x6x6x8xf32>
}

// -----

// The weights and bias become private constant globals read with memref.get_global.
// CHECK: memref.global "private" constant @[[W:.*]] : memref<3x2xf32> = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]>
// CHECK: memref.global "private" constant @[[C:.*]] : memref<3xf32> = dense<5.000000e-01>
// CHECK-LABEL: func.func @gemm_globals
// CHECK-SAME: (%[[A:.*]]: memref<1x2xf32>, %[[Y:.*]]: memref<1x3xf32> {edgec.output})
// CHECK-DAG: %[[GW:.*]] = memref.get_global @[[W]] : memref<3x2xf32>
// CHECK-DAG: %[[GC:.*]] = memref.get_global @[[C]] : memref<3xf32>
// CHECK: kernel.gemm %[[A]], %[[GW]] c(%[[GC]]), %[[Y]] {alpha = 2.000000e+00 : f32, impl = "edgec_gemm_f32", trans_b = true}
func.func @gemm_globals(%a: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %w = edge.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %c = edge.constant dense<0.5> : tensor<3xf32>
  %0 = edge.gemm %a, %w, %c {alpha = 2.0 : f32, trans_b = true} : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// A returned graph input, a returned constant and a value returned twice are copied;
// the first return of a computed value is written in place.
// CHECK-LABEL: func.func @copies
// CHECK-SAME: (%[[X:.*]]: memref<4xf32>, %[[O0:.*]]: memref<4xf32> {edgec.output}, %[[O1:.*]]: memref<4xf32> {edgec.output}, %[[O2:.*]]: memref<4xf32> {edgec.output}, %[[O3:.*]]: memref<4xf32> {edgec.output})
// CHECK: %[[G:.*]] = memref.get_global
// CHECK-NOT: memref.alloc
// CHECK: kernel.unary relu %[[X]], %[[O1]] {impl = "edgec_unary_f32"}
// CHECK-DAG: kernel.copy %[[X]], %[[O0]] {impl = "edgec_copy"} : memref<4xf32>, memref<4xf32>
// CHECK-DAG: kernel.copy %[[O1]], %[[O2]] {impl = "edgec_copy"}
// CHECK-DAG: kernel.copy %[[G]], %[[O3]] {impl = "edgec_copy"}
// CHECK: return
func.func @copies(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %c = edge.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %0 = edge.unary relu %x : tensor<4xf32>
  return %x, %0, %0, %c : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// A returned reshape is a view: its source gets a buffer and the view is copied out.
// CHECK-LABEL: func.func @returned_view
// CHECK-SAME: (%[[X:.*]]: memref<1x4x1x1xf32>, %[[Y:.*]]: memref<1x4xf32> {edgec.output})
// CHECK: %[[A:.*]] = memref.alloc() : memref<1x4x1x1xf32>
// CHECK: kernel.unary sigmoid %[[X]], %[[A]]
// CHECK: %[[V:.*]] = kernel.reshape %[[A]] : memref<1x4x1x1xf32> -> memref<1x4xf32>
// CHECK: kernel.copy %[[V]], %[[Y]]
func.func @returned_view(%x: tensor<1x4x1x1xf32>) -> tensor<1x4xf32> {
  %0 = edge.unary sigmoid %x : tensor<1x4x1x1xf32>
  %1 = edge.reshape %0 : tensor<1x4x1x1xf32> -> tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// Ops other than conv lower one to one, keeping their attributes.
// CHECK-LABEL: func.func @other_ops
// CHECK: kernel.pool max %{{.*}}, %{{.*}} {{{.*}}impl = "edgec_maxpool_f32", kernel_shape = array<i64: 2, 2>{{.*}}} : memref<1x8x8x4xf32>, memref<1x4x4x4xf32>
// CHECK: kernel.pool avg %{{.*}}, %{{.*}} {{{.*}}impl = "edgec_avgpool_f32"
// CHECK: kernel.global_pool max %{{.*}}, %{{.*}} {impl = "edgec_global_maxpool_f32"} : memref<1x4x4x4xf32>, memref<1x1x1x4xf32>
// CHECK: kernel.transpose %{{.*}}, %{{.*}} {impl = "edgec_transpose", perm = array<i64: 0, 3, 1, 2>} : memref<1x1x1x4xf32>, memref<1x4x1x1xf32>
// CHECK: kernel.concat %{{.*}}, %{{.*}} into %{{.*}} {axis = 1 : i64, impl = "edgec_concat"} : memref<1x4x1x1xf32>, memref<1x4x1x1xf32> into memref<1x8x1x1xf32>
// CHECK: kernel.reshape %{{.*}} : memref<1x8x1x1xf32> -> memref<1x8xf32>
// CHECK: kernel.matmul %{{.*}}, %{{.*}}, %{{.*}} {impl = "edgec_matmul_f32"} : memref<1x8xf32>, memref<8x2xf32>, memref<1x2xf32>
// CHECK: kernel.softmax %{{.*}}, %{{.*}} {axis = 1 : i64, impl = "edgec_log_softmax_f32", log = true}
func.func @other_ops(%x: tensor<1x8x8x4xf32>, %m: tensor<8x2xf32>) -> tensor<1x2xf32> {
  %0 = edge.pool max %x {layout = #edge<layout nhwc>, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32>
  %1 = edge.pool avg %0 {layout = #edge<layout nhwc>, kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %2 = edge.global_pool max %1 {layout = #edge<layout nhwc>} : (tensor<1x4x4x4xf32>) -> tensor<1x1x1x4xf32>
  %3 = edge.transpose %2 {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x1x1x4xf32>) -> tensor<1x4x1x1xf32>
  %4 = edge.concat %3, %3 {axis = 1 : i64} : (tensor<1x4x1x1xf32>, tensor<1x4x1x1xf32>) -> tensor<1x8x1x1xf32>
  %5 = edge.reshape %4 : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  %6 = edge.matmul %5, %m : (tensor<1x8xf32>, tensor<8x2xf32>) -> tensor<1x2xf32>
  %7 = edge.softmax %6 {axis = 1 : i64, log = true} : tensor<1x2xf32>
  return %7 : tensor<1x2xf32>
}

// -----

// A batch norm with no conv to fold into becomes a per-channel affine on the channel
// axis (3 in NHWC); epsilon 0: scale = [2, 3] / sqrt([4, 0.25]) = [1, 6],
// shift = [0.5, -1] - [1, 2] * scale = [-0.5, -13].
// CHECK-DAG: memref.global "private" constant @[[S:.*]] : memref<2xf32> = dense<[1.000000e+00, 6.000000e+00]>
// CHECK-DAG: memref.global "private" constant @[[T:.*]] : memref<2xf32> = dense<[-5.000000e-01, -1.300000e+01]>
// CHECK-LABEL: func.func @batch_norm_affine
// CHECK-DAG: %[[GS:.*]] = memref.get_global @[[S]]
// CHECK-DAG: %[[GT:.*]] = memref.get_global @[[T]]
// CHECK: kernel.channel_affine %{{.*}}, %[[GS]], %[[GT]], %{{.*}} {axis = 3 : i64, impl = "edgec_channel_affine_f32"} : memref<1x3x3x2xf32>, memref<2xf32>, memref<2xf32>, memref<1x3x3x2xf32>
func.func @batch_norm_affine(%x: tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32> {
  %gamma = edge.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = edge.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = edge.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = edge.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %0 = edge.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32, layout = #edge<layout nhwc>} : (tensor<1x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %0 : tensor<1x3x3x2xf32>
}

// -----

// Gather on run-time data (embeddings) becomes a kernel call that checks its indices.
// CHECK-LABEL: func.func @gather_runtime_data
// CHECK-SAME: (%[[X:.*]]: memref<4x3xf32>, %[[I:.*]]: memref<2xi64>, %[[Y:.*]]: memref<2x3xf32> {edgec.output})
// CHECK: kernel.gather %[[X]], %[[I]], %[[Y]] {axis = 0 : i64, impl = "edgec_gather"}
func.func @gather_runtime_data(%x: tensor<4x3xf32>, %i: tensor<2xi64>) -> tensor<2x3xf32> {
  %0 = edge.gather %x, %i {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @conv_still_nchw(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{conv must be channels-last before lowering (run edge-to-nhwc)}}
  %0 = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// Integer math runs on the typed kernel variant, without activation.
// CHECK-LABEL: func.func @integer_runtime_math
// CHECK: kernel.binary add %{{.*}}, %{{.*}}, %{{.*}} {impl = "edgec_binary_i64"} : memref<4xi64>, memref<4xi64>, memref<4xi64>
func.func @integer_runtime_math(%x: tensor<4xi64>) -> tensor<4xi64> {
  %0 = edge.binary add %x, %x : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

func.func @float_only_kernel(%x: tensor<1x4xi32>, %w: tensor<4x2xi32>) -> tensor<1x2xi32> {
  // expected-error @+1 {{computing in 'i32' at run time is not supported yet (float32 only)}}
  %0 = edge.matmul %x, %w : (tensor<1x4xi32>, tensor<4x2xi32>) -> tensor<1x2xi32>
  return %0 : tensor<1x2xi32>
}
