// kernel-elide-concat: producers write straight into their slice of a concat's output.
// RUN: edgec-opt %s --split-input-file --kernel-elide-concat | FileCheck %s
// RUN: edgec-opt %s --split-input-file --kernel-elide-concat --kernel-plan-memory | FileCheck %s --check-prefix=PLAN

// Channel concat in NHWC: the slices are strided (24 floats per pixel). The panel conv writes
// its slice with that pixel stride; the Relu cannot, and the conv whose output is also read
// by the add keeps its own buffer; the concat copies only those two.
// CHECK-LABEL: func.func @strided
// CHECK: %[[C:.*]] = memref.alloc() : memref<1x4x4x24xf32>
// CHECK: %[[S:.*]] = memref.subview %[[C]][0, 0, 0, 0] [1, 4, 4, 8] [1, 1, 1, 1] : memref<1x4x4x24xf32> to memref<1x4x4x8xf32, strided<[384, 96, 24, 1]>>
// CHECK: kernel.conv %{{.*}}, %{{.*}}, %[[S]] {{{.*}}impl = "edgec_conv_panel_strided_f32"
// CHECK: kernel.conv {{.*}}impl = "edgec_conv_panel_f32"
// CHECK: kernel.unary relu
// CHECK: kernel.concat %[[S]], %{{.*}}, %{{.*}} into %[[C]]
// The planner places the slice inside the concat's buffer: 1536 bytes for it, 512 + 512 for
// the other two inputs, nothing for the elided one.
// PLAN-LABEL: module attributes {edgec.arena_bytes = 2560 : i64, edgec.concat_inputs_elided = 1 : i64, edgec.concats_removed = 0 : i64
module attributes {edgec.target = {conv_filter_panel = 8 : i64}} {
  memref.global "private" constant @w : memref<8x1x1x8xf32> = dense<0.5>
  func.func @strided(%x: memref<1x4x4x8xf32>, %y: memref<1x4x4x24xf32> {edgec.output}, %t: memref<1x4x4x8xf32> {edgec.output}) {
    %w = memref.get_global @w : memref<8x1x1x8xf32>
    %a = memref.alloc() : memref<1x4x4x8xf32>
    kernel.conv %x, %w, %a {impl = "edgec_conv_panel_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x4x4x8xf32>, memref<8x1x1x8xf32>, memref<1x4x4x8xf32>
    %b = memref.alloc() : memref<1x4x4x8xf32>
    kernel.conv %x, %w, %b {impl = "edgec_conv_panel_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x4x4x8xf32>, memref<8x1x1x8xf32>, memref<1x4x4x8xf32>
    %r = memref.alloc() : memref<1x4x4x8xf32>
    kernel.unary relu %x, %r {impl = "edgec_unary_f32"} : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>
    %c = memref.alloc() : memref<1x4x4x24xf32>
    kernel.concat %a, %b, %r into %c {impl = "edgec_concat", axis = 3 : i64} : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>, memref<1x4x4x8xf32> into memref<1x4x4x24xf32>
    kernel.binary add %b, %b, %t {impl = "edgec_binary_f32"} : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>, memref<1x4x4x8xf32>
    kernel.unary relu %c, %y {impl = "edgec_unary_f32"} : memref<1x4x4x24xf32>, memref<1x4x4x24xf32>
    return
  }
}

// -----

// Contiguous slices (every dim before the axis is 1): any producer writes its slice, also
// through a reshape view (what the layout change of a 1x1 map leaves), and the concat, with
// nothing left to copy, is gone.
// CHECK-LABEL: func.func @contiguous
// CHECK: %[[C:.*]] = memref.alloc() : memref<1x1x1x12xf32>
// CHECK: %[[S0:.*]] = memref.subview %[[C]][0, 0, 0, 0] [1, 1, 1, 4]
// CHECK: kernel.unary sigmoid %{{.*}}, %[[S0]]
// CHECK: %[[S1:.*]] = memref.subview %[[C]][0, 0, 0, 4] [1, 1, 1, 8] [1, 1, 1, 1] : memref<1x1x1x12xf32> to memref<1x1x1x8xf32, strided<[12, 12, 12, 1], offset: 4>>
// CHECK: %[[V:.*]] = kernel.reshape %[[S1]] : memref<1x1x1x8xf32, strided<[12, 12, 12, 1], offset: 4>> -> memref<1x8x1x1xf32>
// CHECK: kernel.unary relu %{{.*}}, %[[V]]
// CHECK-NOT: kernel.concat
// CHECK: kernel.unary tanh %[[C]]
// PLAN-LABEL: module attributes {edgec.arena_bytes = 48 : i64, edgec.concat_inputs_elided = 2 : i64, edgec.concats_removed = 1 : i64
module {
  func.func @contiguous(%x: memref<1x1x1x4xf32>, %p: memref<1x8x1x1xf32>, %y: memref<1x1x1x12xf32> {edgec.output}) {
    %a = memref.alloc() : memref<1x1x1x4xf32>
    kernel.unary sigmoid %x, %a {impl = "edgec_unary_f32"} : memref<1x1x1x4xf32>, memref<1x1x1x4xf32>
    %b = memref.alloc() : memref<1x8x1x1xf32>
    kernel.unary relu %p, %b {impl = "edgec_unary_f32"} : memref<1x8x1x1xf32>, memref<1x8x1x1xf32>
    %v = kernel.reshape %b : memref<1x8x1x1xf32> -> memref<1x1x1x8xf32>
    %c = memref.alloc() : memref<1x1x1x12xf32>
    kernel.concat %a, %v into %c {impl = "edgec_concat", axis = 3 : i64} : memref<1x1x1x4xf32>, memref<1x1x1x8xf32> into memref<1x1x1x12xf32>
    kernel.unary tanh %c, %y {impl = "edgec_unary_f32"} : memref<1x1x1x12xf32>, memref<1x1x1x12xf32>
    return
  }
}

// -----

// A concat that writes a graph output (the caller's buffer) keeps its copies.
// CHECK-LABEL: func.func @graph_output
// CHECK-NOT: subview
// CHECK: kernel.concat
module {
  func.func @graph_output(%x: memref<1x1x1x4xf32>, %y: memref<1x1x1x8xf32> {edgec.output}) {
    %a = memref.alloc() : memref<1x1x1x4xf32>
    kernel.unary sigmoid %x, %a {impl = "edgec_unary_f32"} : memref<1x1x1x4xf32>, memref<1x1x1x4xf32>
    kernel.concat %a, %x into %y {impl = "edgec_concat", axis = 3 : i64} : memref<1x1x1x4xf32>, memref<1x1x1x4xf32> into memref<1x1x1x8xf32>
    return
  }
}
