// RUN: edgec-opt %s --split-input-file | edgec-opt --split-input-file | FileCheck %s
// RUN: edgec-opt %s --split-input-file --mlir-print-op-generic | edgec-opt --split-input-file | FileCheck %s

// edge.recurrent: LSTM, GRU and RNN with their optional operands, round trip.

// CHECK-LABEL: func.func @lstm_forward
// CHECK: %{{.*}}, %{{.*}}, %{{.*}} = edge.recurrent %{{.*}}, %{{.*}}, %{{.*}} {activation_alpha = array<f32: 0.000000e+00, 0.000000e+00, 0.000000e+00>, activation_beta = array<f32: 0.000000e+00, 0.000000e+00, 0.000000e+00>, activations = ["Sigmoid", "Tanh", "Tanh"], direction = "forward", hidden_size = 3 : i64, kind = "lstm"} : (tensor<1x3x2xf32>, tensor<1x12x2xf32>, tensor<1x12x3xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>)
func.func @lstm_forward(%x: tensor<1x3x2xf32>, %w: tensor<1x12x2xf32>, %r: tensor<1x12x3xf32>) -> tensor<1x3x3xf32> {
  %y, %yh, %yc = edge.recurrent %x, %w, %r {kind = "lstm", direction = "forward", hidden_size = 3 : i64,
      activations = ["Sigmoid", "Tanh", "Tanh"], activation_alpha = array<f32: 0.0, 0.0, 0.0>,
      activation_beta = array<f32: 0.0, 0.0, 0.0>}
    : (tensor<1x3x2xf32>, tensor<1x12x2xf32>, tensor<1x12x3xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>)
  return %yh : tensor<1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @lstm_peepholes
// CHECK: edge.recurrent %{{.*}}, %{{.*}}, %{{.*}} bias %{{.*}} seq_lens %{{.*}} initial_h %{{.*}} initial_c %{{.*}} peepholes %{{.*}} {{{.*}}clip = 3.000000e+00 : f32{{.*}}input_forget = true{{.*}}kind = "lstm"}
func.func @lstm_peepholes(%x: tensor<4x2x5xf32>, %w: tensor<1x12x5xf32>, %r: tensor<1x12x3xf32>, %b: tensor<1x24xf32>,
                          %s: tensor<2xi32>, %h: tensor<1x2x3xf32>, %c: tensor<1x2x3xf32>, %p: tensor<1x9xf32>) -> tensor<1x2x3xf32> {
  %y, %yh, %yc = edge.recurrent %x, %w, %r bias %b seq_lens %s initial_h %h initial_c %c peepholes %p {kind = "lstm",
      direction = "reverse", hidden_size = 3 : i64, activations = ["HardSigmoid", "Tanh", "Tanh"],
      activation_alpha = array<f32: 0.2, 0.0, 0.0>, activation_beta = array<f32: 0.5, 0.0, 0.0>, clip = 3.0 : f32,
      input_forget = true}
    : (tensor<4x2x5xf32>, tensor<1x12x5xf32>, tensor<1x12x3xf32>, tensor<1x24xf32>, tensor<2xi32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x9xf32>)
      -> (tensor<4x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
  return %yc : tensor<1x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @gru_bidirectional
// CHECK: %{{.*}}, %{{.*}} = edge.recurrent %{{.*}}, %{{.*}}, %{{.*}} bias %{{.*}} initial_h %{{.*}} {{{.*}}direction = "bidirectional"{{.*}}kind = "gru", linear_before_reset = true} : (tensor<3x2x4xf32>, tensor<2x15x4xf32>, tensor<2x15x5xf32>, tensor<2x30xf32>, tensor<2x2x5xf32>) -> (tensor<3x2x2x5xf32>, tensor<2x2x5xf32>)
func.func @gru_bidirectional(%x: tensor<3x2x4xf32>, %w: tensor<2x15x4xf32>, %r: tensor<2x15x5xf32>, %b: tensor<2x30xf32>,
                             %h: tensor<2x2x5xf32>) -> tensor<3x2x2x5xf32> {
  %y, %yh = edge.recurrent %x, %w, %r bias %b initial_h %h {kind = "gru", direction = "bidirectional", hidden_size = 5 : i64,
      activations = ["Sigmoid", "Tanh", "Sigmoid", "Relu"], activation_alpha = array<f32: 0.0, 0.0, 0.0, 0.0>,
      activation_beta = array<f32: 0.0, 0.0, 0.0, 0.0>, linear_before_reset = true}
    : (tensor<3x2x4xf32>, tensor<2x15x4xf32>, tensor<2x15x5xf32>, tensor<2x30xf32>, tensor<2x2x5xf32>) -> (tensor<3x2x2x5xf32>, tensor<2x2x5xf32>)
  return %y : tensor<3x2x2x5xf32>
}

// -----

// CHECK-LABEL: func.func @rnn_reverse
// CHECK: edge.recurrent {{.*}}activations = ["LeakyRelu"]{{.*}}direction = "reverse"{{.*}}kind = "rnn"
func.func @rnn_reverse(%x: tensor<2x1x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) -> tensor<1x1x4xf32> {
  %y, %yh = edge.recurrent %x, %w, %r {kind = "rnn", direction = "reverse", hidden_size = 4 : i64,
      activations = ["LeakyRelu"], activation_alpha = array<f32: 0.1>, activation_beta = array<f32: 0.0>}
    : (tensor<2x1x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<2x1x1x4xf32>, tensor<1x1x4xf32>)
  return %yh : tensor<1x1x4xf32>
}
