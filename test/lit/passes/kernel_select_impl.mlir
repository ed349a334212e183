// kernel-select-impl: calls the target's kernel variants (description's kernels.impls) in
// place of the reference kernels it lists, and names the variant; kernels it does not list,
// and every kernel on a target without variants, are left alone.
// RUN: edgec-opt %s --split-input-file --kernel-select-impl | FileCheck %s

// CHECK-LABEL: func.func @dsp
// CHECK: kernel.conv {{.*}}edgec.variant = "dsp"{{.*}}impl = "edgec_conv_s8_dsp"
// CHECK: kernel.conv {{.*}}impl = "edgec_conv_f32"
// CHECK-NOT: edgec.variant
module attributes {edgec.target = {name = "m", kernels = {dir = "cortex-m", variant = "dsp", impls = {edgec_conv_s8 = {name = "edgec_conv_s8_dsp", header = "conv_s8_dsp.h"}}}}} {
  func.func @dsp(%x: memref<1x8x8x8xi8>, %w: memref<16x3x3x8xi8>, %y: memref<1x8x8x16xi8> {edgec.output},
                 %fx: memref<1x8x8x8xf32>, %fw: memref<16x3x3x8xf32>, %fy: memref<1x8x8x16xf32> {edgec.output}) {
    kernel.conv %x, %w, %y {impl = "edgec_conv_s8", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x8x8x8xi8>, memref<16x3x3x8xi8>, memref<1x8x8x16xi8>
    kernel.conv %fx, %fw, %fy {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x8x8x8xf32>, memref<16x3x3x8xf32>, memref<1x8x8x16xf32>
    return
  }
}

// -----

// CHECK-LABEL: func.func @host
// CHECK: kernel.conv {{.*}}impl = "edgec_conv_s8"
// CHECK-NOT: edgec.variant
module attributes {edgec.target = {name = "host"}} {
  func.func @host(%x: memref<1x8x8x8xi8>, %w: memref<16x3x3x8xi8>, %y: memref<1x8x8x16xi8> {edgec.output}) {
    kernel.conv %x, %w, %y {impl = "edgec_conv_s8", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x8x8x8xi8>, memref<16x3x3x8xi8>, memref<1x8x8x16xi8>
    return
  }
}
