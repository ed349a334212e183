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
  let dependentDialects = ["::mlir::quant::QuantizationDialect"];
}

def Edge_ActivationKind : I32EnumAttr<"ActivationKind", "activation fused into a producer", [
  I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"relu", 1>, I32EnumAttrCase<"clip", 2>,
  I32EnumAttrCase<"sigmoid", 3>, I32EnumAttrCase<"tanh", 4>, I32EnumAttrCase<"leaky_relu", 5>,
  I32EnumAttrCase<"hard_sigmoid", 6>, I32EnumAttrCase<"hard_swish", 7>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_ActivationKindAttr : EnumAttr<Edge_Dialect, Edge_ActivationKind, "act">;

def Edge_BinaryKind : I32EnumAttr<"BinaryKind", "elementwise binary op", [
  I32EnumAttrCase<"add", 0>, I32EnumAttrCase<"sub", 1>, I32EnumAttrCase<"mul", 2>,
  I32EnumAttrCase<"div", 3>, I32EnumAttrCase<"pow", 4>, I32EnumAttrCase<"min", 5>,
  I32EnumAttrCase<"max", 6>, I32EnumAttrCase<"prelu", 7>,
  // Logical ops on booleans (i1 operands and result); capitalized in C++ (`and` is a keyword).
  I32EnumAttrCase<"And", 8, "and">, I32EnumAttrCase<"Or", 9, "or">,
  I32EnumAttrCase<"Xor", 10, "xor">]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_BinaryKindAttr : EnumAttr<Edge_Dialect, Edge_BinaryKind, "binary">;

def Edge_UnaryKind : I32EnumAttr<"UnaryKind", "elementwise unary op", [
  I32EnumAttrCase<"relu", 0>, I32EnumAttrCase<"clip", 1>, I32EnumAttrCase<"sigmoid", 2>,
  I32EnumAttrCase<"tanh", 3>, I32EnumAttrCase<"leaky_relu", 4>, I32EnumAttrCase<"neg", 5>,
  I32EnumAttrCase<"abs", 6>, I32EnumAttrCase<"exp", 7>, I32EnumAttrCase<"log", 8>,
  I32EnumAttrCase<"sqrt", 9>, I32EnumAttrCase<"reciprocal", 10>, I32EnumAttrCase<"elu", 11>,
  I32EnumAttrCase<"selu", 12>, I32EnumAttrCase<"softplus", 13>, I32EnumAttrCase<"softsign", 14>,
  I32EnumAttrCase<"hard_sigmoid", 15>, I32EnumAttrCase<"hard_swish", 16>, I32EnumAttrCase<"erf", 17>,
  I32EnumAttrCase<"ceil", 18>, I32EnumAttrCase<"floor", 19>, I32EnumAttrCase<"round", 20>,
  I32EnumAttrCase<"sin", 21>, I32EnumAttrCase<"cos", 22>, I32EnumAttrCase<"sign", 23>,
  // `not` is on booleans; gelu's alpha is 1 for the tanh approximation, 0 for the exact form.
  // (25 is the kernels' identity, which has no edge form.)
  I32EnumAttrCase<"Not", 24, "not">, I32EnumAttrCase<"gelu", 26>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_UnaryKindAttr : EnumAttr<Edge_Dialect, Edge_UnaryKind, "unary">;

def Edge_CompareKind : I32EnumAttr<"CompareKind", "elementwise comparison", [
  I32EnumAttrCase<"eq", 0>, I32EnumAttrCase<"lt", 1>, I32EnumAttrCase<"le", 2>,
  I32EnumAttrCase<"gt", 3>, I32EnumAttrCase<"ge", 4>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_CompareKindAttr : EnumAttr<Edge_Dialect, Edge_CompareKind, "compare">;

def Edge_ArgKind : I32EnumAttr<"ArgKind", "index reduction", [
  I32EnumAttrCase<"max", 0>, I32EnumAttrCase<"min", 1>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_ArgKindAttr : EnumAttr<Edge_Dialect, Edge_ArgKind, "arg">;

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

// The enums below are numbered as the reference kernels' EDGEC_* constants.
def Edge_PadMode : I32EnumAttr<"PadMode", "how Pad fills the border", [
  I32EnumAttrCase<"constant", 0>, I32EnumAttrCase<"reflect", 1>, I32EnumAttrCase<"edge", 2>,
  I32EnumAttrCase<"wrap", 3>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_PadModeAttr : EnumAttr<Edge_Dialect, Edge_PadMode, "pad_mode">;

def Edge_ResizeMode : I32EnumAttr<"ResizeMode", "Resize interpolation", [
  I32EnumAttrCase<"nearest", 0>, I32EnumAttrCase<"linear", 1>, I32EnumAttrCase<"cubic", 2>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_ResizeModeAttr : EnumAttr<Edge_Dialect, Edge_ResizeMode, "resize_mode">;

def Edge_CoordMode : I32EnumAttr<"CoordMode", "Resize coordinate_transformation_mode", [
  I32EnumAttrCase<"half_pixel", 0>, I32EnumAttrCase<"asymmetric", 1>,
  I32EnumAttrCase<"align_corners", 2>, I32EnumAttrCase<"pytorch_half_pixel", 3>,
  I32EnumAttrCase<"tf_crop_and_resize", 4>, I32EnumAttrCase<"half_pixel_symmetric", 5>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_CoordModeAttr : EnumAttr<Edge_Dialect, Edge_CoordMode, "coord_mode">;

def Edge_NearestMode : I32EnumAttr<"NearestMode", "Resize nearest_mode", [
  I32EnumAttrCase<"round_prefer_floor", 0>, I32EnumAttrCase<"round_prefer_ceil", 1>,
  I32EnumAttrCase<"floor", 2>, I32EnumAttrCase<"ceil", 3>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_NearestModeAttr : EnumAttr<Edge_Dialect, Edge_NearestMode, "nearest_mode">;

def Edge_ReduceKind : I32EnumAttr<"ReduceKind", "reduction", [
  I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"mean", 1>, I32EnumAttrCase<"max", 2>,
  I32EnumAttrCase<"min", 3>, I32EnumAttrCase<"prod", 4>, I32EnumAttrCase<"l1", 5>,
  I32EnumAttrCase<"l2", 6>, I32EnumAttrCase<"log_sum", 7>, I32EnumAttrCase<"log_sum_exp", 8>,
  I32EnumAttrCase<"sum_square", 9>]> {
  let cppNamespace = "::edgec::edge";
  let genSpecializedAttr = 0;
}
def Edge_ReduceKindAttr : EnumAttr<Edge_Dialect, Edge_ReduceKind, "reduce">;

#endif // EDGE_BASE_TD
