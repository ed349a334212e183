// RUN: edgec-opt %s --kernel-plan-memory | FileCheck %s

// Two pools: a 1 KiB fast one and a large slow one. The activations (a: 512 B, p: 32 B, live
// together at call 1) fill 544 B of the fast pool; the room left takes copies of the weights
// read most often per byte: the bias (1,024 MACs over 32 B) first, then the 1x1 filter
// (1,024 MACs over 256 B). The second conv's filter runs on one pixel (64 MACs over 256 B,
// each weight read once): a copy would not pay, so it stays in the blob.
// CHECK: edgec.pools = [{bytes = 832 : i64, capacity = 1024 : i64, name = "tcm", section = "", speed = 4.000000e+00 : f64, weights = 288 : i64}, {bytes = 0 : i64, capacity = 1048576 : i64, name = "sram", section = "", speed = 1.000000e+00 : f64, weights = 0 : i64}]
// CHECK: memref.global "private" constant @w : memref<8x1x1x8xf32> = dense<5.000000e-01> {edgec.fast_copy = {offset = 576 : i64, pool = "tcm"}, edgec.offset = 0 : i64}
// CHECK: memref.global "private" constant @b : memref<8xf32> = dense<2.500000e-01> {edgec.fast_copy = {offset = 544 : i64, pool = "tcm"}, edgec.offset = 256 : i64}
// CHECK: memref.global "private" constant @w2 : memref<8x1x1x8xf32> = dense<1.000000e+00> {edgec.offset = 288 : i64}
module attributes {edgec.target = {name = "board", pools = [{name = "sram", bytes = 1048576 : i64, speed = 1 : i64}, {name = "tcm", bytes = 1024 : i64, speed = 4 : i64}]}} {
  memref.global "private" constant @w : memref<8x1x1x8xf32> = dense<0.5>
  memref.global "private" constant @b : memref<8xf32> = dense<0.25>
  memref.global "private" constant @w2 : memref<8x1x1x8xf32> = dense<1.0>
  func.func @main(%x: memref<1x4x4x8xf32>, %y: memref<1x1x1x8xf32> {edgec.output}) {
    %w = memref.get_global @w : memref<8x1x1x8xf32>
    %b = memref.get_global @b : memref<8xf32>
    %w2 = memref.get_global @w2 : memref<8x1x1x8xf32>
    %a = memref.alloc() : memref<1x4x4x8xf32>
    kernel.conv %x, %w bias(%b), %a {impl = "edgec_conv_pointwise_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x4x4x8xf32>, memref<8x1x1x8xf32>, memref<8xf32>, memref<1x4x4x8xf32>
    %p = memref.alloc() : memref<1x1x1x8xf32>
    kernel.global_pool avg %a, %p {impl = "edgec_global_avgpool_f32"} : memref<1x4x4x8xf32>, memref<1x1x1x8xf32>
    kernel.conv %p, %w2, %y {impl = "edgec_conv_pointwise_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x1x1x8xf32>, memref<8x1x1x8xf32>, memref<1x1x1x8xf32>
    return
  }
}
