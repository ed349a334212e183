// RUN: edgec-opt %s --split-input-file --edge-fold-constants | FileCheck %s

// A Reshape's target shape computed from Shape -> Gather -> Unsqueeze -> Concat (the
// Shape already a constant, as the importer writes it for static shapes) collapses to
// one constant; the intermediate constants die with their users.

// CHECK-LABEL: func.func @shape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x4x5xf32>)
func.func @shape_chain(%x: tensor<1x3x4x5xf32>) -> (tensor<1x3x20xf32>, tensor<3xi64>) {
  // CHECK-NOT: edge.gather
  // CHECK-NOT: edge.concat
  // CHECK-DAG: %[[S:.*]] = edge.constant dense<[1, 3, 20]> : tensor<3xi64>
  // CHECK-DAG: %[[R:.*]] = edge.reshape %[[X]] : tensor<1x3x4x5xf32> -> tensor<1x3x20xf32>
  // CHECK-NOT: edge.
  // CHECK: return %[[R]], %[[S]]
  %shape = edge.constant dense<[1, 3, 4, 5]> : tensor<4xi64>
  %i0 = edge.constant dense<0> : tensor<i64>
  %i1 = edge.constant dense<1> : tensor<i64>
  %i2 = edge.constant dense<2> : tensor<i64>
  %i3 = edge.constant dense<-1> : tensor<i64>
  %n = edge.gather %shape, %i0 {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %c = edge.gather %shape, %i1 {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %h = edge.gather %shape, %i2 {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %w = edge.gather %shape, %i3 {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %hw = edge.binary mul %h, %w : (tensor<i64>, tensor<i64>) -> tensor<i64>
  %n1 = edge.reshape %n : tensor<i64> -> tensor<1xi64>
  %c1 = edge.reshape %c : tensor<i64> -> tensor<1xi64>
  %hw1 = edge.reshape %hw : tensor<i64> -> tensor<1xi64>
  %target = edge.concat %n1, %c1, %hw1 {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<3xi64>
  %y = edge.reshape %x : tensor<1x3x4x5xf32> -> tensor<1x3x20xf32>
  return %y, %target : tensor<1x3x20xf32>, tensor<3xi64>
}

// -----

// Slice + Cast + Div + Cast (a "half the spatial size" computation): 8 / 2 = 4, 6 / 2 = 3.
// CHECK-LABEL: func.func @slice_cast_div
func.func @slice_cast_div() -> tensor<2xi64> {
  // CHECK-NEXT: %[[C:.*]] = edge.constant dense<[4, 3]> : tensor<2xi64>
  // CHECK-NEXT: return %[[C]]
  %shape = edge.constant dense<[1, 16, 8, 6]> : tensor<4xi64>
  %hw = edge.slice %shape {starts = array<i64: 2>, ends = array<i64: 4>, axes = array<i64: 0>, steps = array<i64: 1>} : (tensor<4xi64>) -> tensor<2xi64>
  %f = edge.cast %hw {to = f32} : (tensor<2xi64>) -> tensor<2xf32>
  %two = edge.constant dense<2.0> : tensor<f32>
  %half = edge.binary div %f, %two : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %i = edge.cast %half {to = i64} : (tensor<2xf32>) -> tensor<2xi64>
  return %i : tensor<2xi64>
}

// -----

// A constant weight transposed at compile time (small enough to stay inline).
// CHECK-LABEL: func.func @weight_transpose
func.func @weight_transpose(%x: tensor<1x2xf32>) -> tensor<1x3xf32> {
  // CHECK: %[[W:.*]] = edge.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00, 7.000000e+00], [2.000000e+00, 5.000000e+00, 8.000000e+00]]> : tensor<2x3xf32>
  // CHECK-NOT: edge.transpose
  // CHECK: edge.gemm %{{.*}}, %[[W]] : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %w = edge.constant dense<[[1.0, 2.0], [4.0, 5.0], [7.0, 8.0]]> : tensor<3x2xf32>
  %wt = edge.transpose %w {perm = array<i64: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %y = edge.gemm %x, %wt : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// Ops on run-time data are untouched, even when every other operand is constant.
// CHECK-LABEL: func.func @runtime_kept
func.func @runtime_kept(%x: tensor<4xi64>) -> tensor<i64> {
  // CHECK: %[[I:.*]] = edge.constant dense<1> : tensor<i64>
  // CHECK: edge.gather %{{.*}}, %[[I]] {axis = 0 : i64}
  %i = edge.constant dense<1> : tensor<i64>
  %0 = edge.gather %x, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  return %0 : tensor<i64>
}
