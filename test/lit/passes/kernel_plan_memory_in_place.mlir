// RUN: edgec-opt %s --split-input-file --kernel-plan-memory | FileCheck %s

// In place: relu's output takes over the conv output's bytes (the same call reads them
// for the last time), and the add then writes over the relu output. One 256-byte buffer.
// CHECK: module attributes {edgec.arena_bytes = 256 : i64, edgec.lower_bound_bytes = 256 : i64
// CHECK-LABEL: func.func @chain
// CHECK: %[[A:.*]] = kernel.buffer {live = array<i64: 0, 1>, offset = 0 : i64, pool = "arena"} : memref<64xf32>
// CHECK: %[[B:.*]] = kernel.buffer {live = array<i64: 1, 2>, offset = 0 : i64, pool = "arena"} : memref<64xf32>
// CHECK: kernel.unary relu %[[A]], %[[B]]
// CHECK: %[[C:.*]] = kernel.buffer {live = array<i64: 2, 3>, offset = 0 : i64, pool = "arena"} : memref<64xf32>
// CHECK: kernel.binary add %[[B]], %{{.*}}, %[[C]]
func.func @chain(%x: memref<64xf32>, %w: memref<64xf32>, %y: memref<64xf32> {edgec.output}) {
  %a = memref.alloc() : memref<64xf32>
  kernel.unary exp %x, %a {impl = "edgec_unary_f32"} : memref<64xf32>, memref<64xf32>
  %b = memref.alloc() : memref<64xf32>
  kernel.unary relu %a, %b {impl = "edgec_unary_f32"} : memref<64xf32>, memref<64xf32>
  %c = memref.alloc() : memref<64xf32>
  kernel.binary add %b, %w, %c {impl = "edgec_binary_f32"} : memref<64xf32>, memref<64xf32>, memref<64xf32>
  kernel.copy %c, %y {impl = "edgec_copy"} : memref<64xf32>, memref<64xf32>
  return
}

// -----

// A residual: %a is read again after the relu (by the add), so the relu may not write
// over it; the add may write over either input, both read for the last time: it takes
// its first (the relu output). Two buffers.
// CHECK: module attributes {edgec.arena_bytes = 512 : i64, edgec.lower_bound_bytes = 512 : i64
// CHECK-LABEL: func.func @residual
// CHECK: %[[A:.*]] = kernel.buffer {live = array<i64: 0, 2>, offset = 0 : i64, pool = "arena"} : memref<64xf32>
// CHECK: %[[B:.*]] = kernel.buffer {live = array<i64: 1, 2>, offset = 256 : i64, pool = "arena"} : memref<64xf32>
// CHECK: %[[C:.*]] = kernel.buffer {live = array<i64: 2, 3>, offset = 256 : i64, pool = "arena"} : memref<64xf32>
// CHECK: kernel.binary add %[[B]], %[[A]], %[[C]]
func.func @residual(%x: memref<64xf32>, %y: memref<64xf32> {edgec.output}) {
  %a = memref.alloc() : memref<64xf32>
  kernel.unary exp %x, %a {impl = "edgec_unary_f32"} : memref<64xf32>, memref<64xf32>
  %b = memref.alloc() : memref<64xf32>
  kernel.unary relu %a, %b {impl = "edgec_unary_f32"} : memref<64xf32>, memref<64xf32>
  %c = memref.alloc() : memref<64xf32>
  kernel.binary add %b, %a, %c {impl = "edgec_binary_f32"} : memref<64xf32>, memref<64xf32>, memref<64xf32>
  kernel.copy %c, %y {impl = "edgec_copy"} : memref<64xf32>, memref<64xf32>
  return
}

// -----

// No reuse across types or shapes, of graph inputs, or by kernels that read neighbours:
// the quantize output (i8) cannot take the f32 input's bytes, the broadcast add's output
// is larger than its input, a graph input is the caller's, and softmax reads a whole row.
// CHECK-LABEL: func.func @no_reuse
// CHECK: %[[A:.*]] = kernel.buffer {live = array<i64: 0, 1>, offset = [[OA:[0-9]+]] : i64
// CHECK: %[[B:.*]] = kernel.buffer {live = array<i64: 1, 2>, offset = [[OB:[0-9]+]] : i64
// CHECK-NOT: offset = [[OA]] :
// CHECK: %[[C:.*]] = kernel.buffer {live = array<i64: 2, 3>, offset = [[OC:[0-9]+]] : i64
// CHECK-NOT: offset = [[OB]] :
// CHECK: kernel.softmax
func.func @no_reuse(%x: memref<4xf32>, %y: memref<4x4xf32> {edgec.output}) {
  %a = memref.alloc() : memref<4xf32>
  kernel.unary relu %x, %a {impl = "edgec_unary_f32"} : memref<4xf32>, memref<4xf32>
  %b = memref.alloc() : memref<4x4xf32>
  kernel.binary add %a, %x, %b {impl = "edgec_binary_f32"} : memref<4xf32>, memref<4xf32>, memref<4x4xf32>
  %c = memref.alloc() : memref<4x4xf32>
  kernel.softmax %b, %c {impl = "edgec_softmax_f32", axis = 1 : i64} : memref<4x4xf32>, memref<4x4xf32>
  kernel.copy %c, %y {impl = "edgec_copy"} : memref<4x4xf32>, memref<4x4xf32>
  return
}
