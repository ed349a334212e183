// The kernel dialect: one op per kernel call, on memrefs, in destination-passing style.
#ifndef KERNEL_OPS_TD
#define KERNEL_OPS_TD

include "compiler/dialect/Edge/EdgeBase.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ViewLikeInterface.td"

def Kernel_Dialect : Dialect {
  let name = "kernel";
  let cppNamespace = "::edgec::kernel";
  let summary = "Kernel calls on buffers: the level the emitter reads";
  let description = [{
    Every op is one call of a hand-written kernel on memrefs (channels-last for
    images). Outputs are operands (destination-passing), so the memory planner
    sees every buffer. Integer variants (conv, gemm, matmul, binary, pool,
    global_pool, requantize) carry their requantization in a `quant` dictionary
    attribute (offsets, per-channel fixed-point multipliers and shifts, clamp
    bounds), computed from the quant types of the graph level. `impl` names the kernel variant chosen for the target;
    `kernel.buffer` ops carry the arena offsets the planner picked.
  }];
  let dependentDialects = ["::edgec::edge::EdgeDialect", "::mlir::memref::MemRefDialect"];
  let usePropertiesForAttributes = 0;
}

class Kernel_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kernel_Dialect, mnemonic, traits>;

defvar In = Arg<AnyMemRef, "", [MemRead]>;
defvar Out = Arg<AnyMemRef, "", [MemWrite]>;
defvar OptIn = Arg<Optional<AnyMemRef>, "", [MemRead]>;
defvar VarIn = Arg<Variadic<AnyMemRef>, "", [MemRead]>;
defvar KernelActivation = (ins
  DefaultValuedAttr<Edge_ActivationKindAttr, "::edgec::edge::ActivationKind::none">:$act,
  DefaultValuedAttr<F32Attr, "0.0f">:$act_alpha,
  DefaultValuedAttr<F32Attr, "0.0f">:$act_beta);

def Kernel_ConvOp : Kernel_Op<"conv"> {
  let summary = "Channels-last N-d convolution with bias and fused activation";
  let description = [{
    ```mlir
    kernel.conv %in, %w bias(%b), %out {impl = "edgec_conv_f32", group = 1 : i64,
        strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>}
      : memref<1x8x8x3xf32>, memref<4x3x3x3xf32>, memref<4xf32>, memref<1x8x8x4xf32>
    ```
  }];
  let arguments = !con((ins In:$input, In:$filter, OptIn:$bias, Out:$output,
      StrAttr:$impl, DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
      DenseI64ArrayAttr:$pads, I64Attr:$group), KernelActivation);
  let assemblyFormat = "$input `,` $filter (`bias` `(` $bias^ `)`)? `,` $output attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_GemmOp : Kernel_Op<"gemm"> {
  let summary = "Y = act(alpha * op(A) * op(B) + beta * C)";
  let description = [{
    ```mlir
    kernel.gemm %a, %b c(%c), %y {impl = "edgec_gemm_f32", trans_b = true}
      : memref<1x16xf32>, memref<10x16xf32>, memref<10xf32>, memref<1x10xf32>
    ```
  }];
  let arguments = !con((ins In:$a, In:$b, OptIn:$c, Out:$output, StrAttr:$impl,
      DefaultValuedAttr<F32Attr, "1.0f">:$alpha, DefaultValuedAttr<F32Attr, "1.0f">:$beta,
      DefaultValuedAttr<BoolAttr, "false">:$trans_a, DefaultValuedAttr<BoolAttr, "false">:$trans_b),
      KernelActivation);
  let assemblyFormat = "$a `,` $b (`c` `(` $c^ `)`)? `,` $output attr-dict `:` type(operands)";
}

def Kernel_MatMulOp : Kernel_Op<"matmul"> {
  let summary = "Batched matmul with numpy broadcasting of batch dims";
  let description = [{
    ```mlir
    kernel.matmul %a, %b, %y {impl = "edgec_matmul_f32"} : memref<2x3x4xf32>, memref<4x5xf32>, memref<2x3x5xf32>
    ```
  }];
  let arguments = !con((ins In:$a, In:$b, Out:$output, StrAttr:$impl), KernelActivation);
  let assemblyFormat = "$a `,` $b `,` $output attr-dict `:` type(operands)";
}

def Kernel_BinaryOp : Kernel_Op<"binary"> {
  let summary = "Elementwise binary op with broadcasting";
  let description = [{
    ```mlir
    kernel.binary add %a, %b, %y {impl = "edgec_binary_f32"} : memref<1x4xf32>, memref<4xf32>, memref<1x4xf32>
    ```
  }];
  let arguments = !con((ins Edge_BinaryKindAttr:$kind, In:$lhs, In:$rhs, Out:$output,
      StrAttr:$impl), KernelActivation);
  let assemblyFormat = "$kind $lhs `,` $rhs `,` $output attr-dict `:` type(operands)";
}

def Kernel_UnaryOp : Kernel_Op<"unary"> {
  let summary = "Elementwise unary op";
  let description = [{
    ```mlir
    kernel.unary relu %x, %y {impl = "edgec_unary_f32"} : memref<8xf32>, memref<8xf32>
    ```
  }];
  let arguments = (ins Edge_UnaryKindAttr:$kind, In:$input, Out:$output, StrAttr:$impl,
      DefaultValuedAttr<F32Attr, "0.0f">:$alpha, DefaultValuedAttr<F32Attr, "0.0f">:$beta);
  let assemblyFormat = "$kind $input `,` $output attr-dict `:` type(operands)";
}

def Kernel_CompareOp : Kernel_Op<"compare"> {
  let summary = "Elementwise comparison with broadcasting into a boolean (byte) buffer";
  let description = [{
    ```mlir
    kernel.compare lt %a, %b, %m {impl = "edgec_compare_f32"} : memref<2x3xf32>, memref<3xf32>, memref<2x3xi1>
    ```
  }];
  let arguments = (ins Edge_CompareKindAttr:$kind, In:$lhs, In:$rhs, Out:$output, StrAttr:$impl);
  let assemblyFormat = "$kind $lhs `,` $rhs `,` $output attr-dict `:` type(operands)";
}

def Kernel_SelectOp : Kernel_Op<"select"> {
  let summary = "Where: out = cond ? x : y with broadcasting, on elements of any size";
  let description = [{
    ```mlir
    kernel.select %c, %x, %y, %o {impl = "edgec_select"} : memref<2x3xi1>, memref<2x3xf32>, memref<f32>, memref<2x3xf32>
    ```
  }];
  let arguments = (ins In:$condition, In:$x, In:$y, Out:$output, StrAttr:$impl);
  let assemblyFormat = "$condition `,` $x `,` $y `,` $output attr-dict `:` type(operands)";
}

def Kernel_BroadcastOp : Kernel_Op<"broadcast"> {
  let summary = "Expand: copies the input into the larger output along broadcast dims";
  let description = [{
    ```mlir
    kernel.broadcast %x, %y {impl = "edgec_broadcast"} : memref<3x1xf32>, memref<2x3x4xf32>
    ```
  }];
  let arguments = (ins In:$input, Out:$output, StrAttr:$impl);
  let assemblyFormat = "$input `,` $output attr-dict `:` type(operands)";
}

def Kernel_LayerNormOp : Kernel_Op<"layer_norm", [AttrSizedOperandSegments]> {
  let summary = "Normalization over the trailing dims from `axis` (LayerNormalization, InstanceNormalization)";
  let description = [{
    One pass over each normalized row for the mean and variance, one to write it.
    ```mlir
    kernel.layer_norm %x scale(%g) bias(%b), %y {impl = "edgec_layer_norm_f32", axis = 2 : i64, epsilon = 1.0e-05 : f32}
      : memref<1x4x8xf32>, memref<8xf32>, memref<8xf32>, memref<1x4x8xf32>
    ```
  }];
  let arguments = (ins In:$input, OptIn:$scale, OptIn:$bias, Out:$output, StrAttr:$impl, I64Attr:$axis,
      F32Attr:$epsilon);
  let assemblyFormat = "$input (`scale` `(` $scale^ `)`)? (`bias` `(` $bias^ `)`)? `,` $output attr-dict `:` type(operands)";
}

def Kernel_ArgReduceOp : Kernel_Op<"arg_reduce"> {
  let summary = "ArgMax/ArgMin along one axis into int64 indices";
  let description = [{
    ```mlir
    kernel.arg_reduce max %x, %i {impl = "edgec_arg_reduce_f32", axis = 1 : i64, select_last_index = false} : memref<2x5xf32>, memref<2x1xi64>
    ```
  }];
  let arguments = (ins Edge_ArgKindAttr:$kind, In:$input, Out:$output, StrAttr:$impl, I64Attr:$axis,
      BoolAttr:$select_last_index);
  let assemblyFormat = "$kind $input `,` $output attr-dict `:` type(operands)";
}

def Kernel_AttentionOp : Kernel_Op<"attention"> {
  let summary = "Scaled dot-product attention, one query row at a time";
  let description = [{
    `scores` is scratch of Lk floats (one row of scores) from the arena.
    ```mlir
    kernel.attention %q, %k, %v, %scores, %o {impl = "edgec_attention_f32", scale = 0.125 : f32}
      : memref<8x16x64xf32>, memref<8x16x64xf32>, memref<8x16x64xf32>, memref<16xf32>, memref<8x16x64xf32>
    ```
  }];
  let arguments = (ins In:$q, In:$k, In:$v, Out:$scores, Out:$output, StrAttr:$impl, F32Attr:$scale);
  let assemblyFormat = "$q `,` $k `,` $v `,` $scores `,` $output attr-dict `:` type(operands)";
}

def Kernel_TopKOp : Kernel_Op<"top_k"> {
  let summary = "TopK along one axis: sorted values and their int64 indices";
  let description = [{
    k is the outputs' extent along `axis`.
    ```mlir
    kernel.top_k %x, %v, %i {impl = "edgec_top_k_f32", axis = 1 : i64, largest = true} : memref<3x4xf32>, memref<3x2xf32>, memref<3x2xi64>
    ```
  }];
  let arguments = (ins In:$input, Out:$values, Out:$indices, StrAttr:$impl, I64Attr:$axis, BoolAttr:$largest);
  let assemblyFormat = "$input `,` $values `,` $indices attr-dict `:` type(operands)";
}

def Kernel_CumSumOp : Kernel_Op<"cumsum"> {
  let summary = "CumSum along one axis";
  let description = [{
    ```mlir
    kernel.cumsum %x, %y {impl = "edgec_cumsum_f64", axis = 0 : i64, exclusive = false, reverse = true} : memref<5xf64>, memref<5xf64>
    ```
  }];
  let arguments = (ins In:$input, Out:$output, StrAttr:$impl, I64Attr:$axis, BoolAttr:$exclusive, BoolAttr:$reverse);
  let assemblyFormat = "$input `,` $output attr-dict `:` type(operands)";
}

def Kernel_GatherElementsOp : Kernel_Op<"gather_elements"> {
  let summary = "GatherElements on elements of any size; an out-of-range index fails the inference";
  let description = [{
    ```mlir
    kernel.gather_elements %d, %i, %y {impl = "edgec_gather_elements", axis = 1 : i64} : memref<2x3xf32>, memref<2x2xi64>, memref<2x2xf32>
    ```
  }];
  let arguments = (ins In:$data, In:$indices, Out:$output, StrAttr:$impl, I64Attr:$axis);
  let assemblyFormat = "$data `,` $indices `,` $output attr-dict `:` type(operands)";
}

def Kernel_RecurrentOp : Kernel_Op<"recurrent", [AttrSizedOperandSegments]> {
  let summary = "LSTM / GRU / RNN over a whole sequence (edge.recurrent's buffers)";
  let description = [{
    Per direction: the input projection X * W^T (+ biases) of every step into `work`,
    then one recurrent step per time step, the state kept in Y_h (and Y_c). Y is
    optional (left out when nothing reads it) and, when present, the last operand: the
    output a trace shows (ONNX's output 0). `work` is scratch of
    seq * batch * gates * hidden + (gates + 1) * hidden floats from the arena.
    ```mlir
    kernel.recurrent %x, %w, %r, %work, %y_h y_c(%y_c) y(%y) {impl = "edgec_recurrent_f32", kind = "lstm", ...}
      : memref<1x3x2xf32>, memref<1x12x2xf32>, memref<1x12x3xf32>, memref<51xf32>, memref<1x3x3xf32>, memref<1x3x3xf32>, memref<1x1x3x3xf32>
    ```
  }];
  let arguments = (ins In:$x, In:$w, In:$r, OptIn:$b, OptIn:$sequence_lens, OptIn:$initial_h, OptIn:$initial_c,
      OptIn:$p, Out:$work, Out:$y_h, Arg<Optional<AnyMemRef>, "", [MemWrite]>:$y_c,
      Arg<Optional<AnyMemRef>, "", [MemWrite]>:$y, StrAttr:$impl, StrAttr:$kind,
      StrAttr:$direction, I64Attr:$hidden_size, StrArrayAttr:$activations, DenseF32ArrayAttr:$activation_alpha,
      DenseF32ArrayAttr:$activation_beta, OptionalAttr<F32Attr>:$clip,
      DefaultValuedAttr<BoolAttr, "false">:$input_forget, DefaultValuedAttr<BoolAttr, "false">:$linear_before_reset);
  let assemblyFormat = [{
    $x `,` $w `,` $r (`bias` `(` $b^ `)`)? (`seq_lens` `(` $sequence_lens^ `)`)?
    (`initial_h` `(` $initial_h^ `)`)? (`initial_c` `(` $initial_c^ `)`)? (`peepholes` `(` $p^ `)`)?
    `,` $work `,` $y_h (`y_c` `(` $y_c^ `)`)? (`y` `(` $y^ `)`)? attr-dict `:` type(operands)
  }];
}

def Kernel_CustomOp : Kernel_Op<"custom", [AttrSizedOperandSegments]> {
  let summary = "A call of the user's function for a --custom-op node (edge.custom's buffers)";
  let description = [{
    `impl` is the user's C symbol; the emitter passes every buffer with its shape and type
    and `onnx_attrs` as `static const` descriptors (runtime-stub/common/edgec/custom_op.h).
    A nonzero return fails the inference.
    ```mlir
    kernel.custom "my_scale"(%x) -> (%y) {op_type = "ScaleShift", domain = "com.example",
        onnx_attrs = {alpha = 2.0 : f32}} : memref<1x4xf32> -> memref<1x4xf32>
    ```
  }];
  let arguments = (ins VarIn:$inputs, Arg<Variadic<AnyMemRef>, "", [MemWrite]>:$outputs, StrAttr:$impl,
      StrAttr:$op_type, StrAttr:$domain, DictionaryAttr:$onnx_attrs);
  let assemblyFormat = [{
    $impl `(` $inputs `)` `->` `(` $outputs `)` attr-dict `:` type($inputs) `->` type($outputs)
  }];
}

def Kernel_SoftmaxOp : Kernel_Op<"softmax"> {
  let summary = "Softmax or LogSoftmax along one axis";
  let description = [{
    ```mlir
    kernel.softmax %x, %y {impl = "edgec_softmax_f32", axis = 1 : i64} : memref<1x10xf32>, memref<1x10xf32>
    ```
    The int8 kernel (edgec_softmax_s8) reads a 256-entry exp table (`table`) and its output
    scaling from the discardable `quant` dictionary (out_multiplier, output_offset, clamp).
  }];
  let arguments = (ins In:$input, OptIn:$table, Out:$output, StrAttr:$impl, I64Attr:$axis,
      DefaultValuedAttr<BoolAttr, "false">:$log);
  let assemblyFormat = "$input (`table` `(` $table^ `)`)? `,` $output attr-dict `:` type(operands)";
}

def Kernel_PoolOp : Kernel_Op<"pool"> {
  let summary = "Channels-last max / average pooling";
  let description = [{
    ```mlir
    kernel.pool max %x, %y {impl = "edgec_maxpool_f32", kernel_shape = array<i64: 2, 2>,
        strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x8x8x4xf32>, memref<1x4x4x4xf32>
    ```
  }];
  let arguments = !con((ins Edge_PoolKindAttr:$kind, In:$input, Out:$output, StrAttr:$impl,
      DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
      DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads,
      DefaultValuedAttr<BoolAttr, "false">:$count_include_pad), KernelActivation);
  let assemblyFormat = "$kind $input `,` $output attr-dict `:` type(operands)";
}

def Kernel_MaxPoolIndicesOp : Kernel_Op<"max_pool_indices"> {
  let summary = "Channels-last max pooling that also writes ONNX's flat NCHW indices";
  let description = [{
    ```mlir
    kernel.max_pool_indices %x, %y, %i {impl = "edgec_maxpool_indices_f32", kernel_shape = array<i64: 2, 2>,
        strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x8x8x4xf32>, memref<1x4x4x4xf32>, memref<1x4x4x4xi64>
    ```
  }];
  let arguments = (ins In:$input, Out:$output, Out:$indices, StrAttr:$impl,
      DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
      DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads,
      DefaultValuedAttr<I64Attr, "0">:$storage_order);
  let assemblyFormat = "$input `,` $output `,` $indices attr-dict `:` type(operands)";
}

def Kernel_GlobalPoolOp : Kernel_Op<"global_pool"> {
  let summary = "Channels-last global average / max pooling";
  let description = [{
    ```mlir
    kernel.global_pool avg %x, %y {impl = "edgec_global_avgpool_f32"} : memref<1x7x7x8xf32>, memref<1x1x1x8xf32>
    ```
  }];
  let arguments = (ins Edge_PoolKindAttr:$kind, In:$input, Out:$output, StrAttr:$impl);
  let assemblyFormat = "$kind $input `,` $output attr-dict `:` type(operands)";
}

def Kernel_ChannelAffineOp : Kernel_Op<"channel_affine"> {
  let summary = "out = in * scale[c] + shift[c] along one axis (a BatchNorm that had no producer to fold into)";
  let description = [{
    ```mlir
    kernel.channel_affine %x, %s, %t, %y {impl = "edgec_channel_affine_f32", axis = 3 : i64}
      : memref<1x4x4x8xf32>, memref<8xf32>, memref<8xf32>, memref<1x4x4x8xf32>
    ```
  }];
  let arguments = (ins In:$input, In:$scale, In:$shift, Out:$output, StrAttr:$impl, I64Attr:$axis);
  let assemblyFormat = "$input `,` $scale `,` $shift `,` $output attr-dict `:` type(operands)";
}

def Kernel_BatchNormOp : Kernel_Op<"batch_norm"> {
  let summary = "BatchNormalization (inference) with parameters known only at run time";
  let description = [{
    ```mlir
    kernel.batch_norm %x, %s, %b, %m, %v, %y {impl = "edgec_batchnorm_f32", axis = 1 : i64, epsilon = 1.0e-05 : f32}
      : memref<2x3x4xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<2x3x4xf32>
    ```
  }];
  let arguments = (ins In:$input, In:$scale, In:$bias, In:$mean, In:$variance, Out:$output,
      StrAttr:$impl, I64Attr:$axis, F32Attr:$epsilon);
  let assemblyFormat = "$input `,` $scale `,` $bias `,` $mean `,` $variance `,` $output attr-dict `:` type(operands)";
}

def Kernel_BatchNormTrainingOp : Kernel_Op<"batch_norm_training"> {
  let summary = "Training-mode BatchNormalization over axis 1 with running-statistics outputs";
  let description = [{
    ```mlir
    kernel.batch_norm_training %x, %s, %b, %m, %v, %y, %rm, %rv {impl = "edgec_batchnorm_training_f32",
        epsilon = 1.0e-05 : f32, momentum = 0.9 : f32}
      : memref<2x3x4xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<2x3x4xf32>, memref<3xf32>, memref<3xf32>
    ```
  }];
  let arguments = (ins In:$input, In:$scale, In:$bias, In:$mean, In:$variance, Out:$output,
      Out:$running_mean, Out:$running_var, StrAttr:$impl, F32Attr:$epsilon, F32Attr:$momentum);
  let assemblyFormat = "$input `,` $scale `,` $bias `,` $mean `,` $variance `,` $output `,` $running_mean `,` $running_var attr-dict `:` type(operands)";
}

def Kernel_TransposeOp : Kernel_Op<"transpose"> {
  let summary = "Permute dims: output dim i is input dim perm[i]";
  let description = [{
    ```mlir
    kernel.transpose %x, %y {impl = "edgec_transpose", perm = array<i64: 0, 2, 3, 1>} : memref<1x3x4x5xf32>, memref<1x4x5x3xf32>
    ```
  }];
  let arguments = (ins In:$input, Out:$output, StrAttr:$impl, DenseI64ArrayAttr:$perm);
  let assemblyFormat = "$input `,` $output attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_ConcatOp : Kernel_Op<"concat"> {
  let summary = "Concatenate inputs along one axis into the output";
  let description = [{
    ```mlir
    kernel.concat %a, %b into %y {impl = "edgec_concat", axis = 1 : i64} : memref<1x2xf32>, memref<1x3xf32> into memref<1x5xf32>
    ```
  }];
  let arguments = (ins VarIn:$inputs, Out:$output, StrAttr:$impl, I64Attr:$axis);
  let assemblyFormat = "$inputs `into` $output attr-dict `:` type($inputs) `into` type($output)";
}

def Kernel_CopyOp : Kernel_Op<"copy"> {
  let summary = "Copy bytes between buffers of equal size (e.g. a graph input returned as an output)";
  let description = [{
    ```mlir
    kernel.copy %x, %y {impl = "edgec_copy"} : memref<8xf32>, memref<2x4xf32>
    ```
  }];
  let arguments = (ins In:$input, Out:$output, StrAttr:$impl);
  let assemblyFormat = "$input `,` $output attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_ReshapeOp : Kernel_Op<"reshape", [Pure, ViewLikeOpInterface]> {
  let summary = "A view of the same bytes with another shape (no copy)";
  let description = [{
    ```mlir
    %v = kernel.reshape %x : memref<1x8x1x1xf32> -> memref<1x8xf32>
    ```
  }];
  let arguments = (ins AnyMemRef:$input);
  let results = (outs AnyMemRef:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let extraClassDeclaration = [{ ::mlir::Value getViewSource() { return getInput(); } }];
  let hasVerifier = 1;
}

def Kernel_ConvTransposeOp : Kernel_Op<"conv_transpose"> {
  let summary = "Channels-last N-d transposed convolution (filter Cin, k..., Cout/g)";
  let description = [{
    ```mlir
    kernel.conv_transpose %in, %w, %out {impl = "edgec_conv_transpose_f32", group = 1 : i64,
        strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x3x3x2xf32>, memref<2x3x3x4xf32>, memref<1x7x7x4xf32>
    ```
  }];
  let arguments = !con((ins In:$input, In:$filter, OptIn:$bias, Out:$output,
      StrAttr:$impl, DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
      DenseI64ArrayAttr:$pads, I64Attr:$group), KernelActivation);
  let assemblyFormat = "$input `,` $filter (`bias` `(` $bias^ `)`)? `,` $output attr-dict `:` type(operands)";
}

def Kernel_PadOp : Kernel_Op<"pad"> {
  let summary = "Pad (or crop, with negative pads) in one of four modes";
  let description = [{
    ```mlir
    kernel.pad %x, %y {impl = "edgec_pad", mode = #edge<pad_mode edge>, pads = array<i64: 1, 1, 1, 1>}
      : memref<2x2xf32>, memref<4x4xf32>
    ```
  }];
  let arguments = (ins In:$input, Out:$output, StrAttr:$impl, DenseI64ArrayAttr:$pads,
      Edge_PadModeAttr:$mode, DefaultValuedAttr<F32Attr, "0.0f">:$value);
  let assemblyFormat = "$input `,` $output attr-dict `:` type(operands)";
}

def Kernel_ResizeOp : Kernel_Op<"resize"> {
  let summary = "Resize with resolved scales (nearest, linear, cubic)";
  let description = [{
    ```mlir
    kernel.resize %x, %y {impl = "edgec_resize_f32", scales = array<f32: 1.0, 2.0, 2.0, 1.0>, roi = array<f32>,
        mode = #edge<resize_mode linear>, coord_mode = #edge<coord_mode half_pixel>,
        nearest_mode = #edge<nearest_mode floor>, cubic_coeff_a = -7.500000e-01 : f32,
        exclude_outside = false, extrapolation_value = 0.000000e+00 : f32}
      : memref<1x4x4x2xf32>, memref<1x8x8x2xf32>
    ```
  }];
  let arguments = (ins In:$input, Out:$output, StrAttr:$impl, DenseF32ArrayAttr:$scales,
      DenseF32ArrayAttr:$roi, Edge_ResizeModeAttr:$mode, Edge_CoordModeAttr:$coord_mode,
      Edge_NearestModeAttr:$nearest_mode, F32Attr:$cubic_coeff_a, BoolAttr:$exclude_outside,
      F32Attr:$extrapolation_value, DefaultValuedAttr<BoolAttr, "false">:$from_sizes);
  let assemblyFormat = "$input `,` $output attr-dict `:` type(operands)";
}

def Kernel_ReduceOp : Kernel_Op<"reduce"> {
  let summary = "Reduce over a set of axes of the input (output dense, reduced dims dropped or 1)";
  let description = [{
    ```mlir
    kernel.reduce mean %x, %y {impl = "edgec_reduce_f32", axes = array<i64: 1, 2>} : memref<1x4x4x8xf32>, memref<1x8xf32>
    ```
  }];
  let arguments = (ins Edge_ReduceKindAttr:$kind, In:$input, Out:$output, StrAttr:$impl,
      DenseI64ArrayAttr:$axes);
  let assemblyFormat = "$kind $input `,` $output attr-dict `:` type(operands)";
}

def Kernel_SliceOp : Kernel_Op<"slice"> {
  let summary = "Strided slice: out[i] = in[start + i * step] per dim";
  let description = [{
    ```mlir
    kernel.slice %x, %y {impl = "edgec_slice", starts = array<i64: 0, 1>, steps = array<i64: 1, 2>}
      : memref<4x6xf32>, memref<4x3xf32>
    ```
  }];
  let arguments = (ins In:$input, Out:$output, StrAttr:$impl, DenseI64ArrayAttr:$starts,
      DenseI64ArrayAttr:$steps);
  let assemblyFormat = "$input `,` $output attr-dict `:` type(operands)";
}

def Kernel_GatherOp : Kernel_Op<"gather"> {
  let summary = "Gather slices along one axis by run-time indices";
  let description = [{
    ```mlir
    kernel.gather %table, %ids, %y {impl = "edgec_gather", axis = 0 : i64} : memref<100x16xf32>, memref<1x5xi64>, memref<1x5x16xf32>
    ```
  }];
  let arguments = (ins In:$data, In:$indices, Out:$output, StrAttr:$impl, I64Attr:$axis);
  let assemblyFormat = "$data `,` $indices `,` $output attr-dict `:` type(operands)";
}

def Kernel_CastOp : Kernel_Op<"cast"> {
  let summary = "Convert elements between float, int and bool types";
  let description = [{
    ```mlir
    kernel.cast %x, %y {impl = "edgec_cast"} : memref<4xf32>, memref<4xi64>
    ```
  }];
  let arguments = (ins In:$input, Out:$output, StrAttr:$impl,
      DefaultValuedAttr<BoolAttr, "true">:$saturate);
  let assemblyFormat = "$input `,` $output attr-dict `:` type(operands)";
}

def Kernel_QuantizeOp : Kernel_Op<"quantize"> {
  let summary = "float32 to integers: saturate(round_half_even(x / scale) + zero_point)";
  let description = [{
    One scale and zero point, or one per index of `axis` (per-axis).
    ```mlir
    kernel.quantize %x, %q {impl = "edgec_quantize", axis = 0 : i64, scales = array<f32: 0.05>,
        zero_points = array<i32: -3>} : memref<1x8xf32>, memref<1x8xi8>
    ```
  }];
  let arguments = (ins In:$input, Out:$output, StrAttr:$impl, I64Attr:$axis,
      DenseF32ArrayAttr:$scales, DenseI32ArrayAttr:$zero_points);
  let assemblyFormat = "$input `,` $output attr-dict `:` type(operands)";
}

def Kernel_DequantizeOp : Kernel_Op<"dequantize"> {
  let summary = "integers to float32: (x - zero_point) * scale";
  let description = [{
    ```mlir
    kernel.dequantize %q, %x {impl = "edgec_dequantize", axis = 0 : i64, scales = array<f32: 0.05>,
        zero_points = array<i32: -3>} : memref<1x8xi8>, memref<1x8xf32>
    ```
  }];
  let arguments = (ins In:$input, Out:$output, StrAttr:$impl, I64Attr:$axis,
      DenseF32ArrayAttr:$scales, DenseI32ArrayAttr:$zero_points);
  let assemblyFormat = "$input `,` $output attr-dict `:` type(operands)";
}

def Kernel_RequantizeOp : Kernel_Op<"requantize"> {
  let summary = "int8 to int8 with other parameters (fixed-point multiplier and shift)";
  let description = [{
    ```mlir
    kernel.requantize %a, %b {impl = "edgec_requantize_s8", quant = {input_offset = 3 : i32,
        output_offset = -1 : i32, multiplier = array<i32: 1073741824>, shift = array<i32: 0>,
        act_min = -128 : i32, act_max = 127 : i32}} : memref<8xi8>, memref<8xi8>
    ```
  }];
  let arguments = (ins In:$input, Out:$output, StrAttr:$impl, DictionaryAttr:$quant);
  let assemblyFormat = "$input `,` $output attr-dict `:` type(operands)";
}

def Kernel_LookupOp : Kernel_Op<"lookup"> {
  let summary = "int8 elementwise function through a 256-entry table (indexed by x + 128)";
  let description = [{
    ```mlir
    kernel.lookup %x, %table, %y {impl = "edgec_lut_s8"} : memref<8xi8>, memref<256xi8>, memref<8xi8>
    ```
  }];
  let arguments = (ins In:$input, In:$table, Out:$output, StrAttr:$impl);
  let assemblyFormat = "$input `,` $table `,` $output attr-dict `:` type(operands)";
}

def Kernel_PatchStageOp : Kernel_Op<"patch_stage", [NoTerminator, SingleBlock]> {
  let summary = "A chain of spatial kernels run patch by patch (MCUNetV2-style patch-based inference)";
  let description = [{
    The body's kernels (conv, pool, elementwise), in order, each reading the one before,
    run once per patch of a `grid` = [rows, cols] split of the last one's output: the
    stage input's region a patch needs is copied into `in_patch`, every body kernel runs
    on the patch's region only (its real padding where the region touches the tensor's
    border, the neighbours' pixels elsewhere), and the last kernel's region is copied from
    `out_patch` into the full stage output. Intermediate tensors therefore exist only as
    patch-sized buffers (their allocs carry `edgec.patch_bytes`). `patch_regions` holds, per
    patch and body kernel, 12 numbers: input rows [h0, h1), cols [w0, w1), pads top, left,
    bottom, right, output rows [h0, h1), cols [w0, w1). Operands: the stage input, the
    stage output, the two patch buffers, then every intermediate (all live for the whole
    stage). Results are bit-identical to the un-patched kernels: each output element is
    the same sum over the same taps.
    ```mlir
    kernel.patch_stage %in, %out, %ip, %op, %t0 {grid = array<i64: 2, 2>, patch_regions = array<i64: ...>}
        : memref<1x16x16x3xf32>, memref<1x8x8x8xf32>, memref<1024xi8>, memref<512xi8>, memref<1x16x16x8xf32> {
      kernel.conv %in, %w, %t0 ...
      kernel.conv %t0, %w2, %out ...
    }
    ```
  }];
  let arguments = (ins Arg<Variadic<AnyMemRef>, "", [MemRead, MemWrite]>:$buffers,
      DenseI64ArrayAttr:$grid, DenseI64ArrayAttr:$patch_regions);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$buffers attr-dict `:` type($buffers) $body";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    static constexpr int64_t kRegionFields = 12;
    ::mlir::Value getStageInput() { return getBuffers()[0]; }
    ::mlir::Value getStageOutput() { return getBuffers()[1]; }
    ::mlir::Value getInPatch() { return getBuffers()[2]; }
    ::mlir::Value getOutPatch() { return getBuffers()[3]; }
    int64_t getNumPatches() { return getGrid()[0] * getGrid()[1]; }
  }];
}

def Kernel_BufferOp : Kernel_Op<"buffer", [Pure]> {
  let summary = "A tensor's place in a static arena, as chosen by the memory planner";
  let description = [{
    ```mlir
    %t = kernel.buffer {pool = "arena", offset = 1024 : i64} : memref<1x8x8x4xf32>
    ```
  }];
  let arguments = (ins StrAttr:$pool, I64Attr:$offset);
  let results = (outs AnyStaticShapeMemRef:$output);
  let assemblyFormat = "attr-dict `:` type($output)";
}

#endif // KERNEL_OPS_TD
