// kernel-pack-filters: where the target asks for panels (conv_filter_panel = 8), float convs
// with one group get their constant filters repacked into panels of eight output channels and
// call the panel kernel; everything else is left alone.
// RUN: edgec-opt %s --split-input-file --kernel-pack-filters | FileCheck %s

// Pointwise 4 -> 10: the first panel holds channels 0..7, the second the last two. In the
// panel layout element (c * w + j) is filter[oc0 + j][c]: channel c of eight consecutive
// filters sits side by side. Filter oc is [oc*4, oc*4+1, oc*4+2, oc*4+3] + 1 (1..40).
// CHECK-LABEL: memref.global "private" constant @pw_panel8 : memref<10x1x1x4xf32> = dense<
// Panel 0, c = 0: filters 0..7's first channel are 1, 5, 9, ..., 29; c = 1: 2, 6, ...
// CHECK-SAME: 1.000000e+00, 5.000000e+00, 9.000000e+00, 1.300000e+01]]], {{\[\[\[}}1.700000e+01, 2.100000e+01, 2.500000e+01, 2.900000e+01]]], {{\[\[\[}}2.000000e+00, 6.000000e+00,
// Panel 1 (w = 2) starts at element 32: c = 0 of filters 8 and 9 (33, 37), then c = 1 (34, 38).
// CHECK-SAME: {{\[\[\[}}3.300000e+01, 3.700000e+01, 3.400000e+01, 3.800000e+01]]], {{\[\[\[}}3.500000e+01, 3.900000e+01, 3.600000e+01, 4.000000e+01]]]]>
// The unpacked filter is gone; a shared 3x3 filter is packed once for both its convs.
// CHECK-NOT: memref.global "private" constant @pw :
// CHECK: memref.global "private" constant @w_panel8 : memref<16x3x3x8xf32>
// CHECK-NOT: memref.global "private" constant @w :
// CHECK-LABEL: func.func @packs
// CHECK: %[[PW:.*]] = memref.get_global @pw_panel8
// CHECK: %[[W:.*]] = memref.get_global @w_panel8
// CHECK: %[[W2:.*]] = memref.get_global @w_panel8
// CHECK: kernel.conv %{{.*}}, %[[PW]], %{{.*}} {{{.*}}filter_panel = 8 : i64, group = 1 : i64, impl = "edgec_conv_panel_f32"
// CHECK: kernel.conv %{{.*}}, %[[W]], %{{.*}} {{{.*}}filter_panel = 8 : i64, group = 1 : i64, impl = "edgec_conv_panel_f32"
// CHECK-NOT: tile =
// CHECK: kernel.conv %{{.*}}, %[[W2]], %{{.*}} {{{.*}}filter_panel = 8 : i64, group = 1 : i64, impl = "edgec_conv_panel_f32"
// Depthwise, grouped, int8 and a filter that is an argument keep their kernels; a 13x13
// kernel (169 taps, more than one tap list: the kernel takes it in chunks) is packed.
// CHECK: kernel.conv {{.*}}impl = "edgec_conv_depthwise_f32"
// CHECK: kernel.conv {{.*}}impl = "edgec_conv_f32"
// CHECK: kernel.conv {{.*}}impl = "edgec_conv_f32"
// CHECK-NOT: impl = "edgec_conv_f32"
// CHECK: kernel.conv {{.*}}filter_panel = 8 : i64, group = 1 : i64, impl = "edgec_conv_panel_f32"
module attributes {edgec.target = {conv_filter_panel = 8 : i64}} {
  memref.global "private" constant @pw : memref<10x1x1x4xf32> = dense<[[[[1.0, 2.0, 3.0, 4.0]]], [[[5.0, 6.0, 7.0, 8.0]]], [[[9.0, 10.0, 11.0, 12.0]]], [[[13.0, 14.0, 15.0, 16.0]]], [[[17.0, 18.0, 19.0, 20.0]]], [[[21.0, 22.0, 23.0, 24.0]]], [[[25.0, 26.0, 27.0, 28.0]]], [[[29.0, 30.0, 31.0, 32.0]]], [[[33.0, 34.0, 35.0, 36.0]]], [[[37.0, 38.0, 39.0, 40.0]]]]>
  memref.global "private" constant @w : memref<16x3x3x8xf32> = dense<0.5>
  memref.global "private" constant @dw : memref<8x3x3x1xf32> = dense<0.25>
  memref.global "private" constant @gw : memref<16x3x3x4xf32> = dense<0.125>
  memref.global "private" constant @big : memref<8x13x13x8xf32> = dense<1.0>
  func.func @packs(%p: memref<1x6x6x4xf32>, %py: memref<1x6x6x10xf32> {edgec.output},
                   %x: memref<1x6x6x8xf32>, %y: memref<1x6x6x16xf32> {edgec.output}, %y2: memref<1x3x3x16xf32> {edgec.output},
                   %dy: memref<1x6x6x8xf32> {edgec.output}, %gy: memref<1x6x6x16xf32> {edgec.output},
                   %aw: memref<16x3x3x8xf32>, %ay: memref<1x6x6x16xf32> {edgec.output},
                   %by: memref<1x6x6x8xf32> {edgec.output}) {
    %pw = memref.get_global @pw : memref<10x1x1x4xf32>
    %w = memref.get_global @w : memref<16x3x3x8xf32>
    %dw = memref.get_global @dw : memref<8x3x3x1xf32>
    %gw = memref.get_global @gw : memref<16x3x3x4xf32>
    %big = memref.get_global @big : memref<8x13x13x8xf32>
    kernel.conv %p, %pw, %py {impl = "edgec_conv_pointwise_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x6x6x4xf32>, memref<10x1x1x4xf32>, memref<1x6x6x10xf32>
    kernel.conv %x, %w, %y {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x6x6x8xf32>, memref<16x3x3x8xf32>, memref<1x6x6x16xf32>
    kernel.conv %x, %w, %y2 {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, tile = array<i64: 8, 4>} : memref<1x6x6x8xf32>, memref<16x3x3x8xf32>, memref<1x3x3x16xf32>
    kernel.conv %x, %dw, %dy {impl = "edgec_conv_depthwise_f32", group = 8 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x6x6x8xf32>, memref<8x3x3x1xf32>, memref<1x6x6x8xf32>
    kernel.conv %x, %gw, %gy {impl = "edgec_conv_f32", group = 2 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x6x6x8xf32>, memref<16x3x3x4xf32>, memref<1x6x6x16xf32>
    kernel.conv %x, %aw, %ay {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x6x6x8xf32>, memref<16x3x3x8xf32>, memref<1x6x6x16xf32>
    kernel.conv %x, %big, %by {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 6, 6, 6, 6>} : memref<1x6x6x8xf32>, memref<8x13x13x8xf32>, memref<1x6x6x8xf32>
    return
  }
}

// -----

// Without conv_filter_panel (or with 0) nothing changes.
// CHECK-LABEL: func.func @off
// CHECK: memref.get_global @pw
// CHECK: kernel.conv {{.*}}impl = "edgec_conv_pointwise_f32"
// CHECK-NOT: filter_panel
module attributes {edgec.target = {conv_filter_panel = 0 : i64}} {
  memref.global "private" constant @pw : memref<8x1x1x4xf32> = dense<1.0>
  func.func @off(%p: memref<1x6x6x4xf32>, %py: memref<1x6x6x8xf32> {edgec.output}) {
    %pw = memref.get_global @pw : memref<8x1x1x4xf32>
    kernel.conv %p, %pw, %py {impl = "edgec_conv_pointwise_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x6x6x4xf32>, memref<8x1x1x4xf32>, memref<1x6x6x8xf32>
    return
  }
}
