// RUN: edgec-opt %s --split-input-file --verify-diagnostics

// Shape inference and verifier failures of the edge ops added for issue 10.

func.func @compare_mixed_types(%a: tensor<3xf32>, %b: tensor<3xi64>) -> tensor<3xi1> {
  // expected-error @+2 {{compare: element types differ or are quantized: 'f32' and 'i64'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.compare eq %a, %b : (tensor<3xf32>, tensor<3xi64>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @and_on_floats(%a: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{binary and: expects boolean operands, got 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.binary and %a, %a : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @add_on_booleans(%a: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+2 {{binary add: does not take booleans, got 'i1'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.binary add %a, %a : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @not_on_floats(%a: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'not' on 'f32' is not defined ('not' is the boolean op, the others are numeric)}}
  %0 = edge.unary not %a : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @select_float_condition(%c: tensor<3xf32>, %x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{select: the condition must be boolean, got 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.select %c, %x, %x : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @select_shapes(%c: tensor<2xi1>, %x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{select: shapes 2, 3 and 3 do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.select %c, %x, %x : (tensor<2xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @broadcast_shrinks(%x: tensor<3x4xf32>) -> tensor<3x1xf32> {
  // expected-error @+1 {{cannot broadcast 'tensor<3x4xf32>' to 'tensor<3x1xf32>'}}
  %0 = edge.broadcast %x : (tensor<3x4xf32>) -> tensor<3x1xf32>
  return %0 : tensor<3x1xf32>
}

// -----

func.func @layer_norm_scale_shape(%x: tensor<2x4x8xf32>, %g: tensor<4x8xf32>) -> tensor<2x4x8xf32> {
  // expected-error @+1 {{scale and bias must have the normalized dims 8, got 4x8}}
  %0 = edge.layer_norm %x scale %g {axis = 2 : i64, epsilon = 1.0e-05 : f32} : (tensor<2x4x8xf32>, tensor<4x8xf32>) -> tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

func.func @layer_norm_axis(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = edge.layer_norm %x {axis = 2 : i64, epsilon = 1.0e-05 : f32} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @arg_reduce_axis(%x: tensor<2x5xf32>) -> tensor<2x1xi64> {
  // expected-error @+2 {{arg_reduce: axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = edge.arg_reduce max %x {axis = 2 : i64} : (tensor<2x5xf32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

func.func @top_k_too_many(%x: tensor<2x5xf32>) -> (tensor<2x6xf32>, tensor<2x6xi64>) {
  // expected-error @+2 {{top_k: k = 6 is outside [0, 5]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = edge.top_k %x {axis = 1 : i64, k = 6 : i64} : (tensor<2x5xf32>) -> (tensor<2x6xf32>, tensor<2x6xi64>)
  return %0#0, %0#1 : tensor<2x6xf32>, tensor<2x6xi64>
}

// -----

func.func @gather_elements_shape(%d: tensor<2x3xf32>, %i: tensor<3x2xi64>) -> tensor<3x2xf32> {
  // expected-error @+1 {{indices dim 0 (3) exceeds the data's (2)}}
  %0 = edge.gather_elements %d, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @cumsum_axis(%x: tensor<5xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{axis 1 is out of range for rank 1}}
  %0 = edge.cumsum %x {axis = 1 : i64} : tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// A negative axis (the importer normalizes ONNX's) is refused, not read as a huge unsigned one.
func.func @cumsum_negative_axis(%x: tensor<5xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{axis -1 is out of range for rank 1}}
  %0 = edge.cumsum %x {axis = -1 : i64} : tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @attention_mismatched_k(%q: tensor<2x4x8xf32>, %k: tensor<2x6x7xf32>, %v: tensor<2x6x3xf32>) -> tensor<2x4x3xf32> {
  // expected-error @+1 {{k's last dim (7) must equal q's (8)}}
  %0 = edge.attention %q, %k, %v {scale = 1.0 : f32} : (tensor<2x4x8xf32>, tensor<2x6x7xf32>, tensor<2x6x3xf32>) -> tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}
