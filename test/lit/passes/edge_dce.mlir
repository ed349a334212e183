// RUN: edgec-opt %s --split-input-file --edge-dce | FileCheck %s

// A dead chain disappears entirely in one run (users before producers); live ops stay.
// CHECK-LABEL: func.func @dead_chain
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>)
func.func @dead_chain(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // CHECK-NEXT: %[[R:.*]] = edge.unary relu %[[X]] : tensor<1x8xf32>
  // CHECK-NEXT: return %[[R]]
  %c = edge.constant dense<2.0> : tensor<1x8xf32>
  %0 = edge.binary mul %x, %c : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = edge.unary sigmoid %0 : tensor<1x8xf32>
  %2 = edge.reshape %1 : tensor<1x8xf32> -> tensor<8xf32>
  %3 = edge.unary relu %x : tensor<1x8xf32>
  return %3 : tensor<1x8xf32>
}

// -----

// A value used by a live op keeps its producer, even when another user of it is dead.
// CHECK-LABEL: func.func @shared_producer
func.func @shared_producer(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: %[[C:.*]] = edge.constant dense<1.000000e+00> : tensor<4xf32>
  // CHECK-NEXT: %[[A:.*]] = edge.binary add %{{.*}}, %[[C]]
  // CHECK-NOT: edge.unary
  // CHECK-NEXT: return %[[A]]
  %c = edge.constant dense<1.0> : tensor<4xf32>
  %0 = edge.binary add %x, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = edge.unary exp %0 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Nothing dead: the function is unchanged.
// CHECK-LABEL: func.func @all_live
func.func @all_live(%x: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<6xf32>) {
  // CHECK: edge.transpose
  // CHECK: edge.reshape
  %0 = edge.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = edge.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  return %0, %1 : tensor<3x2xf32>, tensor<6xf32>
}
