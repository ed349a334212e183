// RUN: edgec-opt %s --split-input-file --edge-lower-to-kernel | FileCheck %s
// RUN: edgec-opt %s --split-input-file --edge-lower-to-kernel --mlir-print-op-generic | edgec-opt --split-input-file | FileCheck %s

// edge.recurrent lowers to one kernel.recurrent: Y_h (and Y_c) always get a buffer (they
// hold the running state), Y only when read, and last (what a trace shows); the scratch of
// the input projections is one f32 buffer of seq * batch * gates * hidden + (gates + 1) *
// hidden from the arena.

// CHECK-LABEL: func.func @lstm_hidden_only
// CHECK-SAME: (%[[X:.*]]: memref<1x3x2xf32>, %[[W:.*]]: memref<1x12x2xf32>, %[[R:.*]]: memref<1x12x3xf32>, %[[YH:.*]]: memref<1x3x3xf32> {edgec.output})
// CHECK: %[[YC:.*]] = memref.alloc() : memref<1x3x3xf32>
// CHECK: %[[WORK:.*]] = memref.alloc() : memref<51xf32>
// CHECK: kernel.recurrent %[[X]], %[[W]], %[[R]], %[[WORK]], %[[YH]] y_c(%[[YC]]) {{{.*}}impl = "edgec_recurrent_f32", kind = "lstm"} : memref<1x3x2xf32>, memref<1x12x2xf32>, memref<1x12x3xf32>, memref<51xf32>, memref<1x3x3xf32>, memref<1x3x3xf32>
func.func @lstm_hidden_only(%x: tensor<1x3x2xf32>, %w: tensor<1x12x2xf32>, %r: tensor<1x12x3xf32>) -> tensor<1x3x3xf32> {
  %y, %yh, %yc = edge.recurrent %x, %w, %r {kind = "lstm", direction = "forward", hidden_size = 3 : i64,
      activations = ["Sigmoid", "Tanh", "Tanh"], activation_alpha = array<f32: 0.0, 0.0, 0.0>,
      activation_beta = array<f32: 0.0, 0.0, 0.0>}
    : (tensor<1x3x2xf32>, tensor<1x12x2xf32>, tensor<1x12x3xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>)
  return %yh : tensor<1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @gru_sequence
// CHECK-SAME: %[[B:[a-z0-9]+]]: memref<2x30xf32>, %[[S:[a-z0-9]+]]: memref<2xi32>, %[[Y:[a-z0-9]+]]: memref<3x2x2x5xf32> {edgec.output}, %[[YH:[a-z0-9]+]]: memref<2x2x5xf32> {edgec.output}
// CHECK: %[[WORK:.*]] = memref.alloc() : memref<110xf32>
// CHECK: kernel.recurrent %{{.*}}, %{{.*}}, %{{.*}} bias(%[[B]]) seq_lens(%[[S]]), %[[WORK]], %[[YH]] y(%[[Y]]) {{{.*}}clip = 2.000000e+00 : f32, direction = "bidirectional"{{.*}}kind = "gru"}
func.func @gru_sequence(%x: tensor<3x2x4xf32>, %w: tensor<2x15x4xf32>, %r: tensor<2x15x5xf32>, %b: tensor<2x30xf32>,
                        %s: tensor<2xi32>) -> (tensor<3x2x2x5xf32>, tensor<2x2x5xf32>) {
  %y, %yh = edge.recurrent %x, %w, %r bias %b seq_lens %s {kind = "gru", direction = "bidirectional", hidden_size = 5 : i64,
      activations = ["Sigmoid", "Tanh", "Sigmoid", "Tanh"], activation_alpha = array<f32: 0.0, 0.0, 0.0, 0.0>,
      activation_beta = array<f32: 0.0, 0.0, 0.0, 0.0>, clip = 2.0 : f32}
    : (tensor<3x2x4xf32>, tensor<2x15x4xf32>, tensor<2x15x5xf32>, tensor<2x30xf32>, tensor<2xi32>) -> (tensor<3x2x2x5xf32>, tensor<2x2x5xf32>)
  return %y, %yh : tensor<3x2x2x5xf32>, tensor<2x2x5xf32>
}
