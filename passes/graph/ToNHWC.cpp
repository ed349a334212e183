// edge-to-nhwc: channels-last image ops; transposes folded into weights, pushed through elementwise ops, cancelled.
#include "passes/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_EDGETONHWC
#include "passes/Passes.h.inc"

namespace {

SmallVector<int64_t> toChannelsLast(int64_t rank) {
  SmallVector<int64_t> perm{0};
  for (int64_t d = 2; d < rank; ++d)
    perm.push_back(d);
  perm.push_back(1);
  return perm;
}

SmallVector<int64_t> toChannelsFirst(int64_t rank) {
  SmallVector<int64_t> perm{0, rank - 1};
  for (int64_t d = 1; d < rank - 1; ++d)
    perm.push_back(d);
  return perm;
}

/// Transposes this pass creates only move data between layouts: they are marked so
/// tensor tracing skips them (their output is no ONNX node's output).
constexpr const char *kLayoutTransposeAttr = "edgec.layout_transpose";
/// On an op whose result is an ONNX node's output in another layout: the perm that
/// brings it back (onnx = transpose(result, perm)).
constexpr const char *kLayoutAttr = "edgec.layout";

Value transpose(PatternRewriter &rewriter, Location loc, Value v, ArrayRef<int64_t> perm) {
  Value t = rewriter.createOrFold<edge::TransposeOp>(loc, v, rewriter.getDenseI64ArrayAttr(perm));
  if (auto op = t.getDefiningOp<edge::TransposeOp>())
    op->setAttr(kLayoutTransposeAttr, rewriter.getUnitAttr());
  return t;
}

void setLayout(Operation *op, ArrayRef<int64_t> perm, PatternRewriter &rewriter) {
  op->setAttr(kLayoutAttr, rewriter.getDenseI64ArrayAttr(perm));
}

int64_t rankOf(Value v) { return cast<ShapedType>(v.getType()).getRank(); }

/// Rewrites one NCHW image op as transpose -> NHWC op -> transpose back.
template <typename OpTy>
struct ToChannelsLast : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    if (op.getLayout() != edge::Layout::nchw)
      return rewriter.notifyMatchFailure(op, "already channels-last");
    int64_t rank = rankOf(op.getInput());
    if (rank < 3)
      return rewriter.notifyMatchFailure(op, "no spatial dims");
    Location loc = op.getLoc();
    SmallVector<Value> operands(op->getOperands());
    operands[0] = transpose(rewriter, loc, operands[0], toChannelsLast(rank));
    // Filters: OIHW -> OHWI for conv, IOHW -> IHWO for transposed conv.
    if constexpr (std::is_same_v<OpTy, edge::ConvOp> || std::is_same_v<OpTy, edge::ConvTransposeOp>)
      operands[1] = transpose(rewriter, loc, operands[1], toChannelsLast(rank));
    SmallVector<NamedAttribute> attrs(op->getAttrs());
    for (NamedAttribute &attr : attrs)
      if (attr.getName() == "layout")
        attr.setValue(edge::LayoutAttr::get(op.getContext(), edge::Layout::nhwc));
    SmallVector<Type> types;
    if (failed(edge::inferResultTypes<OpTy>(op.getContext(), loc, operands,
                                           rewriter.getDictionaryAttr(attrs), types)))
      return failure();
    auto channelsLast = rewriter.create<OpTy>(loc, types, operands, attrs);
    setLayout(channelsLast, toChannelsFirst(rank), rewriter);
    SmallVector<Value> results;
    for (Value r : channelsLast->getResults())
      results.push_back(transpose(rewriter, loc, r, toChannelsFirst(rank)));
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// Whether transposing a value of `type` by `perm` moves only size-1 dims (no data moves).
bool movesOnlyUnitDims(ShapedType type, ArrayRef<int64_t> perm) {
  int64_t last = -1;
  for (int64_t p : perm) {
    if (type.getDimSize(p) == 1)
      continue;
    if (p < last)
      return false;
    last = p;
  }
  return true;
}

/// A transpose that moves only size-1 dims is a reshape.
struct TransposeOfUnitDimsIsReshape : OpRewritePattern<edge::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::TransposeOp op, PatternRewriter &rewriter) const override {
    if (!movesOnlyUnitDims(cast<ShapedType>(op.getInput().getType()), op.getPerm()))
      return rewriter.notifyMatchFailure(op, "moves data");
    rewriter.replaceOpWithNewOp<edge::ReshapeOp>(op, op.getType(), op.getInput());
    return success();
  }
};

struct ComposeTransposes : OpRewritePattern<edge::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::TransposeOp op, PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<edge::TransposeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a transpose");
    SmallVector<int64_t> perm;
    for (int64_t p : op.getPerm())
      perm.push_back(inner.getPerm()[p]);
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), inner.getInput(), perm));
    return success();
  }
};

/// The patterns that move a transpose of an op's data input to after the op: the match is
/// shared, `sink` rewrites.
template <typename OpTy>
struct SinkTransposedInput : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const final {
    auto t = op.getInput().template getDefiningOp<edge::TransposeOp>();
    if (!t)
      return rewriter.notifyMatchFailure(op, "input is not a transpose");
    return sink(op, t, rewriter);
  }
  virtual LogicalResult sink(OpTy op, edge::TransposeOp t, PatternRewriter &rewriter) const = 0;
};

/// unary(transpose(x)) -> transpose(unary(x)): moves transposes toward the outputs.
struct SinkThroughUnary : SinkTransposedInput<edge::UnaryOp> {
  using SinkTransposedInput::SinkTransposedInput;
  LogicalResult sink(edge::UnaryOp op, edge::TransposeOp t, PatternRewriter &rewriter) const override {
    // A quantized unary may change the scale: keep the op's own element type.
    Type type = RankedTensorType::get(cast<ShapedType>(t.getInput().getType()).getShape(),
                                      cast<ShapedType>(op.getType()).getElementType());
    auto inner = rewriter.create<edge::UnaryOp>(op.getLoc(), TypeRange{type}, ValueRange{t.getInput()},
                                                op->getAttrs());
    setLayout(inner, t.getPerm(), rewriter);
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), inner, t.getPerm()));
    return success();
  }
};

/// Brings `v` into the pre-transpose frame of `perm`: undoes a matching transpose,
/// transposes a constant (broadcast to full rank first) at compile time, or reshapes a
/// value whose transpose would move only size-1 dims (an SE block's [N, C, 1, 1] gate).
Value untransposed(PatternRewriter &rewriter, Location loc, Value v, ArrayRef<int64_t> perm) {
  if (auto t = v.getDefiningOp<edge::TransposeOp>(); t && t.getPerm() == perm)
    return t.getInput();
  auto type = cast<ShapedType>(v.getType());
  int64_t rank = perm.size();
  SmallVector<int64_t> inverse(rank);
  for (int64_t i = 0; i < rank; ++i)
    inverse[perm[i]] = i;
  bool free = type.getRank() == rank && movesOnlyUnitDims(type, inverse);
  if (!free && !matchPattern(v, m_Constant()))
    return {};
  if (type.getRank() < rank) {
    SmallVector<int64_t> shape(rank - type.getRank(), 1);
    shape.append(type.getShape().begin(), type.getShape().end());
    v = rewriter.createOrFold<edge::ReshapeOp>(loc, RankedTensorType::get(shape, type.getElementType()), v);
  }
  return transpose(rewriter, loc, v, inverse);
}

struct SinkThroughBinary : OpRewritePattern<edge::BinaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::BinaryOp op, PatternRewriter &rewriter) const override {
    auto lt = op.getLhs().getDefiningOp<edge::TransposeOp>();
    auto rt = op.getRhs().getDefiningOp<edge::TransposeOp>();
    edge::TransposeOp t = lt ? lt : rt;
    if (!t || rankOf(op.getOutput()) != static_cast<int64_t>(t.getPerm().size()))
      return rewriter.notifyMatchFailure(op, "no full-rank transposed operand");
    if (lt && rt && lt.getPerm() != rt.getPerm())
      return rewriter.notifyMatchFailure(op, "operands transposed differently");
    // A transpose of size-1 dims becomes a reshape anyway; sinking it could ping-pong.
    if (movesOnlyUnitDims(cast<ShapedType>(t.getInput().getType()), t.getPerm()))
      return rewriter.notifyMatchFailure(op, "transpose moves no data");
    Value lhs = untransposed(rewriter, op.getLoc(), op.getLhs(), t.getPerm());
    Value rhs = untransposed(rewriter, op.getLoc(), op.getRhs(), t.getPerm());
    if (!lhs || !rhs)
      return rewriter.notifyMatchFailure(op, "other operand is neither transposed nor constant");
    SmallVector<Type> types;
    if (failed(edge::inferResultTypes<edge::BinaryOp>(getContext(), op.getLoc(), {lhs, rhs},
                                                      op->getAttrDictionary(), types)))
      return failure();
    types[0] = RankedTensorType::get(cast<ShapedType>(types[0]).getShape(),
                                     cast<ShapedType>(op.getType()).getElementType());
    auto inner = rewriter.create<edge::BinaryOp>(op.getLoc(), types, ValueRange{lhs, rhs},
                                                 op->getAttrs());
    setLayout(inner, t.getPerm(), rewriter);
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), inner, t.getPerm()));
    return success();
  }
};

struct SinkThroughConcat : OpRewritePattern<edge::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::ConcatOp op, PatternRewriter &rewriter) const override {
    auto first = op.getInputs().front().getDefiningOp<edge::TransposeOp>();
    if (!first)
      return rewriter.notifyMatchFailure(op, "first input is not a transpose");
    SmallVector<Value> inputs;
    for (Value v : op.getInputs()) {
      auto t = v.getDefiningOp<edge::TransposeOp>();
      if (!t || t.getPerm() != first.getPerm())
        return rewriter.notifyMatchFailure(op, "inputs transposed differently");
      inputs.push_back(t.getInput());
    }
    int64_t axis = first.getPerm()[op.getAxis()];
    SmallVector<int64_t> shape(cast<ShapedType>(first.getInput().getType()).getShape());
    shape[axis] = cast<ShapedType>(op.getType()).getDimSize(op.getAxis());
    auto type = RankedTensorType::get(shape, cast<ShapedType>(op.getType()).getElementType());
    auto inner = rewriter.create<edge::ConcatOp>(op.getLoc(), type, inputs, rewriter.getI64IntegerAttr(axis));
    setLayout(inner, first.getPerm(), rewriter);
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), inner, first.getPerm()));
    return success();
  }
};

/// Per-dim values of the transposed frame, reordered for the source frame of `perm`
/// (dim i of transpose(x, perm) is dim perm[i] of x). `values` may hold several
/// rank-sized groups (pads: begins then ends; roi: starts then ends).
template <typename T>
SmallVector<T> toSourceFrame(ArrayRef<T> values, ArrayRef<int64_t> perm) {
  SmallVector<T> out(values.begin(), values.end());
  size_t rank = perm.size();
  for (size_t group = 0; group + rank <= values.size(); group += rank)
    for (size_t i = 0; i < rank; ++i)
      out[group + perm[i]] = values[group + i];
  return out;
}

/// Replaces `op` (whose input is transpose `t`) with transpose(op'(x), outPerm), op' reading
/// t's input with `attrs`; its result type is `resultType`, or inferred when null.
template <typename OpTy>
LogicalResult rebuildOnSource(PatternRewriter &rewriter, OpTy op, edge::TransposeOp t,
                              ArrayRef<NamedAttribute> attrs, Type resultType,
                              ArrayRef<int64_t> outPerm) {
  Location loc = op.getLoc();
  SmallVector<Type> types{resultType};
  if constexpr (OpTy::template hasTrait<InferTypeOpInterface::Trait>()) {
    types.clear();
    if (failed(edge::inferResultTypes<OpTy>(op.getContext(), loc, {t.getInput()},
                                            rewriter.getDictionaryAttr(attrs), types)))
      return failure();
  }
  auto inner = rewriter.create<OpTy>(loc, types, ValueRange{t.getInput()}, attrs);
  setLayout(inner, outPerm, rewriter);
  rewriter.replaceOp(op, transpose(rewriter, loc, inner, outPerm));
  return success();
}

/// `op`'s attributes with some replaced.
SmallVector<NamedAttribute> withAttrs(Operation *op, ArrayRef<std::pair<StringRef, Attribute>> changes) {
  SmallVector<NamedAttribute> attrs(op->getAttrs());
  for (NamedAttribute &attr : attrs)
    for (const auto &[name, value] : changes)
      if (attr.getName() == name)
        attr.setValue(value);
  return attrs;
}

/// Pad and Resize work per dim: permute their per-dim attributes and move the transpose out.
struct SinkThroughPad : SinkTransposedInput<edge::PadOp> {
  using SinkTransposedInput::SinkTransposedInput;
  LogicalResult sink(edge::PadOp op, edge::TransposeOp t, PatternRewriter &rewriter) const override {
    auto pads = toSourceFrame(op.getPads(), t.getPerm());
    return rebuildOnSource(rewriter, op, t, withAttrs(op, {{"pads", rewriter.getDenseI64ArrayAttr(pads)}}),
                           Type(), t.getPerm());
  }
};

struct SinkThroughResize : SinkTransposedInput<edge::ResizeOp> {
  using SinkTransposedInput::SinkTransposedInput;
  LogicalResult sink(edge::ResizeOp op, edge::TransposeOp t, PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> perm = t.getPerm();
    auto outType = cast<RankedTensorType>(op.getType());
    auto shape = toSourceFrame(outType.getShape(), perm);
    auto attrs = withAttrs(op, {{"scales", rewriter.getDenseF32ArrayAttr(toSourceFrame(op.getScales(), perm))},
                                {"roi", rewriter.getDenseF32ArrayAttr(toSourceFrame(op.getRoi(), perm))}});
    return rebuildOnSource(rewriter, op, t, attrs, RankedTensorType::get(shape, outType.getElementType()),
                           perm);
  }
};

/// reduce(transpose(x)) -> transpose(reduce(x)) over the source frame's axes; without
/// keepdims the reduced dims leave the permutation too.
struct SinkThroughReduce : SinkTransposedInput<edge::ReduceOp> {
  using SinkTransposedInput::SinkTransposedInput;
  LogicalResult sink(edge::ReduceOp op, edge::TransposeOp t, PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> perm = t.getPerm();
    SmallVector<int64_t> axes;
    for (int64_t a : op.getAxes())
      axes.push_back(perm[a]);
    llvm::sort(axes);
    SmallVector<int64_t> outPerm(perm.begin(), perm.end());
    if (!op.getKeepdims()) {
      SmallVector<int64_t> kept; // source dims that remain, in the transposed frame's order
      for (int64_t i = 0, e = perm.size(); i < e; ++i)
        if (!llvm::is_contained(op.getAxes(), i))
          kept.push_back(perm[i]);
      SmallVector<int64_t> sorted(kept);
      llvm::sort(sorted);
      outPerm.clear();
      for (int64_t d : kept)
        outPerm.push_back(llvm::find(sorted, d) - sorted.begin());
    }
    return rebuildOnSource(rewriter, op, t, withAttrs(op, {{"axes", rewriter.getDenseI64ArrayAttr(axes)}}),
                           Type(), outPerm);
  }
};

/// A quantized element type with its per-axis dimension moved to `axis` (others unchanged).
Type withQuantAxis(Type element, int64_t axis) {
  auto a = dyn_cast<quant::UniformQuantizedPerAxisType>(element);
  if (!a)
    return element;
  return quant::UniformQuantizedPerAxisType::get(a.getFlags(), a.getStorageType(), a.getExpressedType(),
                                                 a.getScales(), a.getZeroPoints(), static_cast<int32_t>(axis),
                                                 a.getStorageTypeMin(), a.getStorageTypeMax());
}

int64_t quantAxis(Type element) {
  auto a = dyn_cast<quant::UniformQuantizedPerAxisType>(element);
  return a ? a.getQuantizedDimension() : -1;
}

/// quantize/storage_cast(transpose(x)) -> transpose(same op on x): they are elementwise.
template <typename OpTy>
struct SinkThroughQuantCast : SinkTransposedInput<OpTy> {
  using SinkTransposedInput<OpTy>::SinkTransposedInput;
  LogicalResult sink(OpTy op, edge::TransposeOp t, PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> perm = t.getPerm();
    Type element = cast<ShapedType>(op.getType()).getElementType();
    if (int64_t axis = quantAxis(element); axis >= 0)
      element = withQuantAxis(element, perm[axis]);
    auto type = RankedTensorType::get(cast<ShapedType>(t.getInput().getType()).getShape(), element);
    auto inner = rewriter.create<OpTy>(op.getLoc(), type, t.getInput());
    setLayout(inner, perm, rewriter);
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), inner, perm));
    return success();
  }
};

/// transpose(dequantize(x)) -> dequantize(transpose(x)) for per-tensor x: the transpose moves
/// int8 instead of float, and meets the transposes a quantize sank from the other side.
/// (Dequantize hoists where quantize sinks, so the two never undo each other.)
struct HoistTransposeOfDequantize : OpRewritePattern<edge::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::TransposeOp op, PatternRewriter &rewriter) const override {
    auto dq = op.getInput().getDefiningOp<edge::DequantizeOp>();
    if (!dq || quantAxis(cast<ShapedType>(dq.getInput().getType()).getElementType()) >= 0)
      return rewriter.notifyMatchFailure(op, "not a per-tensor dequantize");
    Value moved = transpose(rewriter, op.getLoc(), dq.getInput(), op.getPerm());
    rewriter.replaceOpWithNewOp<edge::DequantizeOp>(op, op.getType(), moved);
    return success();
  }
};

/// The storage_cast of a constant that `v` dequantizes (a quantized weight), or null.
edge::StorageCastOp dequantizedConstant(Value v) {
  auto dq = v.getDefiningOp<edge::DequantizeOp>();
  auto storage = dq ? dq.getInput().getDefiningOp<edge::StorageCastOp>() : edge::StorageCastOp();
  return storage && matchPattern(storage.getInput(), m_Constant()) ? storage : edge::StorageCastOp();
}

/// transpose(dequantize(storage_cast(constant))) -> dequantize(storage_cast(transposed constant)):
/// quantized filters get their channels-last layout at compile time, as float ones do.
struct HoistTransposeOfQuantizedConstant : OpRewritePattern<edge::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::TransposeOp op, PatternRewriter &rewriter) const override {
    edge::StorageCastOp storage = dequantizedConstant(op.getInput());
    if (!storage)
      return rewriter.notifyMatchFailure(op, "not a dequantized constant");
    ArrayRef<int64_t> perm = op.getPerm();
    Type element = storage.getType().getElementType();
    if (int64_t axis = quantAxis(element); axis >= 0)
      element = withQuantAxis(element, llvm::find(perm, axis) - perm.begin());
    Value raw = rewriter.createOrFold<edge::TransposeOp>(op.getLoc(), storage.getInput(), op.getPermAttr());
    auto shape = cast<ShapedType>(raw.getType()).getShape();
    Value quantized = rewriter.create<edge::StorageCastOp>(op.getLoc(), RankedTensorType::get(shape, element), raw);
    rewriter.replaceOpWithNewOp<edge::DequantizeOp>(op, op.getType(), quantized);
    return success();
  }
};

/// reshape(dequantize(storage_cast(constant))) -> dequantize(storage_cast(reshaped constant)),
/// when the quantization axis (if any) is a leading dim the reshape keeps: a 1x1 filter's
/// layout change is such a reshape.
struct HoistReshapeOfQuantizedConstant : OpRewritePattern<edge::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::ReshapeOp op, PatternRewriter &rewriter) const override {
    edge::StorageCastOp storage = dequantizedConstant(op.getInput());
    if (!storage)
      return rewriter.notifyMatchFailure(op, "not a dequantized constant");
    Type element = storage.getType().getElementType();
    int64_t axis = quantAxis(element);
    auto from = cast<ShapedType>(op.getInput().getType()), to = cast<ShapedType>(op.getType());
    if (axis > 0 || (axis == 0 && (to.getRank() == 0 || to.getDimSize(0) != from.getDimSize(0))))
      return rewriter.notifyMatchFailure(op, "the reshape moves the quantization axis");
    auto rawType = RankedTensorType::get(to.getShape(), cast<ShapedType>(storage.getInput().getType()).getElementType());
    Value raw = rewriter.createOrFold<edge::ReshapeOp>(op.getLoc(), rawType, storage.getInput());
    Value quantized = rewriter.create<edge::StorageCastOp>(op.getLoc(), RankedTensorType::get(to.getShape(), element), raw);
    rewriter.replaceOpWithNewOp<edge::DequantizeOp>(op, op.getType(), quantized);
    return success();
  }
};

} // namespace

void populateTransposeSinkingPatterns(RewritePatternSet &patterns) {
  patterns.add<TransposeOfUnitDimsIsReshape, ComposeTransposes, SinkThroughUnary, SinkThroughBinary,
               SinkThroughConcat, SinkThroughPad, SinkThroughResize, SinkThroughReduce,
               SinkThroughQuantCast<edge::QuantizeOp>, SinkThroughQuantCast<edge::StorageCastOp>,
               HoistTransposeOfDequantize, HoistTransposeOfQuantizedConstant,
               HoistReshapeOfQuantizedConstant>(patterns.getContext());
}

namespace {

struct EdgeToNHWCPass : impl::EdgeToNHWCBase<EdgeToNHWCPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateTransposeSinkingPatterns(patterns);
    patterns.add<ToChannelsLast<edge::ConvOp>, ToChannelsLast<edge::ConvTransposeOp>,
                 ToChannelsLast<edge::PoolOp>, ToChannelsLast<edge::MaxPoolWithIndicesOp>,
                 ToChannelsLast<edge::GlobalPoolOp>, ToChannelsLast<edge::BatchNormOp>>(&getContext());
    GreedyRewriteConfig config;
    config.useTopDownTraversal = true;
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns), config)))
      return signalPassFailure();
    // Two image ops reading one NCHW value each got a transpose of it: keep one.
    IRRewriter rewriter(&getContext());
    DominanceInfo dominance;
    eliminateCommonSubExpressions(rewriter, dominance, getOperation());
  }
};
} // namespace
} // namespace edgec
