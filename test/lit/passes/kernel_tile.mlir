// kernel-tile: cache tiles (output channels, output pixels) for the float general and
// pointwise convs whose filters do not fit half of L2, from the target's L2 size and vector
// width; the same conv tiles differently on a small-cache 128-bit target and on a
// large-cache 512-bit one, and not at all where its filters fit.
// RUN: edgec-opt %s --split-input-file --kernel-tile | FileCheck %s

// Only filters larger than L2 are tiled. l2 = 256 KiB, 128-bit vectors (4 floats).
// 3x3x64 -> 128: 2304-byte filters, 288 KiB in all; 56 fit half of L2, so 3 equal blocks
// of 44 channels (a multiple of 4); 768 bytes of input and output per pixel -> 84 pixels in
// a quarter of L2. Pointwise 256 -> 512: 1 KiB filters, 4 blocks of 128 channels, 3 KiB
// per pixel -> 20 pixels.
// CHECK-LABEL: func.func @small
// CHECK: kernel.conv {{.*}}impl = "edgec_conv_f32"{{.*}}tile = array<i64: 44, 84>
// CHECK: kernel.conv {{.*}}impl = "edgec_conv_pointwise_f32"{{.*}}tile = array<i64: 128, 20>
// Filters that fit (256 KiB of 256 -> 256, 16 channels of 3x3x8) and other kernels are
// left alone.
// CHECK-NOT: tile =
module attributes {edgec.target = {caches = {l1 = 16384 : i64, l2 = 262144 : i64}, vector_bits = 128 : i64}} {
  func.func @small(%x: memref<1x32x32x64xf32>, %w: memref<128x3x3x64xf32>, %y: memref<1x32x32x128xf32> {edgec.output},
                   %p: memref<1x16x16x256xf32>, %pw: memref<512x1x1x256xf32>, %py: memref<1x16x16x512xf32> {edgec.output},
                   %qw: memref<256x1x1x256xf32>, %qy: memref<1x16x16x256xf32> {edgec.output},
                   %s: memref<1x8x8x8xf32>, %sw: memref<16x3x3x8xf32>, %sy: memref<1x8x8x16xf32> {edgec.output},
                   %dw: memref<64x3x3x1xf32>, %dy: memref<1x32x32x64xf32> {edgec.output}) {
    kernel.conv %x, %w, %y {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x32x32x64xf32>, memref<128x3x3x64xf32>, memref<1x32x32x128xf32>
    kernel.conv %p, %pw, %py {impl = "edgec_conv_pointwise_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x16x16x256xf32>, memref<512x1x1x256xf32>, memref<1x16x16x512xf32>
    kernel.conv %p, %qw, %qy {impl = "edgec_conv_pointwise_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x16x16x256xf32>, memref<256x1x1x256xf32>, memref<1x16x16x256xf32>
    kernel.conv %s, %sw, %sy {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x8x8x8xf32>, memref<16x3x3x8xf32>, memref<1x8x8x16xf32>
    kernel.conv %x, %dw, %dy {impl = "edgec_conv_depthwise_f32", group = 64 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x32x32x64xf32>, memref<64x3x3x1xf32>, memref<1x32x32x64xf32>
    return
  }
}

// -----

// l2 = 1 MiB, 512-bit vectors (16 floats): the 288 KiB of 3x3x64 -> 128 filters fit L2
// (untiled); 3x3x256 -> 512 (9 KiB filters, 4.5 MiB) gets 11 blocks of 48 channels (56 fit,
// rounded down to a multiple of 16) and 84 pixels (3 KiB each in a quarter of L2).
// CHECK-LABEL: func.func @large
// CHECK-NOT: tile =
// CHECK: kernel.conv {{.*}}impl = "edgec_conv_f32"{{.*}}tile = array<i64: 48, 84>
module attributes {edgec.target = {caches = {l1 = 65536 : i64, l2 = 1048576 : i64}, vector_bits = 512 : i64}} {
  func.func @large(%x: memref<1x32x32x64xf32>, %w: memref<128x3x3x64xf32>, %y: memref<1x32x32x128xf32> {edgec.output},
                   %b: memref<1x16x16x256xf32>, %bw: memref<512x3x3x256xf32>, %by: memref<1x16x16x512xf32> {edgec.output}) {
    kernel.conv %x, %w, %y {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x32x32x64xf32>, memref<128x3x3x64xf32>, memref<1x32x32x128xf32>
    kernel.conv %b, %bw, %by {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x16x16x256xf32>, memref<512x3x3x256xf32>, memref<1x16x16x512xf32>
    return
  }
}
