// State pairs (edgec.state, from --stateful): the input and output arguments become one buffer
// live through every call, never shared (not even in place), written directly when no call reads
// the old state after the new one is first written, else copied into after the last call.
// RUN: edgec-opt %s --split-input-file --verify-diagnostics --kernel-plan-memory | FileCheck %s

// h is read by call 0 and hN written by call 1: in place. The relu of call 2 reads the state for
// the last time, yet its output may not take the state's bytes (they must outlive the run).
// CHECK-LABEL: func.func @in_place(
// CHECK-SAME: %{{.*}}: memref<4xf32> {edgec.name = "x"})
// CHECK: %[[S:.*]] = kernel.buffer {edgec.state = {input = "h", output = "hN", update = "in_place"}, live = array<i64: 0, 2>, offset = 0 : i64, pool = "arena"}
// CHECK: kernel.unary relu %[[S]], %[[R:.*]] {
// CHECK: kernel.binary add %[[R]], %{{.*}}, %[[S]] {
// CHECK: %[[T:.*]] = kernel.buffer {live = array<i64: 2, 2>, offset = 16 : i64
// CHECK: kernel.unary relu %[[S]], %[[T]] {
// CHECK-NOT: kernel.copy
module attributes {edgec.state = [{input = "h", output = "hN"}]} {
  func.func @in_place(%x: memref<4xf32> {edgec.name = "x"}, %h: memref<4xf32> {edgec.name = "h"},
                      %hN: memref<4xf32> {edgec.name = "hN", edgec.output}) {
    %r = memref.alloc() : memref<4xf32>
    kernel.unary relu %h, %r {impl = "edgec_unary_f32"} : memref<4xf32>, memref<4xf32>
    kernel.binary add %r, %x, %hN {impl = "edgec_binary_f32"} : memref<4xf32>, memref<4xf32>, memref<4xf32>
    %t = memref.alloc() : memref<4xf32>
    kernel.unary relu %hN, %t {impl = "edgec_unary_f32"} : memref<4xf32>, memref<4xf32>
    return
  }
}

// -----

// c is read by call 1 after cN is written by call 0: cN goes to a buffer of its own, copied
// into the state after the last call.
// CHECK-LABEL: func.func @copy_at_end(
// CHECK: %[[S:.*]] = kernel.buffer {edgec.state = {input = "c", output = "cN", update = "copy_at_end"}, live = array<i64: 0, 2>
// CHECK: %[[N:.*]] = kernel.buffer {live = array<i64: 0, 2>
// CHECK: kernel.binary add %[[S]], %{{.*}}, %[[N]] {
// CHECK: kernel.binary mul %[[N]], %[[S]], %{{.*}} {
// CHECK: kernel.copy %[[N]], %[[S]] {impl = "edgec_copy"}
// CHECK-NEXT: return
module attributes {edgec.state = [{input = "c", output = "cN"}]} {
  func.func @copy_at_end(%x: memref<4xf32> {edgec.name = "x"}, %c: memref<4xf32> {edgec.name = "c"},
                         %y: memref<4xf32> {edgec.name = "y", edgec.output}, %cN: memref<4xf32> {edgec.name = "cN", edgec.output}) {
    kernel.binary add %c, %x, %cN {impl = "edgec_binary_f32"} : memref<4xf32>, memref<4xf32>, memref<4xf32>
    kernel.binary mul %cN, %c, %y {impl = "edgec_binary_f32"} : memref<4xf32>, memref<4xf32>, memref<4xf32>
    return
  }
}

// -----

// A pair whose buffers differ (a dump edited by hand; the driver refuses this at import).
module attributes {edgec.state = [{input = "h", output = "hN"}]} {
  // expected-error @+1 {{state pair 'h' -> 'hN': the input is 'memref<4xf32>' but the output 'memref<4xi32>'}}
  func.func @mismatch(%h: memref<4xf32> {edgec.name = "h"}, %hN: memref<4xi32> {edgec.name = "hN", edgec.output}) {
    kernel.copy %h, %hN {impl = "edgec_copy"} : memref<4xf32>, memref<4xi32>
    return
  }
}
