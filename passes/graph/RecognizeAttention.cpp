// Scaled dot-product attention written as primitives -> one edge.attention:
//   MatMul(Softmax(scale(MatMul(q, K))), v)
// where K is k^T (a Transpose of the last two dims, folded away) or any [.., D, Lk] value
// (transposed back, which folds for constants), and scale is an optional Mul or Div by a
// scalar constant on the scores or on q. Only float32, only a softmax over the last axis,
// and only when the scores and probabilities have no other reader. A softmax between reshapes
// that merge the leading dims (an upgraded opset < 13 Softmax) counts as one over the last axis.
#include "passes/graph/RecognizeAttention.h"
#include "passes/graph/PatternHelpers.h"

using namespace mlir;

namespace edgec {
namespace {

ShapedType shapedOf(Value v) { return cast<ShapedType>(v.getType()); }

/// The scalar behind a float splat constant, or nullopt.
std::optional<double> scalarOf(Value v) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) || !attr.isSplat() || !isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  return attr.getSplatValue<APFloat>().convertToDouble();
}

/// `v` = x * c, c * x or x / c with a scalar constant c and no fused activation: x, and the
/// factor folded into `scale`. Otherwise v itself.
Value stripScale(Value v, double &scale) {
  auto op = v.getDefiningOp<edge::BinaryOp>();
  if (!op || op.getAct() != edge::ActivationKind::none || op.getType() != op.getLhs().getType() || !v.hasOneUse())
    return v;
  if (op.getKind() == edge::BinaryKind::mul) {
    if (auto c = scalarOf(op.getRhs()))
      return scale *= *c, op.getLhs();
    if (auto c = scalarOf(op.getLhs()); c && op.getType() == op.getRhs().getType())
      return scale *= *c, op.getRhs();
  }
  if (op.getKind() == edge::BinaryKind::div)
    if (auto c = scalarOf(op.getRhs()); c && *c != 0)
      return scale /= *c, op.getLhs();
  return v;
}

/// Whether `perm` swaps the last two dims and keeps the others in place.
bool swapsLastTwo(ArrayRef<int64_t> perm) {
  int64_t rank = static_cast<int64_t>(perm.size());
  for (int64_t i = 0; i < rank - 2; ++i)
    if (perm[i] != i)
      return false;
  return rank >= 2 && perm[rank - 2] == rank - 1 && perm[rank - 1] == rank - 2;
}

/// The input of the softmax over the last axis that `probs` is, or null. Seen through a
/// reshape pair that merges only the leading dims (what an opset < 13 Softmax upgrades to),
/// so the input returned has the probabilities' shape.
Value softmaxInput(Value probs) {
  Value p = probs;
  auto outer = p.getDefiningOp<edge::ReshapeOp>();
  if (outer && outer->hasOneUse())
    p = outer.getInput();
  auto softmax = p.getDefiningOp<edge::SoftmaxOp>();
  if (!softmax || softmax.getLog() || !softmax->hasOneUse() || static_cast<int64_t>(softmax.getAxis()) != shapedOf(p).getRank() - 1)
    return {};
  Value in = softmax.getInput();
  if (p == probs)
    return in;
  auto inner = in.getDefiningOp<edge::ReshapeOp>();
  if (!inner || !inner->hasOneUse() || inner.getInput().getType() != probs.getType() ||
      shapedOf(in).getShape().back() != shapedOf(probs).getShape().back())
    return {};
  return inner.getInput();
}

struct AttentionFromPrimitives : OpRewritePattern<edge::MatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::MatMulOp pv, PatternRewriter &rewriter) const override {
    if (pv.getAct() != edge::ActivationKind::none || !shapedOf(pv.getOutput()).getElementType().isF32())
      return rewriter.notifyMatchFailure(pv, "not a plain float32 matmul");
    Value softmaxIn = softmaxInput(pv.getA());
    if (!softmaxIn)
      return rewriter.notifyMatchFailure(pv, "not fed by a softmax over the last axis");
    double scale = 1.0;
    Value scores = stripScale(softmaxIn, scale);
    auto qk = scores.getDefiningOp<edge::MatMulOp>();
    if (!qk || qk.getAct() != edge::ActivationKind::none || !scores.hasOneUse())
      return rewriter.notifyMatchFailure(pv, "the scores are not a matmul of their own");
    Value q = stripScale(qk.getA(), scale), kT = qk.getB(), v = pv.getB();
    auto qType = shapedOf(q), kTType = shapedOf(kT), vType = shapedOf(v);
    int64_t rank = qType.getRank();
    if (rank < 2 || kTType.getRank() != rank || vType.getRank() != rank ||
        qType.getShape().drop_back(2) != kTType.getShape().drop_back(2) ||
        qType.getShape().drop_back(2) != vType.getShape().drop_back(2) || !kTType.getElementType().isF32() ||
        !vType.getElementType().isF32() || !qType.getElementType().isF32())
      return rewriter.notifyMatchFailure(pv, "q, k and v do not share their leading dims (broadcasting)");
    SmallVector<int64_t> perm;
    for (int64_t i = 0; i < rank; ++i)
      perm.push_back(i);
    std::swap(perm[rank - 2], perm[rank - 1]);
    Value k;
    if (auto t = kT.getDefiningOp<edge::TransposeOp>(); t && swapsLastTwo(t.getPerm()))
      k = t.getInput();
    else
      k = rewriter.create<edge::TransposeOp>(qk.getLoc(), kT, rewriter.getDenseI64ArrayAttr(perm));
    rewriter.replaceOpWithNewOp<edge::AttentionOp>(pv, pv.getType(), q, k, v,
                                                   rewriter.getF32FloatAttr(static_cast<float>(scale)));
    return success();
  }
};

} // namespace

void populateAttentionPatterns(RewritePatternSet &patterns) {
  patterns.add<AttentionFromPrimitives>(patterns.getContext());
}

} // namespace edgec
