// RUN: edgec-opt %s --split-input-file --edge-fold-qdq | FileCheck %s

!q = !quant.uniform<i8:f32, 0.05:-3>

// A QDQ model's custom op (--custom-op) stays float between its dequantize and quantize, and
// says why: it is user code (report.json's quantization.float_layers[].reason).
// CHECK-LABEL: func.func @custom_between_qdq
// CHECK: %[[D:.*]] = edge.dequantize %{{.*}} : tensor<1x4x!quant.uniform<i8:f32, 5.000000e-02:-3>> -> tensor<1x4xf32>
// CHECK: %[[C:.*]] = edge.custom "my_op"(%[[D]]) {domain = "com.example", edgec.float_reason = "custom op: the user's function 'my_op' computes in float"
// CHECK: edge.quantize %[[C]]
func.func @custom_between_qdq(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %xq = edge.quantize %x : tensor<1x4xf32> -> tensor<1x4x!q>
  %xd = edge.dequantize %xq : tensor<1x4x!q> -> tensor<1x4xf32>
  %c = edge.custom "my_op"(%xd) {op_type = "MyOp", domain = "com.example", onnx_attrs = {}} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %cq = edge.quantize %c : tensor<1x4xf32> -> tensor<1x4x!q>
  %cd = edge.dequantize %cq : tensor<1x4x!q> -> tensor<1x4xf32>
  %r = edge.unary relu %cd : tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}
