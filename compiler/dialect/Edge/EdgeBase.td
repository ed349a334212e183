// The edge graph dialect: declaration and the enums its ops share.
#ifndef EDGE_BASE_TD
#define EDGE_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Edge_Dialect : Dialect {
  let name = "edge";
  let cppNamespace = "::edgec::edge";
  let summary = "Tensor-level graph ops with ONNX semantics";
  let description = [{
    The graph level of edgec. Each op is one ONNX operator (or a small family
    sharing one semantics, selected by an enum) on statically shaped tensors.
    Result types are inferred from operands and attributes, so the importer
    never guesses a shape. Image ops carry a `layout` (`nchw` as imported,
    `nhwc` after the layout pass).
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let usePropertiesForAttributes = 0;
}

def Edge_ActivationKind : I32EnumAttr<"ActivationKind", "activation fused into a producer", [
  I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"relu", 1>, I32EnumAttrCase<"clip", 2>,
  I32EnumAttrCase<"sigmoid", 3>, I32EnumAttrCase<"tanh", 4>, I32EnumAttrCase<"leaky_relu", 5>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_ActivationKindAttr : EnumAttr<Edge_Dialect, Edge_ActivationKind, "act">;

def Edge_BinaryKind : I32EnumAttr<"BinaryKind", "elementwise binary op", [
  I32EnumAttrCase<"add", 0>, I32EnumAttrCase<"sub", 1>, I32EnumAttrCase<"mul", 2>,
  I32EnumAttrCase<"div", 3>, I32EnumAttrCase<"pow", 4>, I32EnumAttrCase<"min", 5>,
  I32EnumAttrCase<"max", 6>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_BinaryKindAttr : EnumAttr<Edge_Dialect, Edge_BinaryKind, "binary">;

def Edge_UnaryKind : I32EnumAttr<"UnaryKind", "elementwise unary op", [
  I32EnumAttrCase<"relu", 0>, I32EnumAttrCase<"clip", 1>, I32EnumAttrCase<"sigmoid", 2>,
  I32EnumAttrCase<"tanh", 3>, I32EnumAttrCase<"leaky_relu", 4>, I32EnumAttrCase<"neg", 5>,
  I32EnumAttrCase<"abs", 6>, I32EnumAttrCase<"exp", 7>, I32EnumAttrCase<"log", 8>,
  I32EnumAttrCase<"sqrt", 9>, I32EnumAttrCase<"reciprocal", 10>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_UnaryKindAttr : EnumAttr<Edge_Dialect, Edge_UnaryKind, "unary">;

def Edge_PoolKind : I32EnumAttr<"PoolKind", "pooling reduction", [
  I32EnumAttrCase<"max", 0>, I32EnumAttrCase<"avg", 1>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_PoolKindAttr : EnumAttr<Edge_Dialect, Edge_PoolKind, "pool">;

def Edge_Layout : I32EnumAttr<"Layout", "position of the channel dimension", [
  I32EnumAttrCase<"nchw", 0>, I32EnumAttrCase<"nhwc", 1>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_LayoutAttr : EnumAttr<Edge_Dialect, Edge_Layout, "layout">;

#endif // EDGE_BASE_TD
