// RUN: edgec-opt %s --split-input-file -canonicalize | FileCheck %s

// Folders of the edge ops: ops on constants become one edge.constant; no-op
// transposes, reshapes, casts and concats disappear.

// CHECK-LABEL: func.func @binary_add
func.func @binary_add() -> tensor<3xi64> {
  // CHECK-NOT: edge.binary
  // CHECK: %[[C:.*]] = edge.constant dense<[11, 12, 13]> : tensor<3xi64>
  // CHECK-NEXT: return %[[C]]
  %a = edge.constant dense<[1, 2, 3]> : tensor<3xi64>
  %b = edge.constant dense<10> : tensor<i64>
  %0 = edge.binary add %a, %b : (tensor<3xi64>, tensor<i64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// [[1], [2]] * [10, 20, 30] broadcasts to 2x3.
// CHECK-LABEL: func.func @binary_mul_broadcast
func.func @binary_mul_broadcast() -> tensor<2x3xf32> {
  // CHECK-NOT: edge.binary
  // CHECK: edge.constant dense<{{\[\[}}1.000000e+01, 2.000000e+01, 3.000000e+01], [2.000000e+01, 4.000000e+01, 6.000000e+01]]> : tensor<2x3xf32>
  %a = edge.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %b = edge.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %0 = edge.binary mul %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Integer division truncates toward zero (ONNX Div on ints, like C).
// CHECK-LABEL: func.func @binary_div_int
func.func @binary_div_int() -> tensor<4xi64> {
  // CHECK: edge.constant dense<[-3, 3, 0, -2]> : tensor<4xi64>
  %a = edge.constant dense<[-7, 7, 1, -9]> : tensor<4xi64>
  %b = edge.constant dense<[2, 2, 3, 4]> : tensor<4xi64>
  %0 = edge.binary div %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @binary_sub_min_max_pow
func.func @binary_sub_min_max_pow() -> (tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) {
  %a = edge.constant dense<[5, 2]> : tensor<2xi64>
  %b = edge.constant dense<[3, 4]> : tensor<2xi64>
  // CHECK-DAG: %[[SUB:.*]] = edge.constant dense<[2, -2]> : tensor<2xi64>
  // CHECK-DAG: %[[MIN:.*]] = edge.constant dense<[3, 2]> : tensor<2xi64>
  // CHECK-DAG: %[[MAX:.*]] = edge.constant dense<[5, 4]> : tensor<2xi64>
  // CHECK-DAG: %[[POW:.*]] = edge.constant dense<[125, 16]> : tensor<2xi64>
  // CHECK: return %[[SUB]], %[[MIN]], %[[MAX]], %[[POW]]
  %0 = edge.binary sub %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %1 = edge.binary min %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %2 = edge.binary max %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %3 = edge.binary pow %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0, %1, %2, %3 : tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>
}

// -----

// Division by an integer zero is left for run time, not folded.
// CHECK-LABEL: func.func @binary_div_by_zero_not_folded
func.func @binary_div_by_zero_not_folded() -> tensor<2xi64> {
  // CHECK: edge.binary div
  %a = edge.constant dense<[4, 6]> : tensor<2xi64>
  %b = edge.constant dense<[2, 0]> : tensor<2xi64>
  %0 = edge.binary div %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// A fused activation is not applied by the folder, so the op stays.
// CHECK-LABEL: func.func @binary_with_activation_not_folded
func.func @binary_with_activation_not_folded() -> tensor<2xf32> {
  // CHECK: edge.binary add {{.*}} {act = #edge<act relu>}
  %a = edge.constant dense<[1.0, -5.0]> : tensor<2xf32>
  %0 = edge.binary add %a, %a {act = #edge<act relu>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @binary_runtime_operand_not_folded
func.func @binary_runtime_operand_not_folded(%x: tensor<2xf32>) -> tensor<2xf32> {
  // CHECK: edge.binary add
  %a = edge.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = edge.binary add %x, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_constant
func.func @transpose_constant() -> tensor<3x2xi32> {
  // CHECK-NOT: edge.transpose
  // CHECK: edge.constant dense<{{\[\[}}1, 4], [2, 5], [3, 6]]> : tensor<3x2xi32>
  %a = edge.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = edge.transpose %a {perm = array<i64: 1, 0>} : (tensor<2x3xi32>) -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}

// -----

// 2x2x2 [[[0,1],[2,3]],[[4,5],[6,7]]] with perm (2, 0, 1): out[i][j][k] = in[j][k][i].
// CHECK-LABEL: func.func @transpose_constant_3d
func.func @transpose_constant_3d() -> tensor<2x2x2xi64> {
  // CHECK: edge.constant dense<{{\[\[\[}}0, 2], [4, 6]], {{\[\[}}1, 3], [5, 7]]]> : tensor<2x2x2xi64>
  %a = edge.constant dense<[[[0, 1], [2, 3]], [[4, 5], [6, 7]]]> : tensor<2x2x2xi64>
  %0 = edge.transpose %a {perm = array<i64: 2, 0, 1>} : (tensor<2x2x2xi64>) -> tensor<2x2x2xi64>
  return %0 : tensor<2x2x2xi64>
}

// -----

// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x4xf32>)
func.func @transpose_identity(%x: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  // CHECK-NOT: edge.transpose
  // CHECK: return %[[X]]
  %0 = edge.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_runtime_kept
func.func @transpose_runtime_kept(%x: tensor<1x3x4xf32>) -> tensor<1x4x3xf32> {
  // CHECK: edge.transpose %{{.*}} {perm = array<i64: 0, 2, 1>}
  %0 = edge.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<1x3x4xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant
func.func @reshape_constant() -> tensor<2x2xi64> {
  // CHECK-NOT: edge.reshape
  // CHECK: edge.constant dense<{{\[\[}}1, 2], [3, 4]]> : tensor<2x2xi64>
  %a = edge.constant dense<[1, 2, 3, 4]> : tensor<4xi64>
  %0 = edge.reshape %a : tensor<4xi64> -> tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}

// -----

// CHECK-LABEL: func.func @reshape_of_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
func.func @reshape_of_reshape(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // CHECK: %[[R:.*]] = edge.reshape %[[X]] : tensor<2x3xf32> -> tensor<3x2xf32>
  // CHECK-NOT: edge.reshape
  // CHECK: return %[[R]]
  %0 = edge.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  %1 = edge.reshape %0 : tensor<6xf32> -> tensor<3x2xf32>
  return %1 : tensor<3x2xf32>
}

// -----

// Back to the input's own shape: no reshape left at all.
// CHECK-LABEL: func.func @reshape_round_trip
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
func.func @reshape_round_trip(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK-NOT: edge.reshape
  // CHECK: return %[[X]]
  %0 = edge.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  %1 = edge.reshape %0 : tensor<6xf32> -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat_constants
func.func @concat_constants() -> tensor<4xi64> {
  // CHECK-NOT: edge.concat
  // CHECK: edge.constant dense<[1, 2, 3, -1]> : tensor<4xi64>
  %a = edge.constant dense<[1, 2]> : tensor<2xi64>
  %b = edge.constant dense<[3]> : tensor<1xi64>
  %c = edge.constant dense<[-1]> : tensor<1xi64>
  %0 = edge.concat %a, %b, %c {axis = 0 : i64} : (tensor<2xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// Along an inner axis the rows interleave.
// CHECK-LABEL: func.func @concat_constants_axis1
func.func @concat_constants_axis1() -> tensor<2x3xi32> {
  // CHECK: edge.constant dense<{{\[\[}}1, 3, 4], [2, 5, 6]]> : tensor<2x3xi32>
  %a = edge.constant dense<[[1], [2]]> : tensor<2x1xi32>
  %b = edge.constant dense<[[3, 4], [5, 6]]> : tensor<2x2xi32>
  %0 = edge.concat %a, %b {axis = 1 : i64} : (tensor<2x1xi32>, tensor<2x2xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @concat_single_input
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
func.func @concat_single_input(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK-NOT: edge.concat
  // CHECK: return %[[X]]
  %0 = edge.concat %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @gather_scalar_index
func.func @gather_scalar_index() -> (tensor<i64>, tensor<i64>) {
  // CHECK-NOT: edge.gather
  // CHECK-DAG: %[[C2:.*]] = edge.constant dense<224> : tensor<i64>
  // CHECK-DAG: %[[CN:.*]] = edge.constant dense<3> : tensor<i64>
  // CHECK: return %[[C2]], %[[CN]]
  %shape = edge.constant dense<[1, 3, 224, 225]> : tensor<4xi64>
  %i2 = edge.constant dense<2> : tensor<i64>
  %im3 = edge.constant dense<-3> : tensor<i64>
  %0 = edge.gather %shape, %i2 {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %1 = edge.gather %shape, %im3 {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  return %0, %1 : tensor<i64>, tensor<i64>
}

// -----

// Columns 2 and 0 of a 2x3 matrix.
// CHECK-LABEL: func.func @gather_axis1
func.func @gather_axis1() -> tensor<2x2xi32> {
  // CHECK: edge.constant dense<{{\[\[}}3, 1], [6, 4]]> : tensor<2x2xi32>
  %a = edge.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %i = edge.constant dense<[2, 0]> : tensor<2xi64>
  %0 = edge.gather %a, %i {axis = 1 : i64} : (tensor<2x3xi32>, tensor<2xi64>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

// An out-of-range index is not folded (the lowering reports it).
// CHECK-LABEL: func.func @gather_out_of_range_not_folded
func.func @gather_out_of_range_not_folded() -> tensor<i64> {
  // CHECK: edge.gather
  %shape = edge.constant dense<[1, 3]> : tensor<2xi64>
  %i = edge.constant dense<2> : tensor<i64>
  %0 = edge.gather %shape, %i {axis = 0 : i64} : (tensor<2xi64>, tensor<i64>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// CHECK-LABEL: func.func @cast_int_to_float
func.func @cast_int_to_float() -> tensor<2xf32> {
  // CHECK-NOT: edge.cast
  // CHECK: edge.constant dense<[1.000000e+00, -2.000000e+00]> : tensor<2xf32>
  %a = edge.constant dense<[1, -2]> : tensor<2xi64>
  %0 = edge.cast %a {to = f32} : (tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Float to int truncates toward zero; to bool is "not zero".
// CHECK-LABEL: func.func @cast_float_to_int_and_bool
func.func @cast_float_to_int_and_bool() -> (tensor<3xi32>, tensor<3xi1>) {
  // CHECK-DAG: %[[I:.*]] = edge.constant dense<[1, -1, 0]> : tensor<3xi32>
  // CHECK-DAG: %[[B:.*]] = edge.constant dense<[true, true, false]> : tensor<3xi1>
  // CHECK: return %[[I]], %[[B]]
  %a = edge.constant dense<[1.7, -1.7, 0.0]> : tensor<3xf32>
  %0 = edge.cast %a {to = i32} : (tensor<3xf32>) -> tensor<3xi32>
  %1 = edge.cast %a {to = i1} : (tensor<3xf32>) -> tensor<3xi1>
  return %0, %1 : tensor<3xi32>, tensor<3xi1>
}

// -----

// CHECK-LABEL: func.func @cast_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
func.func @cast_same_type(%x: tensor<2xf32>) -> tensor<2xf32> {
  // CHECK-NOT: edge.cast
  // CHECK: return %[[X]]
  %0 = edge.cast %x {to = f32} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @slice_constant
func.func @slice_constant() -> tensor<2xi64> {
  // CHECK-NOT: edge.slice
  // CHECK: edge.constant dense<[3, 224]> : tensor<2xi64>
  %a = edge.constant dense<[1, 3, 224, 225]> : tensor<4xi64>
  %0 = edge.slice %a {starts = array<i64: 1>, ends = array<i64: 3>, axes = array<i64: 0>, steps = array<i64: 1>} : (tensor<4xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// From the last element backwards in steps of 2; the end clamps to "before the first".
// CHECK-LABEL: func.func @slice_negative_step
func.func @slice_negative_step() -> tensor<2xi64> {
  // CHECK: edge.constant dense<[40, 20]> : tensor<2xi64>
  %a = edge.constant dense<[10, 20, 30, 40]> : tensor<4xi64>
  %0 = edge.slice %a {starts = array<i64: -1>, ends = array<i64: -100>, axes = array<i64: 0>, steps = array<i64: -2>} : (tensor<4xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Rows 1.., columns ..1 of a 3x3 matrix; an end past the dim clamps.
// CHECK-LABEL: func.func @slice_two_axes
func.func @slice_two_axes() -> tensor<2x2xi32> {
  // CHECK: edge.constant dense<{{\[\[}}4, 5], [7, 8]]> : tensor<2x2xi32>
  %a = edge.constant dense<[[1, 2, 3], [4, 5, 6], [7, 8, 9]]> : tensor<3x3xi32>
  %0 = edge.slice %a {starts = array<i64: 1, 0>, ends = array<i64: 1000, 2>, axes = array<i64: 0, -1>, steps = array<i64: 1, 1>} : (tensor<3x3xi32>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}
