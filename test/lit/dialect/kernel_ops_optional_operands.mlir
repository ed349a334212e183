// RUN: edgec-opt %s --split-input-file | edgec-opt --split-input-file | FileCheck %s

// KNOWN BUG: kernel.conv / kernel.gemm put the optional bias (C) between two required
// operands in their assembly format (`$input, $filter (, $bias^)?, $output`), so the
// parser takes the output as the bias and then fails with "expected ','". The printer
// emits exactly this form for a conv or gemm without bias, so such IR does not round
// trip. Remove the XFAIL once the format is unambiguous.

// CHECK-LABEL: func.func @conv_without_bias
// CHECK-SAME: (%[[IN:.*]]: memref<1x8x8x3xf32>, %[[W:.*]]: memref<4x3x3x3xf32>, %[[OUT:.*]]: memref<1x8x8x4xf32>)
func.func @conv_without_bias(%in: memref<1x8x8x3xf32>, %w: memref<4x3x3x3xf32>, %out: memref<1x8x8x4xf32>) {
  // CHECK: kernel.conv %[[IN]], %[[W]], %[[OUT]] {act = #edge<act relu>, dilations
  // CHECK-SAME: : memref<1x8x8x3xf32>, memref<4x3x3x3xf32>, memref<1x8x8x4xf32>
  kernel.conv %in, %w, %out {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, act = #edge<act relu>} : memref<1x8x8x3xf32>, memref<4x3x3x3xf32>, memref<1x8x8x4xf32>
  return
}

// -----

// CHECK-LABEL: func.func @gemm_without_c
func.func @gemm_without_c(%a: memref<1x16xf32>, %b: memref<10x16xf32>, %y: memref<1x10xf32>) {
  // CHECK: kernel.gemm %{{.*}}, %{{.*}}, %{{.*}} {impl = "edgec_gemm_f32", trans_b = true} : memref<1x16xf32>, memref<10x16xf32>, memref<1x10xf32>
  kernel.gemm %a, %b, %y {impl = "edgec_gemm_f32", trans_b = true} : memref<1x16xf32>, memref<10x16xf32>, memref<1x10xf32>
  return
}
