// RUN: edgec-opt %s --split-input-file --edge-sparsify="pattern=2:4" | FileCheck %s --check-prefix=NM
// RUN: edgec-opt %s --split-input-file --edge-sparsify="pattern=block:1x4" | FileCheck %s --check-prefix=BLOCK
// RUN: edgec-opt %s --split-input-file --edge-sparsify="pattern=auto" | FileCheck %s --check-prefix=AUTO
// RUN: not edgec-opt %s --split-input-file --edge-sparsify="pattern=3:2" 2>&1 | FileCheck %s --check-prefix=BAD

// A conv filter's rows are output channels and its columns run tap by tap, input channels
// within a tap (the channels-last kernels' order), so 2:4 groups are the four input channels
// of one tap. Row 0: tap 0 is [1, -2, 3, -4] (keeps 3, -4), tap 1 is [-8, 7, 6, 5] (keeps
// -8, 7); row 1: [0.5, 0.2, 0.4, 0.8] (keeps 0.5, 0.8), [0.1, 0.3, 0.9, 0.7] (keeps 0.9, 0.7).
// NM-LABEL: func.func @conv
// NM: edge.constant dense<{{\[\[\[\[}}0.000000e+00, -8.000000e+00]], {{\[\[}}0.000000e+00, 7.000000e+00]], {{\[\[}}3.000000e+00, 0.000000e+00]], {{\[\[}}-4.000000e+00, 0.000000e+00]]], {{\[\[\[}}5.000000e-01, 0.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00]], {{\[\[}}0.000000e+00, 0.899999976]], {{\[\[}}8.000000e-01, 0.699999988]]]]> : tensor<2x4x1x2xf32>
// Blocks of 1 x 4 are one tap of one row: L1 norms 10, 26, 1.9, 2.0; the top half stays.
// BLOCK-LABEL: func.func @conv
// BLOCK: edge.constant dense<{{\[\[\[\[}}1.000000e+00, -8.000000e+00]], {{\[\[}}-2.000000e+00, 7.000000e+00]], {{\[\[}}3.000000e+00, 6.000000e+00]], {{\[\[}}-4.000000e+00, 5.000000e+00]]], {{\[\[\[}}0.000000e+00, 0.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00]]]]> : tensor<2x4x1x2xf32>
// AUTO-LABEL: func.func @conv
// AUTO: edge.constant dense<{{\[\[\[\[}}1.000000e+00, -8.000000e+00]]
// BAD: error: --sparsity expects 2:4, 4:8 (any N:M up to 16), block:RxC or auto, got '3:2'
func.func @conv(%x: tensor<1x4x1x2xf32>) -> tensor<1x2x1x1xf32> {
  %w = edge.constant dense<[[[[1.0, -8.0]], [[-2.0, 7.0]], [[3.0, 6.0]], [[-4.0, 5.0]]],
                            [[[0.5, 0.1]], [[0.2, 0.3]], [[0.4, 0.9]], [[0.8, 0.7]]]]> : tensor<2x4x1x2xf32>
  %y = edge.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x1x2xf32>, tensor<2x4x1x2xf32>) -> tensor<1x2x1x1xf32>
  return %y : tensor<1x2x1x1xf32>
}

// -----

// Gemm B as [K, N] (not transposed): a row is one output feature, B's column. Column 0 is
// [4, -1, 2, 3] (keeps 4, 3), column 1 is [0, 5, -6, 1] (keeps 5, -6).
// NM-LABEL: func.func @gemm
// NM: edge.constant dense<{{\[}}[4.000000e+00, 0.000000e+00], [0.000000e+00, 5.000000e+00], [0.000000e+00, -6.000000e+00], [3.000000e+00, 0.000000e+00]]> : tensor<4x2xf32>
func.func @gemm(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %b = edge.constant dense<[[4.0, 0.0], [-1.0, 5.0], [2.0, -6.0], [3.0, 1.0]]> : tensor<4x2xf32>
  %y = edge.gemm %x, %b : (tensor<1x4xf32>, tensor<4x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
