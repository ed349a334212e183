// RUN: edgec-opt %s --split-input-file --edge-narrow-indices | FileCheck %s
// RUN: edgec-opt %s --split-input-file --edge-narrow-indices --edge-lower-to-kernel | FileCheck %s --check-prefix=LOWER

// ArgMax feeding a Gather: the indices fit (below the axis dim) and Gather reads int32.
// CHECK-LABEL: func.func @argmax_gather
func.func @argmax_gather(%x: tensor<2x5xf32>, %table: tensor<5x8xf32>) -> tensor<2x8xf32> {
  // CHECK: %[[I:.*]] = edge.arg_reduce max %{{.*}} : (tensor<2x5xf32>) -> tensor<2xi32>
  // CHECK: edge.gather %{{.*}}, %[[I]] {axis = 0 : i64} : (tensor<5x8xf32>, tensor<2xi32>) -> tensor<2x8xf32>
  // CHECK-NOT: i64>
  // LOWER-LABEL: func.func @argmax_gather
  // LOWER: kernel.arg_reduce max {{.*}}impl = "edgec_arg_reduce_f32_idx32"{{.*}} : memref<2x5xf32>, memref<2xi32>
  %i = edge.arg_reduce max %x {axis = 1 : i64, keepdims = false} : (tensor<2x5xf32>) -> tensor<2xi64>
  %e = edge.gather %table, %i {axis = 0 : i64} : (tensor<5x8xf32>, tensor<2xi64>) -> tensor<2x8xf32>
  return %e : tensor<2x8xf32>
}

// -----

// Narrowing flows through data movement, compare and select: TopK's indices, reshaped,
// compared with a constant, selected against another constant, then used as indices.
// CHECK-LABEL: func.func @topk_chain
func.func @topk_chain(%x: tensor<1x6xf32>, %data: tensor<6x3xf32>) -> tensor<4x3xf32> {
  // CHECK-DAG: edge.constant dense<2> : tensor<i32>
  // CHECK-DAG: edge.constant dense<[0, 1, 2, 3]> : tensor<4xi32>
  // CHECK: edge.top_k %{{.*}} : (tensor<1x6xf32>) -> (tensor<1x4xf32>, tensor<1x4xi32>)
  // CHECK: edge.reshape %{{.*}} : tensor<1x4xi32> -> tensor<4xi32>
  // CHECK: edge.compare lt %{{.*}}, %{{.*}} : (tensor<4xi32>, tensor<i32>) -> tensor<4xi1>
  // CHECK: edge.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4xi1>, tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  // CHECK: edge.gather %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<6x3xf32>, tensor<4xi32>) -> tensor<4x3xf32>
  // CHECK-NOT: i64>
  // LOWER-LABEL: func.func @topk_chain
  // LOWER: kernel.top_k {{.*}}impl = "edgec_top_k_f32_idx32"{{.*}} : memref<1x6xf32>, memref<1x4xf32>, memref<1x4xi32>
  %two = edge.constant dense<2> : tensor<i64>
  %iota = edge.constant dense<[0, 1, 2, 3]> : tensor<4xi64>
  %v, %i = edge.top_k %x {axis = 1 : i64, k = 4 : i64, largest = true} : (tensor<1x6xf32>) -> (tensor<1x4xf32>, tensor<1x4xi64>)
  %r = edge.reshape %i : tensor<1x4xi64> -> tensor<4xi64>
  %m = edge.compare lt %r, %two : (tensor<4xi64>, tensor<i64>) -> tensor<4xi1>
  %s = edge.select %m, %r, %iota : (tensor<4xi1>, tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %g = edge.gather %data, %s {axis = 0 : i64} : (tensor<6x3xf32>, tensor<4xi64>) -> tensor<4x3xf32>
  return %g : tensor<4x3xf32>
}

// -----

// A constant that does not fit int32 stays int64, and so does the ArgMax compared with it.
// CHECK-LABEL: func.func @constant_too_large
func.func @constant_too_large(%x: tensor<2x5xf32>) -> tensor<2xi1> {
  // CHECK: edge.constant dense<[1, 5000000000]> : tensor<2xi64>
  // CHECK: edge.arg_reduce max %{{.*}} : (tensor<2x5xf32>) -> tensor<2xi64>
  // CHECK: edge.compare eq %{{.*}}, %{{.*}} : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi1>
  // CHECK-NOT: i32>
  // LOWER-LABEL: func.func @constant_too_large
  // LOWER: kernel.arg_reduce max {{.*}}impl = "edgec_arg_reduce_f32"{{.*}} : memref<2x5xf32>, memref<2xi64>
  %big = edge.constant dense<[1, 5000000000]> : tensor<2xi64>
  %i = edge.arg_reduce max %x {axis = 1 : i64, keepdims = false} : (tensor<2x5xf32>) -> tensor<2xi64>
  %e = edge.compare eq %i, %big : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi1>
  return %e : tensor<2xi1>
}

// -----

// A graph output keeps its declared int64, and so does everything that reaches it unchanged.
// CHECK-LABEL: func.func @graph_output
// CHECK-SAME: -> tensor<2x1xi64>
func.func @graph_output(%x: tensor<2x5xf32>) -> tensor<2x1xi64> {
  // CHECK: edge.arg_reduce max %{{.*}} : (tensor<2x5xf32>) -> tensor<2xi64>
  // CHECK: edge.reshape %{{.*}} : tensor<2xi64> -> tensor<2x1xi64>
  // CHECK-NOT: i32>
  %i = edge.arg_reduce max %x {axis = 1 : i64, keepdims = false} : (tensor<2x5xf32>) -> tensor<2xi64>
  %r = edge.reshape %i : tensor<2xi64> -> tensor<2x1xi64>
  return %r : tensor<2x1xi64>
}

// -----

// Arithmetic has no bound here: the ArgMax it reads stays int64 (no cast is added), while a
// second ArgMax that only Gather reads is narrowed.
// CHECK-LABEL: func.func @arithmetic_keeps_i64
func.func @arithmetic_keeps_i64(%x: tensor<2x5xf32>, %t: tensor<5xf32>) -> (tensor<2xi64>, tensor<2xf32>) {
  // CHECK: %[[A:.*]] = edge.arg_reduce max %{{.*}} -> tensor<2xi64>
  // CHECK: edge.binary add %[[A]], %{{.*}} : (tensor<2xi64>, tensor<i64>) -> tensor<2xi64>
  // CHECK: %[[B:.*]] = edge.arg_reduce min %{{.*}} -> tensor<2xi32>
  // CHECK: edge.gather %{{.*}}, %[[B]] {axis = 0 : i64} : (tensor<5xf32>, tensor<2xi32>) -> tensor<2xf32>
  // CHECK-NOT: edge.cast
  %one = edge.constant dense<1> : tensor<i64>
  %a = edge.arg_reduce max %x {axis = 1 : i64, keepdims = false} : (tensor<2x5xf32>) -> tensor<2xi64>
  %s = edge.binary add %a, %one : (tensor<2xi64>, tensor<i64>) -> tensor<2xi64>
  %b = edge.arg_reduce min %x {axis = 1 : i64, keepdims = false} : (tensor<2x5xf32>) -> tensor<2xi64>
  %g = edge.gather %t, %b {axis = 0 : i64} : (tensor<5xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %s, %g : tensor<2xi64>, tensor<2xf32>
}

// -----

// A Cast of int32 indices to int64 for Gather becomes a no-op and disappears; a Cast of
// narrowed indices to float reads the int32.
// CHECK-LABEL: func.func @casts
// CHECK-SAME: (%[[IDX:.*]]: tensor<3xi32>, %[[D:.*]]: tensor<4x2xf32>, %[[X:.*]]: tensor<3x4xf32>)
func.func @casts(%idx: tensor<3xi32>, %d: tensor<4x2xf32>, %x: tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3xf32>) {
  // CHECK: edge.gather %[[D]], %[[IDX]] {axis = 0 : i64} : (tensor<4x2xf32>, tensor<3xi32>) -> tensor<3x2xf32>
  // CHECK: %[[A:.*]] = edge.arg_reduce max %[[X]] {{.*}} -> tensor<3xi32>
  // CHECK: edge.cast %[[A]] {to = f32} : (tensor<3xi32>) -> tensor<3xf32>
  // CHECK-NOT: i64>
  %w = edge.cast %idx {to = i64} : (tensor<3xi32>) -> tensor<3xi64>
  %g = edge.gather %d, %w {axis = 0 : i64} : (tensor<4x2xf32>, tensor<3xi64>) -> tensor<3x2xf32>
  %a = edge.arg_reduce max %x {axis = 1 : i64, keepdims = false} : (tensor<3x4xf32>) -> tensor<3xi64>
  %f = edge.cast %a {to = f32} : (tensor<3xi64>) -> tensor<3xf32>
  return %g, %f : tensor<3x2xf32>, tensor<3xf32>
}

// -----

// A Concat with one input that cannot be narrowed (a graph input) keeps every input int64.
// CHECK-LABEL: func.func @concat_with_input
func.func @concat_with_input(%x: tensor<1x5xf32>, %n: tensor<1xi64>, %t: tensor<9xf32>) -> tensor<2xf32> {
  // CHECK: edge.arg_reduce max %{{.*}} -> tensor<1xi64>
  // CHECK: edge.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  // CHECK-NOT: i32>
  %a = edge.arg_reduce max %x {axis = 1 : i64, keepdims = false} : (tensor<1x5xf32>) -> tensor<1xi64>
  %c = edge.concat %a, %n {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %g = edge.gather %t, %c {axis = 0 : i64} : (tensor<9xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %g : tensor<2xf32>
}
