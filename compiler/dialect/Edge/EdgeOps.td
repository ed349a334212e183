// The edge graph dialect's ops: ONNX operators on statically shaped tensors.
#ifndef EDGE_OPS_TD
#define EDGE_OPS_TD

include "compiler/dialect/Edge/EdgeBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

class Edge_Op<string mnemonic, list<Trait> traits = []>
    : Op<Edge_Dialect, mnemonic, !listconcat(traits, [Pure])>;

// Ops whose result type follows from operands and attributes.
// Quantized variants keep the inferred shape but carry their own scale and zero point in
// the result type, so a quant type on either side only has to agree in shape.
class Edge_InferredOp<string mnemonic, list<Trait> traits = []>
    : Edge_Op<mnemonic, !listconcat(traits, [InferTypeOpAdaptor])> {
  let extraClassDeclaration = [{
    static bool isCompatibleReturnTypes(::mlir::TypeRange inferred, ::mlir::TypeRange actual) {
      return ::edgec::edge::compatibleReturnTypes(inferred, actual);
    }
  }];
}

// The fused-activation attributes every producer that can absorb one carries.
defvar FusedActivation = (ins
  DefaultValuedAttr<Edge_ActivationKindAttr, "::edgec::edge::ActivationKind::none">:$act,
  DefaultValuedAttr<F32Attr, "0.0f">:$act_alpha,
  DefaultValuedAttr<F32Attr, "0.0f">:$act_beta);

def Edge_ConstantOp : Edge_InferredOp<"constant", [ConstantLike]> {
  let summary = "A constant tensor (weights are dense resources)";
  let description = [{
    ```mlir
    %w = edge.constant dense_resource<conv1.weight> : tensor<8x3x3x3xf32>
    %s = edge.constant dense<[1, 8]> : tensor<2xi64>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

def Edge_ConvOp : Edge_InferredOp<"conv"> {
  let summary = "N-d convolution (ONNX Conv) with explicit pads and fused activation";
  let description = [{
    `pads` holds the begin pads of every spatial dim, then the end pads
    (ONNX order); `auto_pad` is resolved at import. With `layout = nchw` the
    input is N,C,spatial... and the filter O,I/g,k...; with `nhwc` the input is
    N,spatial...,C and the filter O,k...,I/g.
    ```mlir
    %y = edge.conv %x, %w, %b {group = 1 : i64, pads = array<i64: 1, 1, 1, 1>,
           strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
         : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = !con((ins AnyStaticShapeTensor:$input, AnyStaticShapeTensor:$filter,
      Optional<AnyStaticShapeTensor>:$bias,
      DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads,
      DefaultValuedAttr<I64Attr, "1">:$group,
      DefaultValuedAttr<Edge_LayoutAttr, "::edgec::edge::Layout::nchw">:$layout),
      FusedActivation);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
}

def Edge_GemmOp : Edge_InferredOp<"gemm"> {
  let summary = "ONNX Gemm: act(alpha * op(A) * op(B) + beta * C)";
  let description = [{
    ```mlir
    %y = edge.gemm %a, %b, %c {trans_b = true} : (tensor<1x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = !con((ins AnyStaticShapeTensor:$a, AnyStaticShapeTensor:$b,
      Optional<AnyStaticShapeTensor>:$c,
      DefaultValuedAttr<F32Attr, "1.0f">:$alpha, DefaultValuedAttr<F32Attr, "1.0f">:$beta,
      DefaultValuedAttr<BoolAttr, "false">:$trans_a, DefaultValuedAttr<BoolAttr, "false">:$trans_b),
      FusedActivation);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)";
}

def Edge_MatMulOp : Edge_InferredOp<"matmul"> {
  let summary = "ONNX MatMul: numpy matmul with broadcast batch dims";
  let description = [{
    ```mlir
    %y = edge.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = !con((ins AnyStaticShapeTensor:$a, AnyStaticShapeTensor:$b), FusedActivation);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$a `,` $b attr-dict `:` functional-type(operands, results)";
}

def Edge_BinaryOp : Edge_InferredOp<"binary"> {
  let summary = "Elementwise binary op with numpy broadcasting (Add, Sub, Mul, Div, ...)";
  let description = [{
    ```mlir
    %y = edge.binary add %a, %b : (tensor<1x4x8x8xf32>, tensor<4x1x1xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = !con((ins Edge_BinaryKindAttr:$kind, AnyStaticShapeTensor:$lhs,
      AnyStaticShapeTensor:$rhs), FusedActivation);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$kind $lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Edge_UnaryOp : Edge_Op<"unary", [SameOperandsAndResultShape]> {
  let summary = "Elementwise unary op (Relu, Clip, Sigmoid, Tanh, ...)";
  let description = [{
    `alpha`/`beta` are the op's parameters: Clip's min/max, LeakyRelu's slope.
    Input and result types are equal, except that a quantized op may change the
    scale (then both types are printed).
    ```mlir
    %y = edge.unary clip %x {alpha = 0.0 : f32, beta = 6.0 : f32} : tensor<1x8xf32>
    %s = edge.unary sigmoid %q : tensor<8x!quant.uniform<i8:f32, 0.05:3>> -> tensor<8x!quant.uniform<i8:f32, 0.0039:-128>>
    ```
  }];
  let arguments = (ins Edge_UnaryKindAttr:$kind, AnyStaticShapeTensor:$input,
      DefaultValuedAttr<F32Attr, "0.0f">:$alpha, DefaultValuedAttr<F32Attr, "0.0f">:$beta);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$kind $input attr-dict `:` custom<UnaryTypes>(type($input), type($output))";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Edge_SoftmaxOp : Edge_Op<"softmax", [SameOperandsAndResultShape]> {
  let summary = "Softmax (opset 13 semantics: along one axis)";
  let description = [{
    ```mlir
    %y = edge.softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
    Quantized, input and output have their own parameters (`: in -> out`).
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, I64Attr:$axis,
      DefaultValuedAttr<BoolAttr, "false">:$log);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` custom<UnaryTypes>(type($input), type($output))";
  let hasVerifier = 1;
}

def Edge_PoolOp : Edge_InferredOp<"pool"> {
  let summary = "MaxPool / AveragePool over 1-3 spatial dims";
  let description = [{
    ```mlir
    %y = edge.pool max %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
           dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
         : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
    ```
  }];
  let arguments = !con((ins Edge_PoolKindAttr:$kind, AnyStaticShapeTensor:$input,
      DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
      DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads,
      DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
      DefaultValuedAttr<BoolAttr, "false">:$count_include_pad,
      DefaultValuedAttr<Edge_LayoutAttr, "::edgec::edge::Layout::nchw">:$layout),
      FusedActivation);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$kind $input attr-dict `:` functional-type(operands, results)";
}

def Edge_MaxPoolWithIndicesOp : Edge_InferredOp<"max_pool_with_indices"> {
  let summary = "MaxPool that also returns ONNX's Indices output (flat NCHW indices, int64)";
  let description = [{
    ```mlir
    %y, %i = edge.max_pool_with_indices %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
               dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
             : (tensor<1x4x8x8xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>)
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
      DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads,
      DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
      DefaultValuedAttr<I64Attr, "0">:$storage_order,
      DefaultValuedAttr<Edge_LayoutAttr, "::edgec::edge::Layout::nchw">:$layout);
  let results = (outs AnyStaticShapeTensor:$output, AnyStaticShapeTensor:$indices);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Edge_GlobalPoolOp : Edge_InferredOp<"global_pool"> {
  let summary = "GlobalAveragePool / GlobalMaxPool: reduce all spatial dims to 1";
  let description = [{
    ```mlir
    %y = edge.global_pool avg %x : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins Edge_PoolKindAttr:$kind, AnyStaticShapeTensor:$input,
      DefaultValuedAttr<Edge_LayoutAttr, "::edgec::edge::Layout::nchw">:$layout);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$kind $input attr-dict `:` functional-type(operands, results)";
}

def Edge_BatchNormOp : Edge_InferredOp<"batch_norm"> {
  let summary = "BatchNormalization in inference mode";
  let description = [{
    ```mlir
    %y = edge.batch_norm %x, %scale, %bias, %mean, %var {epsilon = 1.0e-5 : f32}
         : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, AnyStaticShapeTensor:$scale,
      AnyStaticShapeTensor:$bias, AnyStaticShapeTensor:$mean, AnyStaticShapeTensor:$variance,
      DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon,
      DefaultValuedAttr<Edge_LayoutAttr, "::edgec::edge::Layout::nchw">:$layout);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:` functional-type(operands, results)";
}

def Edge_BatchNormTrainingOp : Edge_InferredOp<"batch_norm_training"> {
  let summary = "BatchNormalization with training_mode=1: batch statistics and updated running stats";
  let description = [{
    Normalizes over every axis but 1 (the channel) with the batch mean and
    population variance, and returns the running mean and variance updated with
    `momentum`. Stays channels-first: its kernel reads the channel axis directly.
    ```mlir
    %y, %rm, %rv = edge.batch_norm_training %x, %s, %b, %m, %v {epsilon = 1.0e-5 : f32, momentum = 0.9 : f32}
         : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
           -> (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>)
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, AnyStaticShapeTensor:$scale,
      AnyStaticShapeTensor:$bias, AnyStaticShapeTensor:$mean, AnyStaticShapeTensor:$variance,
      DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon, DefaultValuedAttr<F32Attr, "0.9f">:$momentum);
  let results = (outs AnyStaticShapeTensor:$output, AnyStaticShapeTensor:$running_mean,
      AnyStaticShapeTensor:$running_var);
  let assemblyFormat = "$input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:` functional-type(operands, results)";
}

def Edge_ReshapeOp : Edge_Op<"reshape"> {
  let summary = "Reshape / Flatten / Squeeze / Unsqueeze: same elements, new shape";
  let description = [{
    ```mlir
    %y = edge.reshape %x : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Edge_TransposeOp : Edge_InferredOp<"transpose"> {
  let summary = "Transpose: output dim i is input dim perm[i]";
  let description = [{
    ```mlir
    %y = edge.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Edge_ConcatOp : Edge_InferredOp<"concat"> {
  let summary = "Concat along one axis";
  let description = [{
    ```mlir
    %y = edge.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x5xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyStaticShapeTensor>:$inputs, I64Attr:$axis);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Edge_IdentityOp : Edge_Op<"identity", [SameOperandsAndResultType]> {
  let summary = "Identity / inference-mode Dropout; removed by edge-strip-identity";
  let description = [{
    ```mlir
    %y = edge.identity %x : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def Edge_GatherOp : Edge_InferredOp<"gather"> {
  let summary = "ONNX Gather along one axis (folded when data and indices are constant)";
  let description = [{
    ```mlir
    %y = edge.gather %shape, %idx {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$data, AnyStaticShapeTensor:$indices, I64Attr:$axis);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Edge_CastOp : Edge_InferredOp<"cast"> {
  let summary = "ONNX Cast between float, int and bool element types";
  let description = [{
    ```mlir
    %y = edge.cast %x {to = f32} : (tensor<2xi64>) -> tensor<2xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, TypeAttr:$to,
      DefaultValuedAttr<BoolAttr, "true">:$saturate);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Edge_SliceOp : Edge_InferredOp<"slice"> {
  let summary = "ONNX Slice with constant starts/ends/axes/steps (ONNX clamping rules)";
  let description = [{
    ```mlir
    %y = edge.slice %x {starts = array<i64: 0>, ends = array<i64: 2>, axes = array<i64: 0>,
           steps = array<i64: 1>} : (tensor<4xi64>) -> tensor<2xi64>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, DenseI64ArrayAttr:$starts,
      DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$axes, DenseI64ArrayAttr:$steps);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Edge_ConvTransposeOp : Edge_InferredOp<"conv_transpose"> {
  let summary = "N-d transposed convolution (ONNX ConvTranspose)";
  let description = [{
    `pads` are the resolved begin pads then end pads (output_shape and auto_pad
    are turned into pads at import; an end pad may be negative, which extends
    the output like output_padding). With `layout = nchw` the filter is
    Cin, Cout/g, k...; with `nhwc` it is Cin, k..., Cout/g.
    ```mlir
    %y = edge.conv_transpose %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>,
           pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 1, 1>}
         : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = !con((ins AnyStaticShapeTensor:$input, AnyStaticShapeTensor:$filter,
      Optional<AnyStaticShapeTensor>:$bias,
      DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads,
      DenseI64ArrayAttr:$output_padding,
      DefaultValuedAttr<I64Attr, "1">:$group,
      DefaultValuedAttr<Edge_LayoutAttr, "::edgec::edge::Layout::nchw">:$layout),
      FusedActivation);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
}

def Edge_PadOp : Edge_InferredOp<"pad"> {
  let summary = "ONNX Pad (constant, reflect, edge, wrap); negative pads crop";
  let description = [{
    `pads` lists the begin pads of every dim, then the end pads.
    ```mlir
    %y = edge.pad %x {mode = #edge<pad_mode reflect>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>}
         : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, DenseI64ArrayAttr:$pads,
      DefaultValuedAttr<Edge_PadModeAttr, "::edgec::edge::PadMode::constant">:$mode,
      DefaultValuedAttr<F32Attr, "0.0f">:$value);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Edge_ResizeOp : Edge_Op<"resize"> {
  let summary = "ONNX Resize (nearest, linear, cubic) with resolved per-dim scales";
  let description = [{
    The output shape is resolved at import from `scales` or `sizes`; `scales`
    holds output/input per dim as ONNX uses it in the coordinate transform.
    ```mlir
    %y = edge.resize %x {scales = array<f32: 1.0, 1.0, 2.0, 2.0>, mode = #edge<resize_mode nearest>,
           coord_mode = #edge<coord_mode asymmetric>, nearest_mode = #edge<nearest_mode floor>}
         : tensor<1x2x4x4xf32> -> tensor<1x2x8x8xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, DenseF32ArrayAttr:$scales,
      DenseF32ArrayAttr:$roi,
      DefaultValuedAttr<Edge_ResizeModeAttr, "::edgec::edge::ResizeMode::nearest">:$mode,
      DefaultValuedAttr<Edge_CoordModeAttr, "::edgec::edge::CoordMode::half_pixel">:$coord_mode,
      DefaultValuedAttr<Edge_NearestModeAttr, "::edgec::edge::NearestMode::round_prefer_floor">:$nearest_mode,
      DefaultValuedAttr<F32Attr, "-0.75f">:$cubic_coeff_a,
      DefaultValuedAttr<BoolAttr, "false">:$exclude_outside,
      DefaultValuedAttr<F32Attr, "0.0f">:$extrapolation_value,
      DefaultValuedAttr<BoolAttr, "false">:$from_sizes);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Edge_ReduceOp : Edge_InferredOp<"reduce"> {
  let summary = "ONNX Reduce* over a set of axes";
  let description = [{
    `axes` are normalized and sorted; an empty list reduces nothing (ONNX
    noop_with_empty_axes) — the importer turns "all axes" into the full list.
    ```mlir
    %y = edge.reduce mean %x {axes = array<i64: 2, 3>, keepdims = true} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins Edge_ReduceKindAttr:$kind, AnyStaticShapeTensor:$input,
      DenseI64ArrayAttr:$axes, DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$kind $input attr-dict `:` functional-type(operands, results)";
}

def Edge_CompareOp : Edge_InferredOp<"compare"> {
  let summary = "ONNX Equal/Less/LessOrEqual/Greater/GreaterOrEqual with numpy broadcasting";
  let description = [{
    Operands of one element type (any number or boolean); the result is a boolean.
    ```mlir
    %m = edge.compare lt %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
    ```
  }];
  let arguments = (ins Edge_CompareKindAttr:$kind, AnyStaticShapeTensor:$lhs, AnyStaticShapeTensor:$rhs);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$kind $lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Edge_SelectOp : Edge_InferredOp<"select"> {
  let summary = "ONNX Where: cond ? x : y elementwise, the three operands broadcast together";
  let description = [{
    ```mlir
    %y = edge.select %cond, %x, %z : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$condition, AnyStaticShapeTensor:$x, AnyStaticShapeTensor:$y);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$condition `,` $x `,` $y attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Edge_BroadcastOp : Edge_Op<"broadcast"> {
  let summary = "ONNX Expand: the input repeated along the result's dims (numpy broadcasting)";
  let description = [{
    The result shape is the input's broadcast against the Expand shape, fixed at import.
    ```mlir
    %y = edge.broadcast %x : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Edge_LayerNormOp : Edge_Op<"layer_norm", [SameOperandsAndResultElementType, AttrSizedOperandSegments]> {
  let summary = "ONNX LayerNormalization: normalize over the dims from `axis` on, then scale and bias";
  let description = [{
    y = (x - mean) / sqrt(var + epsilon) * scale + bias, mean and (biased) variance taken
    over dims [axis, rank). `scale` and `bias`, when present, have exactly those dims (the
    importer broadcasts smaller ones); absent means 1 and 0 (InstanceNormalization's core).
    ```mlir
    %y = edge.layer_norm %x scale %g bias %b {axis = 2 : i64, epsilon = 1.0e-05 : f32} : (tensor<1x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, Optional<AnyStaticShapeTensor>:$scale,
      Optional<AnyStaticShapeTensor>:$bias, I64Attr:$axis, F32Attr:$epsilon);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input (`scale` $scale^)? (`bias` $bias^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Edge_ArgReduceOp : Edge_InferredOp<"arg_reduce"> {
  let summary = "ONNX ArgMax/ArgMin: the int64 (or narrowed int32) index of the extreme value along one axis";
  let description = [{
    Ties take the first index, or the last with `select_last_index`; NaN counts as the extreme.
    ```mlir
    %i = edge.arg_reduce max %x {axis = 1 : i64, keepdims = true} : (tensor<2x5xf32>) -> tensor<2x1xi64>
    ```
  }];
  let arguments = (ins Edge_ArgKindAttr:$kind, AnyStaticShapeTensor:$input, I64Attr:$axis,
      DefaultValuedAttr<BoolAttr, "true">:$keepdims, DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$kind $input attr-dict `:` functional-type(operands, results)";
  // edge-narrow-indices may give the indices int32 where they fit (always: they are < the axis dim).
  let extraClassDeclaration = [{
    static bool isCompatibleReturnTypes(::mlir::TypeRange inferred, ::mlir::TypeRange actual) {
      return ::edgec::edge::compatibleIndexReturnTypes(inferred, actual);
    }
  }];
}

def Edge_AttentionOp : Edge_Op<"attention"> {
  let summary = "Scaled dot-product attention: softmax(scale * q k^T) v, per batch of the leading dims";
  let description = [{
    q [..., Lq, D], k [..., Lk, D] (not transposed), v [..., Lk, Dv], the same leading dims;
    the result is [..., Lq, Dv]. What edge-fuse-activations folds MatMul -> (Mul or Div by a
    scalar) -> Softmax(last axis) -> MatMul into, so one kernel reads q, k and v once and
    writes the result once, without a score matrix in the arena.
    ```mlir
    %o = edge.attention %q, %k, %v {scale = 0.125 : f32} : (tensor<8x16x64xf32>, tensor<8x16x64xf32>, tensor<8x16x64xf32>) -> tensor<8x16x64xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$q, AnyStaticShapeTensor:$k, AnyStaticShapeTensor:$v, F32Attr:$scale);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$q `,` $k `,` $v attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Edge_TopKOp : Edge_InferredOp<"top_k"> {
  let summary = "ONNX TopK: the k largest (or smallest) values along one axis and their int64 indices";
  let description = [{
    Results are sorted (largest first, or smallest first); equal values keep their index order,
    so the lower index comes first. NaN counts as larger than any number.
    ```mlir
    %v, %i = edge.top_k %x {axis = 1 : i64, k = 2 : i64, largest = true} : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, I64Attr:$axis, I64Attr:$k,
      DefaultValuedAttr<BoolAttr, "true">:$largest);
  let results = (outs AnyStaticShapeTensor:$values, AnyStaticShapeTensor:$indices);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  // edge-narrow-indices may give the indices int32 where they fit (always: they are < the axis dim).
  let extraClassDeclaration = [{
    static bool isCompatibleReturnTypes(::mlir::TypeRange inferred, ::mlir::TypeRange actual) {
      return ::edgec::edge::compatibleIndexReturnTypes(inferred, actual);
    }
  }];
}

def Edge_CumSumOp : Edge_Op<"cumsum", [SameOperandsAndResultType]> {
  let summary = "ONNX CumSum along one axis (exclusive and reverse variants)";
  let description = [{
    ```mlir
    %y = edge.cumsum %x {axis = 0 : i64, exclusive = false, reverse = true} : tensor<5xf64>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, I64Attr:$axis,
      DefaultValuedAttr<BoolAttr, "false">:$exclusive, DefaultValuedAttr<BoolAttr, "false">:$reverse);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def Edge_GatherElementsOp : Edge_Op<"gather_elements"> {
  let summary = "ONNX GatherElements: out[i][j] = data[index[i][j]][j] along `axis` (run-time indices)";
  let description = [{
    The result has the indices' shape and the data's element type.
    ```mlir
    %y = edge.gather_elements %data, %idx {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$data, AnyStaticShapeTensor:$indices, I64Attr:$axis);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Edge_RecurrentOp : Edge_Op<"recurrent", [AttrSizedOperandSegments]> {
  let summary = "ONNX LSTM, GRU and RNN (float32), time-major (layout 0)";
  let description = [{
    One op for the three cells; `kind` is "lstm", "gru" or "rnn" (G = 4, 3, 1 gates in
    ONNX order iofc, zrh, i). X is [seq, batch, input], W [dirs, G*hidden, input],
    R [dirs, G*hidden, hidden], B [dirs, 2*G*hidden], sequence_lens [batch] (i32),
    initial_h / initial_c [dirs, batch, hidden], P [dirs, 3*hidden] (peepholes i, o, f).
    Absent optional inputs mean zeros (sequence_lens: every row is seq long). Results are
    Y [seq, dirs, batch, hidden], Y_h [dirs, batch, hidden] and, for lstm only, Y_c.
    `direction` is "forward", "reverse" or "bidirectional" (dirs = 2). `activations` holds
    every activation of every direction (lstm f, g, h; gru f, g; rnn f) with its alpha
    and beta resolved at import; a batch-major ONNX layout (layout = 1) becomes transposes
    around the op. Rows past their sequence length give zeros in Y and keep the state of
    their last valid step in Y_h / Y_c.
    ```mlir
    %y, %yh, %yc = edge.recurrent %x, %w, %r {kind = "lstm", direction = "forward",
        hidden_size = 3 : i64, activations = ["Sigmoid", "Tanh", "Tanh"],
        activation_alpha = array<f32: 0.0, 0.0, 0.0>, activation_beta = array<f32: 0.0, 0.0, 0.0>}
      : (tensor<1x3x2xf32>, tensor<1x12x2xf32>, tensor<1x12x3xf32>)
        -> (tensor<1x1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>)
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$x, AnyStaticShapeTensor:$w, AnyStaticShapeTensor:$r,
      Optional<AnyStaticShapeTensor>:$b, Optional<AnyStaticShapeTensor>:$sequence_lens,
      Optional<AnyStaticShapeTensor>:$initial_h, Optional<AnyStaticShapeTensor>:$initial_c,
      Optional<AnyStaticShapeTensor>:$p, StrAttr:$kind, StrAttr:$direction, I64Attr:$hidden_size,
      StrArrayAttr:$activations, DenseF32ArrayAttr:$activation_alpha, DenseF32ArrayAttr:$activation_beta,
      OptionalAttr<F32Attr>:$clip, DefaultValuedAttr<BoolAttr, "false">:$input_forget,
      DefaultValuedAttr<BoolAttr, "false">:$linear_before_reset);
  let results = (outs AnyStaticShapeTensor:$y, AnyStaticShapeTensor:$y_h,
      Variadic<AnyStaticShapeTensor>:$y_c);
  let assemblyFormat = [{
    $x `,` $w `,` $r (`bias` $b^)? (`seq_lens` $sequence_lens^)? (`initial_h` $initial_h^)?
    (`initial_c` $initial_c^)? (`peepholes` $p^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Edge_QuantizeOp : Edge_Op<"quantize"> {
  let summary = "ONNX QuantizeLinear, or a requantization when the input is quantized too";
  let description = [{
    Scale and zero point live in the result type (per tensor, or per axis for
    `!quant.uniform<i8:f32:1, {...}>`): saturate(round_half_even(x / scale) + zp).
    ```mlir
    %q = edge.quantize %x : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<i8:f32, 0.05:-3>>
    %r = edge.quantize %q : tensor<1x8x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<1x8x!quant.uniform<i8:f32, 0.1:0>>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Edge_DequantizeOp : Edge_Op<"dequantize"> {
  let summary = "ONNX DequantizeLinear: (x - zero_point) * scale, parameters from the input type";
  let description = [{
    ```mlir
    %x = edge.dequantize %q : tensor<1x8x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Edge_StorageCastOp : Edge_Op<"storage_cast"> {
  let summary = "The same bits seen as integers or as a quantized type (no computation)";
  let description = [{
    Joins ONNX's integer tensors (graph inputs, initializers, QuantizeLinear
    outputs) with the quantized types the graph computes on.
    ```mlir
    %q = edge.storage_cast %w : tensor<8xi8> -> tensor<8x!quant.uniform<i8:f32, 0.1>>
    %i = edge.storage_cast %q : tensor<8x!quant.uniform<u8:f32, 0.1:128>> -> tensor<8xui8>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Edge_CustomOp : Op<Edge_Dialect, "custom"> {
  let summary = "A node edgec has no kernel for, computed by the user's C function (--custom-op)";
  let description = [{
    `symbol` is the C function the generated code calls (edgec_custom_op.h gives its
    signature); `op_type` and `domain` are the ONNX node's, `onnx_attrs` its attributes
    (i64, f32, string, `array<i64>`, `array<f32>`). Operands and results are the node's
    inputs and outputs, in ONNX order and layout. Not `Pure`: the function is user code,
    so the op is never folded, merged or removed.
    ```mlir
    %y = edge.custom "my_scale"(%x) {op_type = "ScaleShift", domain = "com.example",
        onnx_attrs = {alpha = 2.0 : f32}} : (tensor<1x4xf32>) -> tensor<1x4xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyStaticShapeTensor>:$inputs, StrAttr:$symbol, StrAttr:$op_type,
      StrAttr:$domain, DictionaryAttr:$onnx_attrs);
  let results = (outs Variadic<AnyStaticShapeTensor>:$outputs);
  let assemblyFormat = "$symbol `(` $inputs `)` attr-dict `:` functional-type($inputs, results)";
  let hasVerifier = 1;
}

#endif // EDGE_OPS_TD
