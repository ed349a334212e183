// RUN: edgec-opt %s --split-input-file --edge-strip-identity | FileCheck %s

// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>)
func.func @chain(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // CHECK-NOT: edge.identity
  // CHECK: %[[R:.*]] = edge.unary relu %[[X]] : tensor<1x8xf32>
  // CHECK-NOT: edge.identity
  // CHECK: return %[[R]]
  %0 = edge.identity %x : tensor<1x8xf32>
  %1 = edge.identity %0 : tensor<1x8xf32>
  %2 = edge.unary relu %1 : tensor<1x8xf32>
  %3 = edge.identity %2 : tensor<1x8xf32>
  return %3 : tensor<1x8xf32>
}

// -----

// An identity of a graph input that is returned directly: the input itself is returned.
// CHECK-LABEL: func.func @returned_input
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
func.func @returned_input(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  // CHECK-NOT: edge.identity
  // CHECK: return %[[X]], %[[X]]
  %0 = edge.identity %x : tensor<2xf32>
  return %0, %0 : tensor<2xf32>, tensor<2xf32>
}

// -----

// Other ops are left alone.
// CHECK-LABEL: func.func @no_identity
func.func @no_identity(%x: tensor<2xf32>) -> tensor<2xf32> {
  // CHECK: %[[A:.*]] = edge.unary sigmoid
  // CHECK: %[[B:.*]] = edge.binary add %[[A]], %[[A]]
  // CHECK: return %[[B]]
  %0 = edge.unary sigmoid %x : tensor<2xf32>
  %1 = edge.binary add %0, %0 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}
