// kernel-schedule-memory: two branches that each grow a large buffer and shrink it again.
// The imported order runs both large producers first (both large buffers live together);
// the scheduler finishes one branch before starting the other.
// RUN: edgec-opt %s --split-input-file --kernel-schedule-memory | FileCheck %s
// RUN: edgec-opt %s --split-input-file --kernel-schedule-memory --kernel-plan-memory | FileCheck %s --check-prefix=PLAN

// CHECK-LABEL: module attributes {edgec.schedule_peak = array<i64: 8256, 4224>}
// CHECK: func.func @branches
// CHECK: kernel.unary relu %{{.*}}, %[[A:.*]] {impl
// CHECK-NEXT: kernel.global_pool avg %[[A]]
// CHECK-NEXT: kernel.unary tanh %{{.*}}, %[[B:.*]] {impl
// CHECK-NEXT: kernel.global_pool avg %[[B]]
// CHECK-NEXT: kernel.binary add
// The arena follows: one large buffer at a time.
// PLAN: edgec.arena_bytes = 4224 : i64
module {
  func.func @branches(%x: memref<1x8x8x16xf32>, %y: memref<1x1x1x16xf32> {edgec.output}) {
    %a = memref.alloc() : memref<1x8x8x16xf32>
    kernel.unary relu %x, %a {impl = "edgec_unary_f32"} : memref<1x8x8x16xf32>, memref<1x8x8x16xf32>
    %b = memref.alloc() : memref<1x8x8x16xf32>
    kernel.unary tanh %x, %b {impl = "edgec_unary_f32"} : memref<1x8x8x16xf32>, memref<1x8x8x16xf32>
    %pa = memref.alloc() : memref<1x1x1x16xf32>
    kernel.global_pool avg %a, %pa {impl = "edgec_global_avgpool_f32"} : memref<1x8x8x16xf32>, memref<1x1x1x16xf32>
    %pb = memref.alloc() : memref<1x1x1x16xf32>
    kernel.global_pool avg %b, %pb {impl = "edgec_global_avgpool_f32"} : memref<1x8x8x16xf32>, memref<1x1x1x16xf32>
    kernel.binary add %pa, %pb, %y {impl = "edgec_binary_f32"} : memref<1x1x1x16xf32>, memref<1x1x1x16xf32>, memref<1x1x1x16xf32>
    return
  }
}

// -----

// A chain has one order: nothing moves, and both peaks are equal. A buffer written twice
// (in place) keeps its write-after-read order.
// CHECK-LABEL: module attributes {edgec.schedule_peak = array<i64: 256, 256>}
// CHECK: kernel.unary relu
// CHECK-NEXT: kernel.unary tanh
// CHECK-NEXT: kernel.unary sigmoid
module {
  func.func @chain(%x: memref<1x2x2x16xf32>, %y: memref<1x2x2x16xf32> {edgec.output}) {
    %a = memref.alloc() : memref<1x2x2x16xf32>
    kernel.unary relu %x, %a {impl = "edgec_unary_f32"} : memref<1x2x2x16xf32>, memref<1x2x2x16xf32>
    kernel.unary tanh %a, %a {impl = "edgec_unary_f32"} : memref<1x2x2x16xf32>, memref<1x2x2x16xf32>
    kernel.unary sigmoid %a, %y {impl = "edgec_unary_f32"} : memref<1x2x2x16xf32>, memref<1x2x2x16xf32>
    return
  }
}

// -----

// A run-time If (a select on a one-element condition joins its two sides): the imported order
// interleaves the sides; each side runs in one piece (then the other), every call of a side
// carries its guard [If index, side (1: then, 0: else)] and the join its index. The peak counts
// the larger side only, and the planner lets the two sides share bytes (in place: 256 bytes a side).
// CHECK-LABEL: module attributes {edgec.schedule_peak = array<i64: 512, 512>}
// CHECK: func.func @if_sides
// CHECK: kernel.unary relu %{{.*}} {edgec.guard = array<i64: 0, 1>
// CHECK-NEXT: kernel.unary sigmoid %{{.*}} {edgec.guard = array<i64: 0, 1>
// CHECK-NEXT: kernel.unary tanh %{{.*}} {edgec.guard = array<i64: 0, 0>
// CHECK-NEXT: kernel.unary abs %{{.*}} {edgec.guard = array<i64: 0, 0>
// CHECK-NEXT: kernel.select {{.*}} {edgec.branch_join = 0 : i64
// PLAN: edgec.arena_bytes = 256 : i64, edgec.arena_bytes_without_branch_overlap = 512 : i64
module {
  func.func @if_sides(%x: memref<1x64xf32>, %c: memref<i1>, %y: memref<1x64xf32> {edgec.output}) {
    %t1 = memref.alloc() : memref<1x64xf32>
    kernel.unary relu %x, %t1 {impl = "edgec_unary_f32"} : memref<1x64xf32>, memref<1x64xf32>
    %e1 = memref.alloc() : memref<1x64xf32>
    kernel.unary tanh %x, %e1 {impl = "edgec_unary_f32"} : memref<1x64xf32>, memref<1x64xf32>
    %t2 = memref.alloc() : memref<1x64xf32>
    kernel.unary sigmoid %t1, %t2 {impl = "edgec_unary_f32"} : memref<1x64xf32>, memref<1x64xf32>
    %e2 = memref.alloc() : memref<1x64xf32>
    kernel.unary abs %e1, %e2 {impl = "edgec_unary_f32"} : memref<1x64xf32>, memref<1x64xf32>
    kernel.select %c, %t2, %e2, %y {impl = "edgec_select"} : memref<i1>, memref<1x64xf32>, memref<1x64xf32>, memref<1x64xf32>
    return
  }
}
