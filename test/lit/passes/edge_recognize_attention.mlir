// RUN: edgec-opt %s --split-input-file --edge-fuse-activations --edge-dce | FileCheck %s
// RUN: edgec-opt %s --split-input-file --edge-fuse-activations --edge-dce --edge-lower-to-kernel | FileCheck %s --check-prefix=LOWER

// Scaled dot-product attention written with primitives (MatMul, a scalar Mul or Div,
// Softmax over the last axis, MatMul) becomes one edge.attention in edge-fuse-activations'
// recognition step, and one kernel that keeps a single row of scores.

// The PP-OCRv4 (SVTR) form: q scaled, k transposed by a Transpose that folds away.
// CHECK-LABEL: func.func @scaled_q
// CHECK-SAME: (%[[Q:.*]]: tensor<8x25x15xf32>, %[[K:.*]]: tensor<8x25x15xf32>, %[[V:.*]]: tensor<8x25x15xf32>)
// CHECK-NEXT: %[[O:.*]] = edge.attention %[[Q]], %[[K]], %[[V]] {scale = 2.500000e-01 : f32}
// CHECK-NEXT: return %[[O]]
// LOWER-LABEL: func.func @scaled_q
// LOWER: %[[S:.*]] = memref.alloc() : memref<25xf32>
// LOWER: kernel.attention %{{.*}}, %{{.*}}, %{{.*}}, %[[S]], %{{.*}} {impl = "edgec_attention_f32", scale = 2.500000e-01 : f32}
func.func @scaled_q(%q: tensor<8x25x15xf32>, %k: tensor<8x25x15xf32>, %v: tensor<8x25x15xf32>) -> tensor<8x25x15xf32> {
  %c = edge.constant dense<0.25> : tensor<1xf32>
  %qs = edge.binary mul %q, %c : (tensor<8x25x15xf32>, tensor<1xf32>) -> tensor<8x25x15xf32>
  %kt = edge.transpose %k {perm = array<i64: 0, 2, 1>} : (tensor<8x25x15xf32>) -> tensor<8x15x25xf32>
  %s = edge.matmul %qs, %kt : (tensor<8x25x15xf32>, tensor<8x15x25xf32>) -> tensor<8x25x25xf32>
  %p = edge.softmax %s {axis = 2 : i64} : tensor<8x25x25xf32>
  %o = edge.matmul %p, %v : (tensor<8x25x25xf32>, tensor<8x25x15xf32>) -> tensor<8x25x15xf32>
  return %o : tensor<8x25x15xf32>
}

// -----

// The softmax of an opset < 13 export, upgraded: between reshapes that merge the leading dims.
// CHECK-LABEL: func.func @reshaped_softmax
// CHECK-NEXT: %[[O:.*]] = edge.attention %{{.*}}, %{{.*}}, %{{.*}} {scale = 2.500000e-01 : f32} : (tensor<1x8x40x15xf32>, tensor<1x8x40x15xf32>, tensor<1x8x40x15xf32>) -> tensor<1x8x40x15xf32>
// CHECK-NEXT: return %[[O]]
func.func @reshaped_softmax(%q: tensor<1x8x40x15xf32>, %k: tensor<1x8x40x15xf32>, %v: tensor<1x8x40x15xf32>) -> tensor<1x8x40x15xf32> {
  %c = edge.constant dense<0.25> : tensor<1xf32>
  %qs = edge.binary mul %q, %c : (tensor<1x8x40x15xf32>, tensor<1xf32>) -> tensor<1x8x40x15xf32>
  %kt = edge.transpose %k {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x8x40x15xf32>) -> tensor<1x8x15x40xf32>
  %s = edge.matmul %qs, %kt : (tensor<1x8x40x15xf32>, tensor<1x8x15x40xf32>) -> tensor<1x8x40x40xf32>
  %s2 = edge.reshape %s : tensor<1x8x40x40xf32> -> tensor<320x40xf32>
  %p2 = edge.softmax %s2 {axis = 1 : i64} : tensor<320x40xf32>
  %p = edge.reshape %p2 : tensor<320x40xf32> -> tensor<1x8x40x40xf32>
  %o = edge.matmul %p, %v : (tensor<1x8x40x40xf32>, tensor<1x8x40x15xf32>) -> tensor<1x8x40x15xf32>
  return %o : tensor<1x8x40x15xf32>
}

// -----

// Scores divided by sqrt(d); k^T given as a value of its own: transposed back.
// CHECK-LABEL: func.func @divided_scores
// CHECK-SAME: (%[[Q:.*]]: tensor<2x4x8xf32>, %[[KT:.*]]: tensor<2x8x6xf32>, %[[V:.*]]: tensor<2x6x3xf32>)
// CHECK-NEXT: %[[K:.*]] = edge.transpose %[[KT]] {perm = array<i64: 0, 2, 1>}
// CHECK-NEXT: %[[O:.*]] = edge.attention %[[Q]], %[[K]], %[[V]] {scale = 5.000000e-01 : f32} : (tensor<2x4x8xf32>, tensor<2x6x8xf32>, tensor<2x6x3xf32>) -> tensor<2x4x3xf32>
func.func @divided_scores(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x3xf32>) -> tensor<2x4x3xf32> {
  %c = edge.constant dense<2.0> : tensor<f32>
  %s = edge.matmul %q, %kt : (tensor<2x4x8xf32>, tensor<2x8x6xf32>) -> tensor<2x4x6xf32>
  %d = edge.binary div %s, %c : (tensor<2x4x6xf32>, tensor<f32>) -> tensor<2x4x6xf32>
  %p = edge.softmax %d {axis = 2 : i64} : tensor<2x4x6xf32>
  %o = edge.matmul %p, %v : (tensor<2x4x6xf32>, tensor<2x6x3xf32>) -> tensor<2x4x3xf32>
  return %o : tensor<2x4x3xf32>
}

// -----

// Not attention: the probabilities are read twice, a softmax over another axis, a
// broadcast batch.
// CHECK-LABEL: func.func @not_attention
// CHECK-NOT: edge.attention
// CHECK: return
func.func @not_attention(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x3xf32>, %kt1: tensor<8x6xf32>, %v1: tensor<6x3xf32>)
    -> (tensor<2x4x3xf32>, tensor<2x4x6xf32>, tensor<2x4x3xf32>, tensor<2x4x3xf32>) {
  %s = edge.matmul %q, %kt : (tensor<2x4x8xf32>, tensor<2x8x6xf32>) -> tensor<2x4x6xf32>
  %p = edge.softmax %s {axis = 2 : i64} : tensor<2x4x6xf32>
  %o = edge.matmul %p, %v : (tensor<2x4x6xf32>, tensor<2x6x3xf32>) -> tensor<2x4x3xf32>
  %s2 = edge.matmul %q, %kt : (tensor<2x4x8xf32>, tensor<2x8x6xf32>) -> tensor<2x4x6xf32>
  %p2 = edge.softmax %s2 {axis = 1 : i64} : tensor<2x4x6xf32>
  %o2 = edge.matmul %p2, %v : (tensor<2x4x6xf32>, tensor<2x6x3xf32>) -> tensor<2x4x3xf32>
  %s3 = edge.matmul %q, %kt1 : (tensor<2x4x8xf32>, tensor<8x6xf32>) -> tensor<2x4x6xf32>
  %p3 = edge.softmax %s3 {axis = 2 : i64} : tensor<2x4x6xf32>
  %o3 = edge.matmul %p3, %v1 : (tensor<2x4x6xf32>, tensor<6x3xf32>) -> tensor<2x4x3xf32>
  return %o, %p, %o2, %o3 : tensor<2x4x3xf32>, tensor<2x4x6xf32>, tensor<2x4x3xf32>, tensor<2x4x3xf32>
}
