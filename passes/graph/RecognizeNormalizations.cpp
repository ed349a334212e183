// LayerNorm and GELU spelled out with primitives, as many exporters write them (PaddlePaddle,
// older PyTorch, Keras through tf2onnx), folded back into one op each, so that one kernel reads
// and writes the arena once instead of six to ten elementwise passes:
//   d = x - mean(x); y = d / sqrt(mean(d * d) + eps)   (or d * 1/sqrt(...), d ^ 2)
//                                       -> layer_norm(x) over the reduced trailing dims
//   layer_norm(x) * gamma, then + beta  -> layer_norm(x) scale gamma bias beta (constants
//                                          broadcast to the normalized dims)
//   x * 0.5 * (1 + erf(x / sqrt(2)))    (any association and order of the product, x * 0.7071)
//                                       -> gelu(x)
// The fused forms differ from the spelled-out ones by float rounding only.
#include "passes/graph/RecognizeNormalizations.h"
#include "passes/graph/PatternHelpers.h"

#include "compiler/support/ConstantData.h"

using namespace mlir;

namespace edgec {
namespace {

/// `v = reduce mean(x)` over trailing axes [axis, rank) with kept dims: returns x and axis.
Value meanOverTrailing(Value v, int64_t &axis) {
  auto r = v.getDefiningOp<edge::ReduceOp>();
  if (!r || r.getKind() != edge::ReduceKind::mean || !r.getKeepdims() || r.getAxes().empty())
    return {};
  int64_t rank = cast<ShapedType>(r.getInput().getType()).getRank();
  ArrayRef<int64_t> axes = r.getAxes();
  for (size_t i = 0; i < axes.size(); ++i)
    if (axes[i] != rank - static_cast<int64_t>(axes.size()) + static_cast<int64_t>(i))
      return {};
  axis = axes.front();
  return r.getInput();
}

/// A scalar float constant's value, if `v` is one.
std::optional<double> scalarConstant(Value v) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) || !isa<FloatType>(attr.getElementType()) || !attr.isSplat())
    return std::nullopt;
  return attr.getSplatValue<APFloat>().convertToDouble();
}

/// For `v = sqrt(var + eps)` with `var = mean(d * d)` (or mean(d ^ 2)) over `axis`..: eps.
std::optional<double> rootOfVariance(Value v, Value d, int64_t axis) {
  auto sqrt = unaryOf(v, edge::UnaryKind::sqrt);
  auto add = sqrt ? binaryOf(sqrt.getInput(), edge::BinaryKind::add) : edge::BinaryOp();
  if (!add)
    return std::nullopt;
  for (auto [var, eps] : {std::pair(add.getLhs(), add.getRhs()), std::pair(add.getRhs(), add.getLhs())}) {
    std::optional<double> e = scalarConstant(eps);
    int64_t varAxis = -1;
    Value squared = e ? meanOverTrailing(var, varAxis) : Value();
    if (!squared || varAxis != axis)
      continue;
    if (auto mul = binaryOf(squared, edge::BinaryKind::mul); mul && mul.getLhs() == d && mul.getRhs() == d)
      return e;
    if (auto pow = binaryOf(squared, edge::BinaryKind::pow); pow && pow.getLhs() == d && isSplatOf(pow.getRhs(), 2.0))
      return e;
  }
  return std::nullopt;
}

/// (x - mean(x)) / sqrt(mean((x - mean(x))^2) + eps) -> layer_norm(x).
struct LayerNormFromPrimitives : OpRewritePattern<edge::BinaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::BinaryOp op, PatternRewriter &rewriter) const override {
    if (op.getAct() != edge::ActivationKind::none || !cast<ShapedType>(op.getType()).getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "not a plain float32 op");
    // d / s, or d * (1 / s) in either order.
    SmallVector<std::pair<Value, Value>, 2> candidates;
    if (op.getKind() == edge::BinaryKind::div)
      candidates.push_back({op.getLhs(), op.getRhs()});
    if (op.getKind() == edge::BinaryKind::mul)
      for (auto [d, r] : {std::pair(op.getLhs(), op.getRhs()), std::pair(op.getRhs(), op.getLhs())})
        if (auto rec = unaryOf(r, edge::UnaryKind::reciprocal))
          candidates.push_back({d, rec.getInput()});
    for (auto [d, s] : candidates) {
      auto sub = binaryOf(d, edge::BinaryKind::sub);
      int64_t axis = -1;
      Value x = sub ? meanOverTrailing(sub.getRhs(), axis) : Value();
      if (!x || x != sub.getLhs() || x.getType() != op.getType())
        continue;
      std::optional<double> eps = rootOfVariance(s, d, axis);
      if (!eps)
        continue;
      rewriter.replaceOpWithNewOp<edge::LayerNormOp>(op, op.getType(), x, Value(), Value(),
                                                     rewriter.getI64IntegerAttr(axis),
                                                     rewriter.getF32FloatAttr(static_cast<float>(*eps)));
      return success();
    }
    return rewriter.notifyMatchFailure(op, "not a spelled-out layer norm");
  }
};

/// layer_norm(x) * gamma -> scale; (layer_norm(x) [* gamma]) + beta -> bias: constants that
/// vary only over the normalized dims, broadcast to exactly those dims.
struct AffineIntoLayerNorm : OpRewritePattern<edge::BinaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::BinaryOp op, PatternRewriter &rewriter) const override {
    bool isMul = op.getKind() == edge::BinaryKind::mul, isAdd = op.getKind() == edge::BinaryKind::add;
    if ((!isMul && !isAdd) || op.getAct() != edge::ActivationKind::none)
      return rewriter.notifyMatchFailure(op, "not a plain mul or add");
    for (auto [n, c] : {std::pair(op.getLhs(), op.getRhs()), std::pair(op.getRhs(), op.getLhs())}) {
      auto ln = n.getDefiningOp<edge::LayerNormOp>();
      ElementsAttr constant;
      if (!ln || !ln->hasOneUse() || ln.getType() != op.getType() || !matchPattern(c, m_Constant(&constant)) ||
          (isMul && (ln.getScale() || ln.getBias())) || (isAdd && ln.getBias()))
        continue;
      auto type = cast<ShapedType>(ln.getType());
      ArrayRef<int64_t> normalized = type.getShape().drop_front(ln.getAxis());
      auto ct = cast<ShapedType>(c.getType());
      // Dims before the normalized ones must be 1 (absent counts): the constant is per element
      // of a normalized row, the same for every row.
      int64_t lead = ct.getRank() - static_cast<int64_t>(normalized.size());
      bool perRow = true;
      for (int64_t d = 0; d < lead; ++d)
        perRow &= ct.getDimSize(d) == 1;
      for (int64_t d = std::max<int64_t>(lead, 0); d < ct.getRank(); ++d)
        perRow &= ct.getDimSize(d) == 1 || ct.getDimSize(d) == normalized[d - lead];
      if (!perRow)
        continue;
      // Drop the leading ones, then broadcast to the normalized dims (both fold to constants).
      auto trimmedType = RankedTensorType::get(ct.getShape().drop_front(std::max<int64_t>(lead, 0)), ct.getElementType());
      Value v = rewriter.create<edge::ReshapeOp>(op.getLoc(), trimmedType, c);
      auto fullType = RankedTensorType::get(normalized, ct.getElementType());
      if (trimmedType != fullType)
        v = rewriter.create<edge::BroadcastOp>(op.getLoc(), fullType, v);
      Value scale = isMul ? v : ln.getScale(), bias = isAdd ? v : Value();
      rewriter.replaceOpWithNewOp<edge::LayerNormOp>(op, ln.getType(), ln.getInput(), scale, bias, ln.getAxisAttr(),
                                                     ln.getEpsilonAttr());
      rewriter.eraseOp(ln);
      return success();
    }
    return rewriter.notifyMatchFailure(op, "not a layer norm's affine part");
  }
};

/// The leaves of a product tree rooted at `v` (through muls whose results have no other use).
void productLeaves(Value v, bool root, SmallVectorImpl<Value> &leaves) {
  auto mul = binaryOf(v, edge::BinaryKind::mul);
  if (mul && (root || v.hasOneUse()) && leaves.size() < 4) {
    productLeaves(mul.getLhs(), false, leaves);
    productLeaves(mul.getRhs(), false, leaves);
    return;
  }
  leaves.push_back(v);
}

/// For `v = 1 + erf(x / sqrt 2)` (or x * 1/sqrt 2, either order): x.
Value onePlusErfOfScaled(Value v) {
  auto add = binaryOf(v, edge::BinaryKind::add);
  if (!add)
    return {};
  for (auto [one, e] : {std::pair(add.getLhs(), add.getRhs()), std::pair(add.getRhs(), add.getLhs())}) {
    auto erf = isSplatOf(one, 1.0) ? unaryOf(e, edge::UnaryKind::erf) : edge::UnaryOp();
    if (!erf)
      continue;
    if (auto div = binaryOf(erf.getInput(), edge::BinaryKind::div); div && isSplatOf(div.getRhs(), std::sqrt(2.0)))
      return div.getLhs();
    if (auto mul = binaryOf(erf.getInput(), edge::BinaryKind::mul)) {
      if (isSplatOf(mul.getRhs(), 1.0 / std::sqrt(2.0)))
        return mul.getLhs();
      if (isSplatOf(mul.getLhs(), 1.0 / std::sqrt(2.0)))
        return mul.getRhs();
    }
  }
  return {};
}

/// x * 0.5 * (1 + erf(x / sqrt 2)) in any association -> gelu(x).
struct GeluFromErf : OpRewritePattern<edge::BinaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::BinaryOp op, PatternRewriter &rewriter) const override {
    if (op.getKind() != edge::BinaryKind::mul || op.getAct() != edge::ActivationKind::none ||
        !cast<ShapedType>(op.getType()).getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "not a plain float32 mul");
    SmallVector<Value, 4> leaves;
    productLeaves(op.getResult(), true, leaves);
    if (leaves.size() != 3)
      return rewriter.notifyMatchFailure(op, "not a product of three factors");
    for (Value gate : leaves) {
      Value x = onePlusErfOfScaled(gate);
      if (!x || x.getType() != op.getType())
        continue;
      SmallVector<Value, 2> rest;
      for (Value l : leaves)
        if (l != gate)
          rest.push_back(l);
      if (rest.size() == 2 && ((rest[0] == x && isSplatOf(rest[1], 0.5)) || (rest[1] == x && isSplatOf(rest[0], 0.5)))) {
        rewriter.replaceOpWithNewOp<edge::UnaryOp>(op, x.getType(),
                                                   edge::UnaryKindAttr::get(getContext(), edge::UnaryKind::gelu), x,
                                                   rewriter.getF32FloatAttr(0.0f), rewriter.getF32FloatAttr(0.0f));
        return success();
      }
    }
    return rewriter.notifyMatchFailure(op, "not x * 0.5 * (1 + erf(x / sqrt 2))");
  }
};

} // namespace

void populateNormalizationPatterns(RewritePatternSet &patterns) {
  patterns.add<LayerNormFromPrimitives, AffineIntoLayerNorm, GeluFromErf>(patterns.getContext());
}

} // namespace edgec
