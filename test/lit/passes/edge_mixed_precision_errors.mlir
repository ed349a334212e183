// RUN: edgec-opt %s --edge-quantize --verify-diagnostics -o /dev/null


// A name that is no calibrated value is an error naming it.
// expected-error @+1 {{--int16-layers: no quantized layer named 'nope'}}
module attributes {edgec.quantize = "int8", edgec.int16_layers = ["nope", "c1"]} {
func.func @unknown(%x: tensor<1x4xf32> {edgec.range = array<f32: -1.0, 1.0>}) -> tensor<1x4xf32> {
  %r = edge.unary relu %x {edgec.range = array<f32: 0.0, 1.0>} : tensor<1x4xf32> loc("c1")
  return %r : tensor<1x4xf32>
}
}
