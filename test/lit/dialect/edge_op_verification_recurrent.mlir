// RUN: edgec-opt %s --split-input-file --verify-diagnostics

// Verifier failures of edge.recurrent.

func.func @bad_kind(%x: tensor<1x3x2xf32>, %w: tensor<1x4x2xf32>, %r: tensor<1x4x4xf32>) -> tensor<1x3x4xf32> {
  // expected-error @+1 {{kind must be "lstm", "gru" or "rnn", got "lru"}}
  %y, %yh = edge.recurrent %x, %w, %r {kind = "lru", direction = "forward", hidden_size = 4 : i64,
      activations = ["Tanh"], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>}
    : (tensor<1x3x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>) -> (tensor<1x1x3x4xf32>, tensor<1x3x4xf32>)
  return %yh : tensor<1x3x4xf32>
}

// -----

func.func @bad_weight(%x: tensor<1x3x2xf32>, %w: tensor<1x12x2xf32>, %r: tensor<1x12x3xf32>) -> tensor<1x3x3xf32> {
  // expected-error @+1 {{W must be 1x9x2 of 'f32', got 'tensor<1x12x2xf32>'}}
  %y, %yh = edge.recurrent %x, %w, %r {kind = "gru", direction = "forward", hidden_size = 3 : i64,
      activations = ["Sigmoid", "Tanh"], activation_alpha = array<f32: 0.0, 0.0>, activation_beta = array<f32: 0.0, 0.0>}
    : (tensor<1x3x2xf32>, tensor<1x12x2xf32>, tensor<1x12x3xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x3x3xf32>)
  return %yh : tensor<1x3x3xf32>
}

// -----

func.func @gru_with_cell_state(%x: tensor<1x3x2xf32>, %w: tensor<1x9x2xf32>, %r: tensor<1x9x3xf32>) -> tensor<1x3x3xf32> {
  // expected-error @+1 {{only lstm has a Y_c result}}
  %y, %yh, %yc = edge.recurrent %x, %w, %r {kind = "gru", direction = "forward", hidden_size = 3 : i64,
      activations = ["Sigmoid", "Tanh"], activation_alpha = array<f32: 0.0, 0.0>, activation_beta = array<f32: 0.0, 0.0>}
    : (tensor<1x3x2xf32>, tensor<1x9x2xf32>, tensor<1x9x3xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>)
  return %yh : tensor<1x3x3xf32>
}

// -----

func.func @missing_activations(%x: tensor<1x3x2xf32>, %w: tensor<2x4x2xf32>, %r: tensor<2x4x4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{expects 2 activations, alphas and betas (every direction's)}}
  %y, %yh = edge.recurrent %x, %w, %r {kind = "rnn", direction = "bidirectional", hidden_size = 4 : i64,
      activations = ["Tanh"], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>}
    : (tensor<1x3x2xf32>, tensor<2x4x2xf32>, tensor<2x4x4xf32>) -> (tensor<1x2x3x4xf32>, tensor<2x3x4xf32>)
  return %yh : tensor<2x3x4xf32>
}

// -----

func.func @unknown_activation(%x: tensor<1x3x2xf32>, %w: tensor<1x4x2xf32>, %r: tensor<1x4x4xf32>) -> tensor<1x3x4xf32> {
  // expected-error @+1 {{unknown activation "Swish"}}
  %y, %yh = edge.recurrent %x, %w, %r {kind = "rnn", direction = "forward", hidden_size = 4 : i64,
      activations = ["Swish"], activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>}
    : (tensor<1x3x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>) -> (tensor<1x1x3x4xf32>, tensor<1x3x4xf32>)
  return %yh : tensor<1x3x4xf32>
}
