// RUN: edgec-opt %s --kernel-plan-memory=in-place=false | FileCheck %s

// Two pools from the target: a 512-byte fast one and a large slow one. Buffers (each
// 256 B) a [0, 3], b [1, 2], c [2, 3]: all three live at call 2, so one must go slow.
// Traffic per byte: a is read three times (calls 1, 2, 3) plus written, b and c once
// each plus written; a and, at equal traffic, b (the first) go fast, c goes slow.
// CHECK: module attributes {edgec.arena_bytes = 768 : i64, edgec.lower_bound_bytes = 768 : i64,
// CHECK-SAME: edgec.pools = [{bytes = 512 : i64, capacity = 512 : i64, name = "tcm", section = ".dtcm", speed = 4.000000e+00 : f64, weights = 0 : i64}, {bytes = 256 : i64, capacity = 1048576 : i64, name = "sram", section = "", speed = 1.000000e+00 : f64, weights = 0 : i64}]
// CHECK: %[[A:.*]] = kernel.buffer {live = array<i64: 0, 3>, offset = {{[0-9]+}} : i64, pool = "tcm"}
// CHECK: %[[B:.*]] = kernel.buffer {live = array<i64: 1, 2>, offset = {{[0-9]+}} : i64, pool = "tcm"}
// CHECK: %[[C:.*]] = kernel.buffer {live = array<i64: 2, 3>, offset = 0 : i64, pool = "sram"}
module attributes {edgec.target = {name = "board", pools = [{name = "sram", bytes = 1048576 : i64, speed = 1 : i64}, {name = "tcm", bytes = 512 : i64, speed = 4 : i64, section = ".dtcm"}]}} {
  func.func @main(%x: memref<64xf32>, %y: memref<64xf32> {edgec.output}) {
    %a = memref.alloc() : memref<64xf32>
    kernel.unary exp %x, %a {impl = "edgec_unary_f32"} : memref<64xf32>, memref<64xf32>
    %b = memref.alloc() : memref<64xf32>
    kernel.unary exp %a, %b {impl = "edgec_unary_f32"} : memref<64xf32>, memref<64xf32>
    %c = memref.alloc() : memref<64xf32>
    kernel.binary add %a, %b, %c {impl = "edgec_binary_f32"} : memref<64xf32>, memref<64xf32>, memref<64xf32>
    kernel.binary add %a, %c, %y {impl = "edgec_binary_f32"} : memref<64xf32>, memref<64xf32>, memref<64xf32>
    return
  }
}
