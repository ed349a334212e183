// RUN: edgec-opt %s --split-input-file --verify-diagnostics

// edge.custom's verifier: a C identifier to call, results to write, attributes edgec_custom_attr
// can carry.

func.func @not_an_identifier(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{symbol '1st' is not a C identifier}}
  %0 = edge.custom "1st"(%x) {op_type = "A", domain = "d", onnx_attrs = {}} : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @no_result(%x: tensor<3xf32>) {
  // expected-error @+1 {{needs at least one result}}
  edge.custom "f"(%x) {op_type = "A", domain = "d", onnx_attrs = {}} : (tensor<3xf32>) -> ()
  return
}

// -----

func.func @tensor_attribute(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{attribute 't' is dense<1.000000e+00> : tensor<2xf32>; custom ops take i64, f32, string, array<i64> or array<f32>}}
  %0 = edge.custom "f"(%x) {op_type = "A", domain = "d", onnx_attrs = {t = dense<1.0> : tensor<2xf32>}} : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
