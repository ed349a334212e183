// RUN: edgec-opt %s --split-input-file --kernel-patch-stages="layers=4 grid=2" | FileCheck %s
// RUN: edgec-opt %s --split-input-file --kernel-patch-stages | FileCheck %s --check-prefix=OFF
// RUN: edgec-opt %s --split-input-file --kernel-patch-stages="layers=4 grid=2" --kernel-plan-memory | FileCheck %s --check-prefix=PLAN

// conv 3x3 (pad 1) on 8x8, then a depthwise 3x3 stride 2 (pad 1) to 4x4, split 2x2.
// Patch (0, 0) of the 4x4 output, rows [0, 2): the depthwise reads rows [-1, 4) of the
// 8x8 tensor, i.e. [0, 4) with one row of real padding on top; the conv, to produce rows
// [0, 4), reads rows [-1, 5): [0, 5) with padding on top. Patch (1, 1), rows [2, 4): the
// depthwise reads [3, 8) (no padding), the conv [2, 9): [2, 8) with one row of padding at
// the bottom. Per kernel: in rows, in cols, pads t l b r, out rows, out cols.
// The intermediate (8x8x4 f32, 1 KiB whole) exists only as its largest region: 5x5x4 f32 =
// 400 bytes; the input patch is 6x6x3 f32 = 432 bytes, the output patch 2x2x4 f32 = 64.
// CHECK-LABEL: func.func @chain
// CHECK: %[[T:[a-z0-9_]+]] = memref.alloc() {edgec.patch_bytes = 400 : i64} : memref<1x8x8x4xf32>
// CHECK: %[[IP:[a-z0-9_]+]] = memref.alloc() : memref<432xi8>
// CHECK: %[[OP:[a-z0-9_]+]] = memref.alloc() : memref<64xi8>
// CHECK: kernel.patch_stage %[[X:[a-z0-9_]+]], %[[Y:[a-z0-9_]+]], %[[IP]], %[[OP]], %[[T]] {grid = array<i64: 2, 2>, patch_regions = array<i64:
// CHECK-SAME: 0, 5, 0, 5, 1, 1, 0, 0, 0, 4, 0, 4, 0, 4, 0, 4, 1, 1, 0, 0, 0, 2, 0, 2,
// CHECK-SAME: 0, 5, 2, 8, 1, 0, 0, 1, 0, 4, 3, 8, 0, 4, 3, 8, 1, 0, 0, 0, 0, 2, 2, 4,
// CHECK-SAME: 2, 8, 0, 5, 0, 1, 1, 0, 3, 8, 0, 4, 3, 8, 0, 4, 0, 1, 0, 0, 2, 4, 0, 2,
// CHECK-SAME: 2, 8, 2, 8, 0, 0, 1, 1, 3, 8, 3, 8, 3, 8, 3, 8, 0, 0, 0, 0, 2, 4, 2, 4>}
// CHECK-NEXT: kernel.conv %[[X]], {{.*}}, %[[T]]
// CHECK-NEXT: kernel.conv %[[T]], {{.*}}, %[[Y]]
// CHECK-NEXT: {{^ *}}}{{$}}
// CHECK-NEXT: kernel.copy %[[Y]]
// OFF-NOT: kernel.patch_stage
// The plan: the stage input and output whole, the intermediate and the patch buffers sized
// to their regions, all live through the stage (calls 0 and 1): 256 + 400 + 432 + 64.
// PLAN: module attributes {edgec.arena_bytes = 1152 : i64, edgec.lower_bound_bytes = 1152 : i64
// PLAN: kernel.buffer {edgec.patch_bytes = 400 : i64, live = array<i64: 0, 1>, offset = {{[0-9]+}} : i64, pool = "arena"} : memref<1x8x8x4xf32>
func.func @chain(%x: memref<1x8x8x3xf32>, %w0: memref<4x3x3x3xf32>, %w1: memref<4x3x3x1xf32>, %z: memref<1x4x4x4xf32> {edgec.output}) {
  %t = memref.alloc() : memref<1x8x8x4xf32>
  kernel.conv %x, %w0, %t {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x8x8x3xf32>, memref<4x3x3x3xf32>, memref<1x8x8x4xf32>
  %y = memref.alloc() : memref<1x4x4x4xf32>
  kernel.conv %t, %w1, %y {impl = "edgec_conv_f32", group = 4 : i64, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x8x8x4xf32>, memref<4x3x3x1xf32>, memref<1x4x4x4xf32>
  kernel.copy %y, %z {impl = "edgec_copy"} : memref<1x4x4x4xf32>, memref<1x4x4x4xf32>
  return
}

// -----

// A tensor read twice (a residual) ends the chain: one kernel alone is not patched.
// CHECK-LABEL: func.func @residual
// CHECK-NOT: kernel.patch_stage
func.func @residual(%x: memref<1x8x8x4xf32>, %w0: memref<4x3x3x4xf32>, %z: memref<1x8x8x4xf32> {edgec.output}) {
  %t = memref.alloc() : memref<1x8x8x4xf32>
  kernel.conv %x, %w0, %t {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x8x8x4xf32>, memref<4x3x3x4xf32>, memref<1x8x8x4xf32>
  %u = memref.alloc() : memref<1x8x8x4xf32>
  kernel.conv %t, %w0, %u {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x8x8x4xf32>, memref<4x3x3x4xf32>, memref<1x8x8x4xf32>
  kernel.binary add %t, %u, %z {impl = "edgec_binary_f32"} : memref<1x8x8x4xf32>, memref<1x8x8x4xf32>, memref<1x8x8x4xf32>
  return
}
