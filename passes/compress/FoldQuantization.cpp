// edge-fold-qdq: dequantize -> float op -> quantize becomes the op on quantized types.
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"
#include "passes/Passes.h"
#include "passes/compress/QuantTypes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_EDGEFOLDQDQ
#include "passes/Passes.h.inc"

namespace {

/// The quantized tensor a float value was dequantized from, or null.
Value dequantizedFrom(Value v) {
  if (auto dq = v.getDefiningOp<edge::DequantizeOp>())
    return dq.getInput();
  return {};
}

/// The raw integer constant behind a quantized value (storage_cast of a constant), or null.
ElementsAttr storedConstant(Value quantized) {
  auto cast = quantized.getDefiningOp<edge::StorageCastOp>();
  ElementsAttr attr;
  if (cast && matchPattern(cast.getInput(), m_Constant(&attr)))
    return attr;
  return {};
}

/// A constant of `quantType` elements built from its stored integers.
Value quantizedConstant(PatternRewriter &rewriter, Location loc, Type quantType, ArrayRef<int64_t> shape,
                        ArrayRef<int64_t> values, StringRef name) {
  auto storage = RankedTensorType::get(shape, edge::storageType(quantType));
  Value raw = rewriter.create<edge::ConstantOp>(loc, storage, makeConstantFromInts(storage, values, name));
  return rewriter.create<edge::StorageCastOp>(loc, RankedTensorType::get(shape, quantType), raw);
}

/// Activations the integer kernels apply as a clamp of their output.
bool clampOnly(edge::ActivationKind act) {
  return act == edge::ActivationKind::none || act == edge::ActivationKind::relu ||
         act == edge::ActivationKind::clip;
}

/// Weights: signed 8-bit, zero points 0, per tensor or per output channel (`axis`).
bool symmetricInt8(Value quantized, int64_t axis) {
  auto info = quantInfo(quantized.getType());
  if (!info || info->bits != 8 || !info->isSigned || !(info->perTensor() || info->axis == axis))
    return false;
  return llvm::all_of(info->zeroPoints, [](int64_t z) { return z == 0; });
}

/// The bias of an integer conv/gemm with `channels` outputs. An int8 input takes an int32
/// bias: given quantized (its scale must be input scale x weight scale), or quantized here
/// from float constants. An int16 input (16x8 kernels) keeps its float constant bias: the
/// lowering quantizes it to int64, which quant types cannot hold.
FailureOr<Value> integerBias(PatternRewriter &rewriter, Location loc, Value bias, Value input, Value weights,
                             int64_t channels) {
  if (!bias)
    return Value();
  ElementsAttr attr;
  if (isInt16Activation(input)) {
    if (!matchPattern(bias, m_Constant(&attr)) || !cast<ShapedType>(attr.getType()).getElementType().isF32() ||
        cast<ShapedType>(attr.getType()).getNumElements() != channels)
      return failure();
    return bias;
  }
  std::vector<double> scales = biasScales(*quantInfo(input.getType()), *quantInfo(weights.getType()), channels);
  if (Value q = dequantizedFrom(bias)) {
    auto b = quantInfo(q.getType());
    if (!b || b->bits != 32 || !llvm::all_of(b->zeroPoints, [](int64_t z) { return z == 0; }))
      return failure();
    // The kernels add the bias to the accumulator in int32: beyond 2^30 it could overflow.
    ElementsAttr values = storedConstant(q);
    if (!values || llvm::any_of(getConstantAsInts(values), [](int64_t v) { return std::abs(v) > (int64_t(1) << 30); }))
      return failure();
    for (int64_t c = 0; c < channels; ++c)
      if (std::abs(b->scales[b->perTensor() ? 0 : c] / scales[c] - 1.0) > 1e-4)
        return failure();
    return q;
  }
  if (!matchPattern(bias, m_Constant(&attr)))
    return failure();
  std::vector<double> values = getConstantAsDoubles(attr);
  if (static_cast<int64_t>(values.size()) != channels)
    return failure();
  std::vector<int64_t> ints;
  for (int64_t c = 0; c < channels; ++c) {
    double q = std::nearbyint(values[c] / scales[c]);
    if (!(std::fabs(q) <= 1073741824.0))
      return failure(); // the kernels add the bias in int32: no integer op for this channel
    ints.push_back(static_cast<int64_t>(q));
  }
  Type type = symmetricType(rewriter.getContext(), 32, scales, 0);
  return quantizedConstant(rewriter, loc, type, {channels}, ints, nodeName(loc) + ".bias_q");
}

/// `v` in quantized type `type`: itself, or requantized.
Value requantizeTo(PatternRewriter &rewriter, Location loc, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return rewriter.create<edge::QuantizeOp>(loc, type, v);
}

/// Clones `op` with new operands and result type (attributes kept).
Value cloneWith(PatternRewriter &rewriter, Operation *op, ValueRange operands, Type resultType) {
  OperationState state(op->getLoc(), op->getName());
  state.addOperands(operands);
  state.addAttributes(op->getAttrs());
  state.addTypes(resultType);
  return rewriter.create(state)->getResult(0);
}

/// `op` on int8 `x` keeping x's parameters (pooling, padding, data movement), then requantized
/// to `outType` if that differs.
Value keepingParams(PatternRewriter &rewriter, Operation *op, Value x, Type outType) {
  Type element = cast<ShapedType>(x.getType()).getElementType();
  Value kept = cloneWith(rewriter, op, {x}, withElement(op->getResult(0).getType(), element));
  return requantizeTo(rewriter, op->getLoc(), kept, outType);
}

/// Sets an ODS operand list's optional member: conv/gemm keep `bias`/`c` last.
SmallVector<Value> withOperands(Value a, Value b, Value c) {
  SmallVector<Value> operands{a, b};
  if (c)
    operands.push_back(c);
  return operands;
}

/// quantize(op(dequantize(x)...)) -> op on quantized types, when an integer kernel computes it.
struct FoldIntoQuantizedOp : OpRewritePattern<edge::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(edge::QuantizeOp q, PatternRewriter &rewriter) const override {
    Value in = q.getInput();
    Operation *op = in.getDefiningOp();
    if (edge::isQuantized(in.getType()) || !op || !in.hasOneUse() || op->getNumResults() != 1)
      return rewriter.notifyMatchFailure(q, "not the only use of a single-result op");
    Type outType = q.getType();
    if (!isIntegerActivation(q.getResult()))
      return rewriter.notifyMatchFailure(q, "integer kernels produce per-tensor int8 or symmetric int16");
    Value result = fold(rewriter, op, outType);
    if (!result)
      return rewriter.notifyMatchFailure(q, "no integer kernel for this op and these types");
    rewriter.replaceOp(q, result);
    return success();
  }

private:
  Value fold(PatternRewriter &rewriter, Operation *op, Type outType) const {
    Location loc = op->getLoc();
    auto integerInput = [](Value v) -> Value {
      Value q = dequantizedFrom(v);
      return q && isIntegerActivation(q) ? q : Value();
    };
    if (auto conv = dyn_cast<edge::ConvOp>(op)) {
      Value x = integerInput(conv.getInput()), w = dequantizedFrom(conv.getFilter());
      if (!x || !w || !symmetricInt8(w, 0) || !clampOnly(conv.getAct()) || conv.getLayout() != edge::Layout::nhwc)
        return {};
      int64_t channels = cast<ShapedType>(w.getType()).getDimSize(0);
      FailureOr<Value> bias = integerBias(rewriter, loc, conv.getBias(), x, w, channels);
      return failed(bias) ? Value() : cloneWith(rewriter, op, withOperands(x, w, *bias), outType);
    }
    if (auto gemm = dyn_cast<edge::GemmOp>(op)) {
      Value a = integerInput(gemm.getA()), b = dequantizedFrom(gemm.getB());
      if (!a || !b || gemm.getTransA() || !gemm.getTransB() || !symmetricInt8(b, 0) || !clampOnly(gemm.getAct()) ||
          gemm.getAlpha().convertToFloat() != 1.0f || gemm.getBeta().convertToFloat() != 1.0f || !storedConstant(b))
        return {};
      int64_t channels = cast<ShapedType>(b.getType()).getDimSize(0);
      if (gemm.getC() && cast<ShapedType>(gemm.getC().getType()).getRank() != 1)
        return {};
      FailureOr<Value> bias = integerBias(rewriter, loc, gemm.getC(), a, b, channels);
      return failed(bias) ? Value() : cloneWith(rewriter, op, withOperands(a, b, *bias), outType);
    }
    if (auto binary = dyn_cast<edge::BinaryOp>(op)) {
      using K = edge::BinaryKind;
      Value l = integerInput(binary.getLhs()), r = integerInput(binary.getRhs());
      if (!l || !r || !llvm::is_contained({K::add, K::sub, K::mul}, binary.getKind()) || !clampOnly(binary.getAct()))
        return {};
      return cloneWith(rewriter, op, {l, r}, outType);
    }
    if (auto pool = dyn_cast<edge::PoolOp>(op)) {
      // Max and average pooling keep the input's parameters (TFLM); a requantize follows if needed.
      Value x = integerInput(pool.getInput());
      if (!x || !clampOnly(pool.getAct()) || pool.getLayout() != edge::Layout::nhwc)
        return {};
      return keepingParams(rewriter, op, x, outType);
    }
    if (auto pool = dyn_cast<edge::GlobalPoolOp>(op)) {
      Value x = integerInput(pool.getInput());
      if (!x || pool.getLayout() != edge::Layout::nhwc || pool.getKind() != edge::PoolKind::avg)
        return {};
      return cloneWith(rewriter, op, {x}, outType);
    }
    if (auto concat = dyn_cast<edge::ConcatOp>(op)) {
      SmallVector<Value> inputs;
      Type element = cast<ShapedType>(outType).getElementType();
      for (Value v : concat.getInputs()) {
        Value x = integerInput(v);
        if (!x)
          return {};
        inputs.push_back(requantizeTo(rewriter, loc, x, withElement(x.getType(), element)));
      }
      return cloneWith(rewriter, op, inputs, outType);
    }
    if (auto pad = dyn_cast<edge::PadOp>(op)) {
      // A constant pad of 0.0 fills with the zero point; other values or modes stay float.
      Value x = integerInput(pad.getInput());
      if (!x || pad.getMode() != edge::PadMode::constant || pad.getValue().convertToFloat() != 0.0f)
        return {};
      return keepingParams(rewriter, op, x, outType);
    }
    if (isa<edge::ReshapeOp, edge::TransposeOp, edge::SliceOp>(op)) {
      Value x = integerInput(op->getOperand(0));
      if (!x)
        return {};
      return keepingParams(rewriter, op, x, outType);
    }
    if (auto resize = dyn_cast<edge::ResizeOp>(op)) {
      // Nearest resize picks input elements: it keeps the input's parameters.
      Value x = integerInput(resize.getInput());
      if (!x || resize.getMode() != edge::ResizeMode::nearest)
        return {};
      return keepingParams(rewriter, op, x, outType);
    }
    if (auto softmax = dyn_cast<edge::SoftmaxOp>(op)) {
      // int8 in and out; the kernel scales by 2^16 / output scale, which must fit 32 bits.
      Value x = integerInput(softmax.getInput());
      auto out = quantInfo(outType);
      if (!x || !isInt8PerTensor(x) || softmax.getLog() || out->bits != 8 ||
          !(65536.0 / out->scale() < 4294967295.0))
        return {};
      return cloneWith(rewriter, op, {x}, outType);
    }
    if (auto unary = dyn_cast<edge::UnaryOp>(op)) {
      // Any elementwise function of an integer input is a table (built at lowering).
      Value x = integerInput(unary.getInput());
      return x ? cloneWith(rewriter, op, {x}, outType) : Value();
    }
    return {};
  }
};

/// Constant `weights` ([K, N] int8, per tensor or per column) stored transposed to [N, K],
/// per row: the form the integer gemm (trans_b) reads.
Value transposedWeights(PatternRewriter &rewriter, Location loc, Value weights) {
  ElementsAttr stored = storedConstant(weights);
  auto type = cast<ShapedType>(weights.getType());
  int64_t k = type.getDimSize(0), n = type.getDimSize(1);
  std::vector<int64_t> values = getConstantAsInts(stored), transposed(values.size());
  for (int64_t r = 0; r < k; ++r)
    for (int64_t c = 0; c < n; ++c)
      transposed[c * k + r] = values[r * n + c];
  Type element = type.getElementType();
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(element))
    element = quant::UniformQuantizedPerAxisType::get(
        perAxis.getFlags(), perAxis.getStorageType(), perAxis.getExpressedType(), perAxis.getScales(),
        perAxis.getZeroPoints(), /*quantizedDimension=*/0, perAxis.getStorageTypeMin(), perAxis.getStorageTypeMax());
  return quantizedConstant(rewriter, loc, element, {n, k}, transposed, nodeName(loc) + ".weights_t");
}

/// `x` reshaped to `shape`, keeping its element type (a quantized reshape keeps the parameters).
Value reshapedTo(PatternRewriter &rewriter, Location loc, Value x, ArrayRef<int64_t> shape) {
  auto type = cast<ShapedType>(x.getType());
  if (type.getShape() == shape)
    return x;
  return rewriter.create<edge::ReshapeOp>(loc, RankedTensorType::get(shape, type.getElementType()), x);
}

/// quantize(matmul(dequantize(x), dequantize(W)) [+ bias]) with W a constant int8 [K, N]
/// becomes reshape(gemm(reshape(x) to [rows, K], W^T, bias)) on quantized types: the integer
/// fully-connected kernel computes it (QDQ transformers: Whisper, Smart Turn). A bias Add
/// straight after the matmul (no quantize between) folds into the gemm's bias.
struct FoldQuantizedMatMul : OpRewritePattern<edge::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(edge::QuantizeOp q, PatternRewriter &rewriter) const override {
    Value in = q.getInput();
    if (edge::isQuantized(in.getType()) || !in.hasOneUse() || !isIntegerActivation(q.getResult()))
      return rewriter.notifyMatchFailure(q, "not the only use of a float op, or not an integer activation");
    Operation *last = in.getDefiningOp();
    Value bias;
    auto mm = dyn_cast_or_null<edge::MatMulOp>(last);
    if (auto add = dyn_cast_or_null<edge::BinaryOp>(last); add && add.getKind() == edge::BinaryKind::add) {
      mm = add.getLhs().getDefiningOp<edge::MatMulOp>();
      bias = add.getRhs();
      if (!mm) {
        mm = add.getRhs().getDefiningOp<edge::MatMulOp>();
        bias = add.getLhs();
      }
      // The bias is one value per output column, added before any activation.
      if (!mm || !mm->hasOneUse() || mm.getAct() != edge::ActivationKind::none ||
          add.getType() != mm.getType() || cast<ShapedType>(bias.getType()).getRank() != 1)
        return rewriter.notifyMatchFailure(q, "not a matmul plus a per-column bias");
    }
    if (!mm)
      return rewriter.notifyMatchFailure(q, "not a matmul");
    auto act = last->getAttrOfType<edge::ActivationKindAttr>("act");
    Value x = dequantizedFrom(mm.getA()), w = dequantizedFrom(mm.getB());
    if (!x || !isIntegerActivation(x) || !w || (act && !clampOnly(act.getValue())))
      return rewriter.notifyMatchFailure(q, "A is not an integer activation, or B is not dequantized");
    auto xType = cast<ShapedType>(x.getType()), wType = cast<ShapedType>(w.getType());
    if (xType.getRank() < 2 || wType.getRank() != 2 || !symmetricInt8(w, 1))
      return rewriter.notifyMatchFailure(q, "B is not symmetric int8 [K, N] per tensor or per column");
    if (!storedConstant(w))
      return rewriter.notifyMatchFailure(q, "B is not a constant");
    int64_t k = wType.getDimSize(0), n = wType.getDimSize(1);
    if (bias && cast<ShapedType>(bias.getType()).getDimSize(0) != n)
      return rewriter.notifyMatchFailure(q, "the bias is not one value per output column");
    FailureOr<Value> c = integerBias(rewriter, last->getLoc(), bias, x, w, n);
    if (failed(c))
      return rewriter.notifyMatchFailure(q, "the bias does not fit the integer kernel");
    Location loc = mm.getLoc();
    Value weights = transposedWeights(rewriter, loc, w);
    Value rows = reshapedTo(rewriter, loc, x, {xType.getNumElements() / k, k});
    auto outType = cast<ShapedType>(q.getType());
    auto gemmType = RankedTensorType::get({xType.getNumElements() / k, n}, outType.getElementType());
    // ONNX rounds the exact product once: the lowering picks the kernel that does too.
    SmallVector<NamedAttribute> attrs{rewriter.getNamedAttr("trans_b", rewriter.getBoolAttr(true)),
                                      rewriter.getNamedAttr("edgec.round_even", rewriter.getUnitAttr())};
    for (StringRef name : {"act", "act_alpha", "act_beta"})
      if (Attribute a = last->getAttr(name))
        attrs.push_back(rewriter.getNamedAttr(name, a));
    Value gemm = rewriter.create<edge::GemmOp>(loc, TypeRange{gemmType}, withOperands(rows, weights, *c), attrs);
    rewriter.replaceOp(q, reshapedTo(rewriter, loc, gemm, outType.getShape()));
    return success();
  }
};

/// quantize(dequantize(x)) with x quantized: x itself, or a requantization.
struct CollapseDequantizeQuantize : OpRewritePattern<edge::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::QuantizeOp q, PatternRewriter &rewriter) const override {
    Value x = dequantizedFrom(q.getInput());
    auto info = x ? quantInfo(x.getType()) : std::nullopt;
    if (!x || (!info->isSigned && x.getDefiningOp<edge::QuantizeOp>()))
      return rewriter.notifyMatchFailure(q, "input is not dequantized (or its uint8 becomes int8 first)");
    rewriter.replaceOp(q, requantizeTo(rewriter, q.getLoc(), x, q.getType()));
    return success();
  }
};

/// uint8 activations (onnxruntime's default) become int8 with the zero point moved by 128:
/// the same real values, and the integer kernels are all signed. A uint8 quantize is
/// retyped, with the data movement between it and its dequantizes, when nothing else reads
/// the bytes (an integer graph output keeps its uint8).
void signActivations(func::FuncOp func) {
  SmallVector<edge::QuantizeOp> roots;
  func.walk([&](edge::QuantizeOp q) {
    auto info = quantInfo(q.getType());
    if (info && !info->isSigned && info->bits == 8 && info->perTensor() && !edge::isQuantized(q.getInput().getType()))
      roots.push_back(q);
  });
  for (edge::QuantizeOp q : roots) {
    SmallVector<Value> values{q.getResult()};
    bool onlyDequantized = true;
    for (size_t i = 0; i < values.size() && onlyDequantized; ++i)
      for (Operation *user : values[i].getUsers()) {
        if (isa<edge::TransposeOp, edge::ReshapeOp, edge::SliceOp>(user))
          values.push_back(user->getResult(0));
        else if (!isa<edge::DequantizeOp>(user))
          onlyDequantized = false;
      }
    if (!onlyDequantized)
      continue;
    auto info = *quantInfo(q.getType());
    Type signedType = int8Type(q.getContext(), info.scale(), info.zeroPoint() - 128);
    for (Value v : values)
      v.setType(withElement(v.getType(), signedType));
  }
}

/// quantize(reshape/transpose/slice(x)) -> the same data movement of quantize(x), so the
/// quantize meets x's producer (a global pool before a flatten, a conv before a transpose).
struct QuantizeBeforeDataMovement : OpRewritePattern<edge::QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::QuantizeOp q, PatternRewriter &rewriter) const override {
    Operation *move = q.getInput().getDefiningOp();
    if (!move || !isa<edge::ReshapeOp, edge::TransposeOp, edge::SliceOp>(move) || !q.getInput().hasOneUse() ||
        edge::isQuantized(q.getInput().getType()) || !isIntegerActivation(q.getResult()))
      return rewriter.notifyMatchFailure(q, "not a per-tensor quantize of data movement");
    Value x = move->getOperand(0);
    Type element = cast<ShapedType>(q.getType()).getElementType();
    Value quantized = rewriter.create<edge::QuantizeOp>(q.getLoc(), withElement(x.getType(), element), x);
    rewriter.replaceOp(q, cloneWith(rewriter, move, {quantized}, q.getType()));
    return success();
  }
};

/// A quantized relu/clip right after an integer op folds into that op's output clamp.
struct FuseQuantizedClamp : OpRewritePattern<edge::UnaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::UnaryOp op, PatternRewriter &rewriter) const override {
    using K = edge::UnaryKind;
    Value x = op.getInput();
    Operation *producer = x.getDefiningOp();
    if (!edge::isQuantized(op.getType()) || !isIntegerActivation(op.getResult()) || !producer || !x.hasOneUse() ||
        !(op.getKind() == K::relu || op.getKind() == K::clip) ||
        !isa<edge::ConvOp, edge::GemmOp, edge::BinaryOp>(producer))
      return rewriter.notifyMatchFailure(op, "not a clamp of an integer op's only result");
    auto act = producer->getAttrOfType<edge::ActivationKindAttr>("act");
    if (act && act.getValue() != edge::ActivationKind::none)
      return rewriter.notifyMatchFailure(op, "producer already has an activation");
    // The producer requantizes straight to the clamp's output parameters.
    rewriter.modifyOpInPlace(producer, [&] {
      producer->setAttr("act", edge::ActivationKindAttr::get(op.getContext(), op.getKind() == K::relu
                                                                               ? edge::ActivationKind::relu
                                                                               : edge::ActivationKind::clip));
      producer->setAttr("act_alpha", op.getAlphaAttr());
      producer->setAttr("act_beta", op.getBetaAttr());
      producer->getResult(0).setType(cast<RankedTensorType>(op.getType()));
    });
    rewriter.replaceOp(op, producer->getResult(0));
    return success();
  }
};

/// Why `op`, a float op left between dequantize and quantize, has no integer kernel (for the
/// report's quantization.float_layers).
std::string floatReason(Operation *op) {
  std::string name = op->getName().stripDialect().str();
  if (auto custom = dyn_cast<edge::CustomOp>(op))
    return "custom op: the user's function '" + custom.getSymbol().str() + "' computes in float";
  if (!op->use_empty() && llvm::all_of(op->getUsers(), [](Operation *u) { return isa<func::ReturnOp>(u); }))
    return "its result is a graph output kept in float32 (quantizing it would only round it)";
  for (Value v : op->getOperands()) {
    auto type = dyn_cast<ShapedType>(v.getType());
    bool constant = v.getDefiningOp() && v.getDefiningOp()->hasTrait<OpTrait::ConstantLike>();
    if (type && type.getElementType().isF32() && !constant && !dequantizedFrom(v))
      return "its input is computed in float (no quantized producer)";
  }
  if (auto act = op->getAttrOfType<edge::ActivationKindAttr>("act"); act && !clampOnly(act.getValue()))
    return "fused activation '" + edge::stringifyActivationKind(act.getValue()).str() +
           "' is not an integer clamp";
  if (auto resize = dyn_cast<edge::ResizeOp>(op))
    return "integer resize is nearest only; this one is " + edge::stringifyResizeMode(resize.getMode()).str();
  if (auto softmax = dyn_cast<edge::SoftmaxOp>(op))
    return softmax.getLog() ? "LogSoftmax has no integer kernel" : "integer softmax needs int8 in and out";
  if (auto binary = dyn_cast<edge::BinaryOp>(op))
    return "no integer kernel for '" + edge::stringifyBinaryKind(binary.getKind()).str() + "' (add, sub, mul have one)";
  if (auto pool = dyn_cast<edge::GlobalPoolOp>(op); pool && pool.getKind() != edge::PoolKind::avg)
    return "no integer kernel for global max pooling";
  if (auto mm = dyn_cast<edge::MatMulOp>(op)) {
    Value b = dequantizedFrom(mm.getB());
    return b && storedConstant(b)
               ? "weights do not fit the integer gemm (B must be symmetric int8 [K, N], per tensor or per column)"
               : "no integer kernel for a matmul whose B is not a constant";
  }
  if (isa<edge::ConvOp, edge::GemmOp>(op))
    return "weights or bias do not fit the integer kernel (weights must be symmetric int8; bias within int32 "
           "at input scale x weight scale)";
  return "no integer kernel for '" + name + "'";
}

/// Tags every float compute op still fed by a dequantize with `edgec.float_reason`.
void explainFloatOps(func::FuncOp func) {
  func.walk([&](Operation *op) {
    if ((op->getNumResults() != 1 && !isa<edge::CustomOp>(op)) ||
        isa<edge::DequantizeOp, edge::QuantizeOp, edge::ConstantOp>(op) ||
        keepsInputParams(op) || !isa<edge::EdgeDialect>(op->getDialect()))
      return;
    if (!cast<ShapedType>(op->getResult(0).getType()).getElementType().isF32())
      return;
    // A custom op is named whatever feeds it: it is float by construction, not by fallback.
    if (isa<edge::CustomOp>(op) || llvm::any_of(op->getOperands(), [](Value v) { return dequantizedFrom(v) != nullptr; }))
      op->setAttr("edgec.float_reason", StringAttr::get(op->getContext(), floatReason(op)));
  });
}

struct EdgeFoldQDQPass : impl::EdgeFoldQDQBase<EdgeFoldQDQPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    for (auto func : getOperation().getOps<func::FuncOp>())
      signActivations(func);
    patterns.add<CollapseDequantizeQuantize, FuseQuantizedClamp, QuantizeBeforeDataMovement>(
        &getContext());
    patterns.add<FoldIntoQuantizedOp, FoldQuantizedMatMul>(&getContext(), /*benefit=*/2);
    populateTransposeSinkingPatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    for (auto func : getOperation().getOps<func::FuncOp>())
      explainFloatOps(func);
  }
};

} // namespace
} // namespace edgec
