// RUN: edgec-opt %s --split-input-file -canonicalize | FileCheck %s

// Folders of the issue-10 ops on constants: the shape arithmetic exporters write
// (Where(Equal(shape, -1), ones, shape), Neg of an axis, Expand of a constant) becomes
// constants, and a select with a constant condition becomes the chosen operand.

// CHECK-LABEL: func.func @shape_where_equal
func.func @shape_where_equal() -> tensor<3xi64> {
  // [2, -1, 4] with -1 replaced by 1: Where(Equal(s, -1), 1, s).
  // CHECK-NOT: edge.compare
  // CHECK-NOT: edge.select
  // CHECK: %[[C:.*]] = edge.constant dense<[2, 1, 4]> : tensor<3xi64>
  // CHECK-NEXT: return %[[C]]
  %s = edge.constant dense<[2, -1, 4]> : tensor<3xi64>
  %m = edge.constant dense<-1> : tensor<i64>
  %one = edge.constant dense<1> : tensor<i64>
  %e = edge.compare eq %s, %m : (tensor<3xi64>, tensor<i64>) -> tensor<3xi1>
  %r = edge.select %e, %one, %s : (tensor<3xi1>, tensor<i64>, tensor<3xi64>) -> tensor<3xi64>
  return %r : tensor<3xi64>
}

// -----

// CHECK-LABEL: func.func @compare_kinds
func.func @compare_kinds() -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  // [1, 2, 3] against 2.
  // CHECK-DAG: edge.constant dense<[true, false, false]> : tensor<3xi1>
  // CHECK-DAG: edge.constant dense<[true, true, false]> : tensor<3xi1>
  // CHECK-DAG: edge.constant dense<[false, false, true]> : tensor<3xi1>
  // CHECK-DAG: edge.constant dense<[false, true, true]> : tensor<3xi1>
  // CHECK-NOT: edge.compare
  %a = edge.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %b = edge.constant dense<2.0> : tensor<f32>
  %lt = edge.compare lt %a, %b : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %le = edge.compare le %a, %b : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %gt = edge.compare gt %a, %b : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %ge = edge.compare ge %a, %b : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  return %lt, %le, %gt, %ge : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}

// -----

// CHECK-LABEL: func.func @logic_and_not
func.func @logic_and_not() -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  // CHECK-DAG: edge.constant dense<[false, false, false, true]> : tensor<4xi1>
  // CHECK-DAG: edge.constant dense<[false, true, true, false]> : tensor<4xi1>
  // CHECK-DAG: edge.constant dense<[true, true, false, false]> : tensor<4xi1>
  // CHECK-NOT: edge.binary
  // CHECK-NOT: edge.unary
  %a = edge.constant dense<[false, false, true, true]> : tensor<4xi1>
  %b = edge.constant dense<[false, true, false, true]> : tensor<4xi1>
  %and = edge.binary and %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %xor = edge.binary xor %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %not = edge.unary not %a : tensor<4xi1>
  return %and, %xor, %not : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// A constant condition picks a whole operand that already has the result's shape.
// CHECK-LABEL: func.func @select_constant_condition
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<2x3xf32>)
func.func @select_constant_condition(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK-NOT: edge.select
  // CHECK: return %[[X]], %[[Y]]
  %t = edge.constant dense<true> : tensor<i1>
  %f = edge.constant dense<false> : tensor<2x1xi1>
  %0 = edge.select %t, %x, %y : (tensor<i1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = edge.select %f, %x, %y : (tensor<2x1xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_and_neg
func.func @broadcast_and_neg(%x: tensor<2x2xf32>) -> (tensor<2x3xi64>, tensor<2xi64>, tensor<2x2xf32>) {
  // CHECK-DAG: edge.constant dense<{{\[}}[1, 1, 1], [2, 2, 2]]> : tensor<2x3xi64>
  // CHECK-DAG: edge.constant dense<[-1, 3]> : tensor<2xi64>
  // A broadcast to its own type is the input.
  // CHECK-NOT: edge.broadcast
  // CHECK: return %{{.*}}, %{{.*}}, %arg0
  %c = edge.constant dense<[[1], [2]]> : tensor<2x1xi64>
  %0 = edge.broadcast %c : (tensor<2x1xi64>) -> tensor<2x3xi64>
  %a = edge.constant dense<[1, -3]> : tensor<2xi64>
  %1 = edge.unary neg %a : tensor<2xi64>
  %2 = edge.broadcast %x : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0, %1, %2 : tensor<2x3xi64>, tensor<2xi64>, tensor<2x2xf32>
}

// -----

// Transcendental unary ops stay run-time work (their rounding is the kernel's).
// CHECK-LABEL: func.func @gelu_not_folded
func.func @gelu_not_folded() -> tensor<2xf32> {
  // CHECK: edge.unary gelu
  %a = edge.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = edge.unary gelu %a : tensor<2xf32>
  return %0 : tensor<2xf32>
}
