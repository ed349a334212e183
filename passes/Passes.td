// Declarations of every edgec pass (graph level and lowering), in pipeline order.
#ifndef EDGEC_PASSES_TD
#define EDGEC_PASSES_TD

include "mlir/Pass/PassBase.td"

def EdgeStripIdentity : Pass<"edge-strip-identity", "mlir::ModuleOp"> {
  let summary = "Remove Identity and inference-mode Dropout";
  let dependentDialects = ["::edgec::edge::EdgeDialect"];
}

def EdgeFoldConstants : Pass<"edge-fold-constants", "mlir::ModuleOp"> {
  let summary = "Fold every op whose operands are all constants (shape chains, weight transforms)";
  let dependentDialects = ["::edgec::edge::EdgeDialect"];
}

def EdgeFoldBatchNorm : Pass<"edge-fold-batchnorm", "mlir::ModuleOp"> {
  let summary = "Fold BatchNormalization into the preceding Conv or Gemm's weights and bias";
  let description = [{
    For `y = bn(conv(x, W, b))` with constant parameters, rewrites W and b so
    `y = conv(x, W', b')` with `W'[o] = W[o] * s[o]`, `b' = (b - mean) * s + beta`,
    `s = gamma / sqrt(var + eps)`. Only when the conv has no other user.
  }];
  let dependentDialects = ["::edgec::edge::EdgeDialect"];
}

def EdgePruneChannels : Pass<"edge-prune-channels", "mlir::ModuleOp"> {
  let summary = "Structured pruning: remove the least salient output channels of Conv/Gemm/MatMul and propagate";
  let description = [{
    Only when asked: the module attribute `edgec.prune = {ratio, criterion, layers, keep}`
    (set by edgec compile --prune-channels / --prune-criterion / --prune-keep) or the pass
    options. Each layer's channels are ranked by the L1 (or L2) norm of their filter and bias;
    `ratio` of them (per layer in `layers`, by ONNX node name) are removed, together with the
    consumers' input channels, depthwise filters and groups, BatchNorm parameters and
    per-channel constants. Channels tied across an elementwise op (a residual add) are one
    class, removed from every branch or kept; concats keep each input's classes in place.
    Channels that reach a graph output, a layer in `keep`, or an op that mixes channels stay.
    Every layer keeps at least one channel. Writes `edgec.pruning` (per layer channels
    before/after, parameters and MACs before/after) on the module.
  }];
  let options = [
    Option<"ratio", "ratio", "double", "0.0", "Fraction of each layer's output channels to remove">,
    Option<"criterion", "criterion", "std::string", "\"l1\"", "Channel saliency: l1 or l2 norm of the filter">
  ];
  let dependentDialects = ["::edgec::edge::EdgeDialect"];
}

def EdgeSparsify : Pass<"edge-sparsify", "mlir::ModuleOp"> {
  let summary = "Magnitude sparsification of Conv/Gemm/MatMul weights to N:M or blocks (--sparsity)";
  let description = [{
    Only when asked: the module attribute `edgec.sparsity = {pattern = "2:4"}` (edgec compile
    --sparsity) or the `pattern` option. Each float weight is seen as a matrix whose rows are
    output channels and whose columns follow the kernels' reduction order (tap, then input
    channel; a Gemm's K). N:M keeps the N largest magnitudes of every M consecutive columns;
    `block:RxC` zeros the half of the R x C blocks with the smallest L1 norms; `auto` changes
    nothing (kernel-pack-sparse still stores the zeros a model has in the cheapest format).
  }];
  let options = [
    Option<"pattern", "pattern", "std::string", "\"\"", "2:4, 4:8, block:RxC or auto">
  ];
  let dependentDialects = ["::edgec::edge::EdgeDialect"];
}

def EdgeFuseActivations : Pass<"edge-fuse-activations", "mlir::ModuleOp"> {
  let summary = "Fuse Relu/Clip/Sigmoid/Tanh/LeakyRelu/HardSigmoid/HardSwish into the producing conv, gemm, matmul or binary op";
  let description = [{
    First folds HardSigmoid and HardSwish written with primitives (relu6(x + 3) / 6,
    x * relu6(x + 3) / 6, x * hard_sigmoid(x; 1/6, 1/2)) into one unary op each, LayerNorm
    ((x - mean) / sqrt(mean((x - mean)^2) + eps), then * gamma + beta) into edge.layer_norm and
    GELU (x * 0.5 * (1 + erf(x / sqrt 2))) into unary gelu, then makes each activation whose
    producer has no other user the producer's `act`.
  }];
  let dependentDialects = ["::edgec::edge::EdgeDialect"];
}

def EdgeToNHWC : Pass<"edge-to-nhwc", "mlir::ModuleOp"> {
  let summary = "Convert image ops to channels-last, folding the transposes into weights";
  let description = [{
    Each NCHW conv/pool/batch-norm becomes NHWC between a pair of transposes;
    its filter is transposed at compile time (OIHW -> OHWI). Transposes are then
    pushed through elementwise ops and cancelled in pairs, so a CNN ends with at
    most one transpose at each graph input and output.
  }];
  let dependentDialects = ["::edgec::edge::EdgeDialect"];
}

def EdgePrepareQuantization : Pass<"edge-prepare-quantization", "mlir::ModuleOp"> {
  let summary = "Before calibration: give every op that int8 will compute an integer-kernel form";
  let description = [{
    Only on modules marked `edgec.quantize` (edgec compile --quantize int8).
    Fused activations other than clamps (sigmoid, tanh, leaky relu, hard sigmoid,
    hard swish) become separate unary ops, so the producer is an int8 kernel and
    the activation a lookup table, with a calibrated range in between. MatMul with
    a constant 2-D B, and Gemm with B as [K, N], become Gemm with B^T (the fully
    connected kernel), with reshapes around it for batch dims.
  }];
  let dependentDialects = ["::edgec::edge::EdgeDialect"];
}

def EdgeQuantize : Pass<"edge-quantize", "mlir::ModuleOp"> {
  let summary = "Post-training int8 quantization from the calibrated ranges (edgec.range)";
  let description = [{
    Only on modules marked `edgec.quantize`. Each value with an `edgec.range =
    array<f32: lo, hi>` (ops, graph inputs) is followed by quantize -> dequantize
    with asymmetric per-tensor int8 parameters (zero exactly representable); data
    movement keeps its input's parameters. Conv and Gemm weights become symmetric
    int8 per output channel (-127..127), constant operands of elementwise ops int8
    per tensor. edge-fold-qdq then makes the integer ops.
  }];
  let dependentDialects = ["::edgec::edge::EdgeDialect"];
}

def EdgeFoldQDQ : Pass<"edge-fold-qdq", "mlir::ModuleOp"> {
  let summary = "Fold dequantize -> float op -> quantize into the op on quantized types";
  let description = [{
    Where an integer kernel exists (conv, depthwise conv, gemm, add/sub/mul,
    max/avg/global pooling, concat, pad, reshape, transpose, slice, and any
    elementwise function as a lookup table), the op takes the quantized inputs
    directly and produces the quantize's type. Weights must be symmetric int8 per
    tensor or per output channel; float biases become int32 at input scale x
    weight scale. uint8 activations become int8 (zero point - 128), requantize
    chains collapse, and a quantized relu/clip folds into the producer's clamp.
    Everything else stays float between its dequantize and quantize.
  }];
  let dependentDialects = ["::edgec::edge::EdgeDialect"];
}

def EdgeDCE : Pass<"edge-dce", "mlir::ModuleOp"> {
  let summary = "Remove ops whose results are never used";
  let dependentDialects = ["::edgec::edge::EdgeDialect"];
}

def EdgeNarrowIndices : Pass<"edge-narrow-indices", "mlir::ModuleOp"> {
  let summary = "Make int64 index tensors int32 where every value provably fits (exact)";
  let description = [{
    A value is known to fit int32 when it is an int64 constant whose elements all fit,
    ArgMax/ArgMin's result or TopK's indices (below the axis dim), a Cast to int64 from
    bool, 8/16-bit integers or int32, or the result of an op that only moves, picks or
    repeats elements of such values (reshape, transpose, slice, concat, broadcast, gather
    and gather_elements of the data, select of both branches). Such a value becomes int32
    when every reader takes int32 as it is: the data operand of one of those ops whose
    result becomes int32 too, Gather/GatherElements indices, Cast, a compare whose other
    operand becomes int32. Anything else (a graph output, arithmetic, ...) keeps the value
    int64, so no cast is ever added and every result is unchanged; a cast that then reads
    and writes one type disappears. ArgMax/ArgMin and TopK run their `_idx32` kernels.
    ```mlir
    %i = edge.arg_reduce max %x {axis = 1 : i64, keepdims = false} : (tensor<2x5xf32>) -> tensor<2xi32>
    %e = edge.gather %table, %i {axis = 0 : i64} : (tensor<5x8xf32>, tensor<2xi32>) -> tensor<2x8xf32>
    ```
  }];
  let dependentDialects = ["::edgec::edge::EdgeDialect"];
}

def EdgeLowerToKernel : Pass<"edge-lower-to-kernel", "mlir::ModuleOp"> {
  let summary = "Bufferize: edge tensor ops to kernel calls on memrefs, choosing each kernel variant";
  let description = [{
    The graph function's tensor results become output memref arguments; every
    intermediate gets a `memref.alloc`, every constant a `memref.global`. Each
    op becomes one kernel op whose `impl` names the kernel variant.
  }];
  let dependentDialects = ["::edgec::kernel::KernelDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::func::FuncDialect"];
}

def KernelPatchStages : Pass<"kernel-patch-stages", "mlir::ModuleOp"> {
  let summary = "Run the first chain of spatial kernels patch by patch (patch-based inference)";
  let description = [{
    Finds the chain of kernels that starts at the first conv or pool of the schedule
    (conv, pool and elementwise kernels, each reading only the previous one's output) and
    wraps up to `layers` of them in a `kernel.patch_stage` over a `grid` x `grid` split of
    the last one's output. Each patch reads the stage input's region it needs (halo
    included), so the intermediates exist only patch-sized (`edgec.patch_bytes` on their
    allocs). The module attribute `edgec.patch` = {layers, grid} (set by the driver's
    --patch / --arena-limit) overrides the options; with neither, nothing changes.
  }];
  let options = [
    Option<"layers", "layers", "int64_t", "0", "Kernels in the stage (0: none, unless edgec.patch says)">,
    Option<"grid", "grid", "int64_t", "2", "Patches per side">
  ];
  let dependentDialects = ["::edgec::kernel::KernelDialect", "::mlir::memref::MemRefDialect"];
}

def KernelTile : Pass<"kernel-tile", "mlir::ModuleOp"> {
  let summary = "Choose cache tiles for the float conv kernels from the target's caches and vector width";
  let description = [{
    Sets `tile = array<i64: OC, PIXELS>` on each float `kernel.conv` that the general or
    pointwise kernel runs (`edgec_conv_f32`, `edgec_conv_pointwise_f32`) whose filters (of
    one group) exceed L2 (`edgec.target`'s `caches.l2`, default 1 MiB): OC output channels'
    filters fit half of L2 and OC is a multiple of 4 and of the vector width in floats
    (`vector_bits` / 32); PIXELS output pixels' input and output fit a quarter of L2 (0: the
    whole image). The kernel then runs pixel blocks x channel blocks. The tile only
    reorders which outputs are computed when: the outputs are the same bits.
  }];
}

def KernelPackSparse : Pass<"kernel-pack-sparse", "mlir::ModuleOp"> {
  let summary = "Store conv / fully connected weights N:M or block-sparse where that is smaller (--sparsity)";
  let description = [{
    Only on modules with `edgec.sparsity` (edgec compile --sparsity). For every conv with one
    group (float or int8) and every fully connected layer (int8, or a float gemm computing
    act(A B + C)), the weight as [output channels, reduction] is stored in the format with
    the fewest bytes (compiler/support/SparseFormats: dense, the requested N:M, BSR with
    1 x lanes and 4 x lanes blocks, lanes from the target's `vector_bits`, and a requested
    block), provided the target runs that format faster than dense (`sparse_formats` in its
    description: per weight type, "nm", an exact "N:M" or "bsr"; without the key, any). A
    packed weight becomes an i8 blob global; the op gets `sparse` (format, its
    parameters, the blob's offsets, the dense shape, density, MACs per use) and the sparse
    kernel as `impl` (edgec_conv_nm_s8, edgec_fully_connected_bsr_f32, ...). The module gets
    `edgec.sparsity_report` (per layer format, bytes and MACs against dense).
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def KernelPackFilters : Pass<"kernel-pack-filters", "mlir::ModuleOp"> {
  let summary = "Repack the float conv filters into panels of output channels for the vector kernel";
  let description = [{
    Where `edgec.target` sets `conv_filter_panel = 8`, every float `kernel.conv` with one
    group whose filter is a constant global (any number of taps) gets its
    filter rewritten at compile time into panels of eight output channels (panel p holds
    filter[8p + j][tap][c] at (tap * Cin + c) * w + j, w = min(8, Cout - 8p); the buffer
    keeps its type and size), `impl = "edgec_conv_panel_f32"` (edgec/kernels/conv_panel.h,
    output channels as vector lanes) and `filter_panel = 8`. A filter global shared by
    several convs is packed once. Without the key, nothing changes.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def KernelSelectImpl : Pass<"kernel-select-impl", "mlir::ModuleOp"> {
  let summary = "Call the target's kernel variants (DSP, Helium, ...) instead of the reference kernels";
  let description = [{
    For every kernel op whose `impl` the target description's `kernels.impls` maps
    (`{"edgec_conv_s8": {"name": "edgec_conv_s8_dsp", "header": "conv_s8_dsp.h"}}`), sets
    `impl` to the variant's name and `edgec.variant` to `kernels.variant` ("dsp", "mve").
    A variant takes the reference kernel's arguments and gives the same bits; the report
    names each layer's variant. A target without `kernels` keeps every reference kernel.
  }];
}

def KernelElideConcat : Pass<"kernel-elide-concat", "mlir::ModuleOp"> {
  let summary = "Let producers write straight into their slice of a concat's output (no copy)";
  let description = [{
    For each `kernel.concat` whose output is an arena buffer, every input that is a buffer
    written by one kernel call and read only by the concat becomes a `memref.subview` of the
    concat's output: its producer writes there directly. A slice that is contiguous (every
    dim before the concat axis has extent 1) takes any producer; a strided one (a channel
    concat in NHWC) takes a producer that writes with the output's pixel stride
    (`edgec_conv_panel_f32`, which becomes `edgec_conv_panel_strided_f32`). A concat whose
    inputs are all written in place is erased; otherwise it copies only the others. Sets
    `edgec.concat_inputs_elided` and `edgec.concats_removed` on the module.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def KernelScheduleMemory : Pass<"kernel-schedule-memory", "mlir::ModuleOp"> {
  let summary = "Order the kernel calls to lower the peak of live buffers where branches allow";
  let description = [{
    Builds the calls' dependencies from their buffer effects (a read after the last write of
    its buffer, a write after that write and every read since; views resolve to their buffer)
    and schedules them greedily: among the calls whose dependencies have run, the one that adds
    the fewest live bytes (buffers it starts minus buffers it finishes), ties to the imported
    order. The new order is kept only when its peak of live arena bytes is lower than the
    imported order's. A function with a patch stage keeps its order. Sets
    `edgec.schedule_peak = array<i64: BEFORE, AFTER>` on the module.
  }];
}

def KernelPlanMemory : Pass<"kernel-plan-memory", "mlir::ModuleOp"> {
  let summary = "Place every buffer in a static arena per memory pool (liveness, in place, best fit) and every weight in the blob";
  let description = [{
    Replaces each `memref.alloc` by a `kernel.buffer` in a memory pool of the target
    (`edgec.target`'s "pools", fastest first) at an offset chosen by a greedy best fit
    over buffer lifetimes (largest first, TFLM-style). Views (`kernel.reshape`) share
    their source's bytes; an elementwise kernel's output takes over an input of its type
    that the same call reads for the last time (in place). With several pools, each but
    the slowest takes the buffers with the most traffic per byte that fit its capacity.
    Writes `edgec.arena_bytes` (all pools), `edgec.lower_bound_bytes`, `edgec.pools`
    (name, bytes, capacity, speed, section) on the module and `edgec.offset` on each
    weight global. First, each `edgec.state` pair of the module (`--stateful`) replaces its
    input and output arguments by one buffer live through every call and never shared
    (`edgec.state` on it), written in place when no call reads the old state after the
    first write of the new one, else copied into after the last call.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", "16", "Byte alignment of every buffer and weight">,
    Option<"inPlace", "in-place", "bool", "true", "Let elementwise outputs reuse their input's bytes">
  ];
  let dependentDialects = ["::edgec::kernel::KernelDialect", "::mlir::memref::MemRefDialect"];
}

#endif
