// RUN: edgec-opt %s --edge-strip-identity --edge-fold-constants --edge-fold-batchnorm --edge-fuse-activations --edge-to-nhwc --edge-dce --edge-lower-to-kernel --kernel-plan-memory | FileCheck %s

// The whole pipeline on conv -> batch norm -> relu -> dropout -> global pool -> flatten.
//
// Batch norm (epsilon 0, var 1, mean 0): s = gamma = 2, shift = beta = 0.5, so the bias
// becomes [1, 2, 3, 4] * 2 + 0.5 = [2.5, 4.5, 6.5, 8.5].
// Buffers (float32): transposed input 1x8x8x3 = 768 B, conv out 1x8x8x4 = 1024 B,
// pooled 1x1x1x4 = 16 B. Calls: 0 transpose, 1 conv, 2 global pool, 3 copy out.
// Largest first: conv out at 0; transposed input (live with it at call 1) at 1024;
// pooled (live with conv out at call 2) at 1024, after the input's space is dead.
// Arena 1792 = 768 + 1024 at call 1, which is also the lower bound.
// Weights: filter 432 B at 0, bias 16 B at 432 (already aligned), 448 B in all.

// CHECK: module attributes {edgec.arena_bytes = 1792 : i64, edgec.lower_bound_bytes = 1792 : i64, edgec.pools = [{bytes = 1792 : i64, capacity = 9223372036854775807 : i64, name = "arena", section = "", speed = 1.000000e+00 : f64, weights = 0 : i64}], edgec.weights_bytes = 448 : i64}
// CHECK-DAG: memref.global "private" constant @[[W:.*]] : memref<4x3x3x3xf32> = dense_resource<{{.*}}> {edgec.offset = 0 : i64}
// CHECK-DAG: memref.global "private" constant @[[B:.*]] : memref<4xf32> = dense<[2.500000e+00, 4.500000e+00, 6.500000e+00, 8.500000e+00]> {edgec.offset = 432 : i64}
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: memref<1x3x8x8xf32> {edgec.name = "x"}, %[[Y:.*]]: memref<1x4xf32> {edgec.name = "y", edgec.output})
// CHECK-NOT: edge.
// CHECK-NOT: memref.alloc
// CHECK-DAG: %[[GW:.*]] = memref.get_global @[[W]]
// CHECK-DAG: %[[GB:.*]] = memref.get_global @[[B]]
// CHECK: %[[T:.*]] = kernel.buffer {live = array<i64: 0, 1>, offset = 1024 : i64, pool = "arena"} : memref<1x8x8x3xf32>
// CHECK: kernel.transpose %[[X]], %[[T]] {edgec.layout_transpose, impl = "edgec_transpose", perm = array<i64: 0, 2, 3, 1>}
// CHECK: %[[C:.*]] = kernel.buffer {live = array<i64: 1, 2>, offset = 0 : i64, pool = "arena"} : memref<1x8x8x4xf32>
// CHECK: kernel.conv %[[T]], %[[GW]] bias(%[[GB]]), %[[C]] {act = #edge<act relu>, {{.*}}impl = "edgec_conv_f32"
// CHECK: %[[P:.*]] = kernel.buffer {live = array<i64: 2, 3>, offset = 1024 : i64, pool = "arena"} : memref<1x1x1x4xf32>
// CHECK: kernel.global_pool avg %[[C]], %[[P]] {edgec.layout = array<i64: 0, 3, 1, 2>, impl = "edgec_global_avgpool_f32"}
// CHECK: %[[V:.*]] = kernel.reshape %[[P]] : memref<1x1x1x4xf32> -> memref<1x4xf32>
// CHECK-NEXT: kernel.copy %[[V]], %[[Y]] {impl = "edgec_copy"}
// CHECK-NEXT: return
// The filter blob: 0.5 * s = 1.0 (0x3F800000, little-endian) in all 108 places (after the
// 4-byte alignment header of a resource blob).
// CHECK: dialect_resources
// CHECK: : "0x10000000{{(0000803F){108}"}}
func.func @main(%x: tensor<1x3x8x8xf32> {edgec.name = "x"}) -> (tensor<1x4xf32> {edgec.name = "y"}) {
  %w = edge.constant dense<0.5> : tensor<4x3x3x3xf32>
  %b = edge.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %c = edge.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %gamma = edge.constant dense<2.0> : tensor<4xf32>
  %beta = edge.constant dense<0.5> : tensor<4xf32>
  %mean = edge.constant dense<0.0> : tensor<4xf32>
  %var = edge.constant dense<1.0> : tensor<4xf32>
  %bn = edge.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %r = edge.unary relu %bn : tensor<1x4x8x8xf32>
  %d = edge.identity %r : tensor<1x4x8x8xf32>
  %p = edge.global_pool avg %d : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %f = edge.reshape %p : tensor<1x4x1x1xf32> -> tensor<1x4xf32>
  return %f : tensor<1x4xf32>
}
