// HardSigmoid and HardSwish spelled out with primitives, as PyTorch and Paddle export
// MobileNetV3-style nets, folded back into one unary op each (then fusable into the conv):
//   relu6(x + 3) / 6        (or * 1/6)     -> hard_sigmoid(x; 1/6, 1/2)
//   x * hard_sigmoid(x; 1/6, 1/2)          -> hard_swish(x)
//   x * relu6(x + 3) / 6    (or * 1/6)     -> hard_swish(x)
// relu6 is `edge.unary clip` with bounds [0, 6]. Results differ from the spelled-out form
// by float rounding only (ONNX defines HardSwish as x * HardSigmoid(x; 1/6, 1/2)).
#include "passes/graph/RecognizeHardActivations.h"
#include "passes/graph/PatternHelpers.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace edgec {
namespace {

/// For `v = relu6(x + 3)`, returns x.
Value relu6OfPlus3(Value v) {
  auto clip = v.getDefiningOp<edge::UnaryOp>();
  if (!clip || clip.getKind() != edge::UnaryKind::clip ||
      !nearly(clip.getAlpha().convertToDouble(), 0.0) || !nearly(clip.getBeta().convertToDouble(), 6.0))
    return {};
  auto add = binaryOf(clip.getInput(), edge::BinaryKind::add);
  if (!add)
    return {};
  if (isSplatOf(add.getRhs(), 3.0) && add.getLhs().getType() == add.getType())
    return add.getLhs();
  if (isSplatOf(add.getLhs(), 3.0) && add.getRhs().getType() == add.getType())
    return add.getRhs();
  return {};
}

/// For `v = a / 6` or `v = a * (1/6)` (either side), returns a.
Value dividedBy6(Value v) {
  if (auto div = binaryOf(v, edge::BinaryKind::div); div && isSplatOf(div.getRhs(), 6.0) &&
                                                     div.getLhs().getType() == div.getType())
    return div.getLhs();
  if (auto mul = binaryOf(v, edge::BinaryKind::mul)) {
    if (isSplatOf(mul.getRhs(), 1.0 / 6.0) && mul.getLhs().getType() == mul.getType())
      return mul.getLhs();
    if (isSplatOf(mul.getLhs(), 1.0 / 6.0) && mul.getRhs().getType() == mul.getType())
      return mul.getRhs();
  }
  return {};
}

bool isHardSigmoidOf(Value v, Value x) {
  auto op = v.getDefiningOp<edge::UnaryOp>();
  return op && op.getKind() == edge::UnaryKind::hard_sigmoid && op.getInput() == x &&
         nearly(op.getAlpha().convertToDouble(), 1.0 / 6.0) &&
         nearly(op.getBeta().convertToDouble(), 0.5);
}

void replaceWithUnary(PatternRewriter &rewriter, Operation *root, edge::UnaryKind kind, Value x,
                      float alpha = 0.0f, float beta = 0.0f) {
  auto unary = rewriter.create<edge::UnaryOp>(root->getLoc(), x.getType(),
                                              edge::UnaryKindAttr::get(rewriter.getContext(), kind), x,
                                              rewriter.getF32FloatAttr(alpha),
                                              rewriter.getF32FloatAttr(beta));
  rewriter.replaceOp(root, unary.getResult());
}

/// relu6(x + 3) / 6 -> hard_sigmoid(x; 1/6, 1/2).
struct HardSigmoidFromRelu6 : OpRewritePattern<edge::BinaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::BinaryOp op, PatternRewriter &rewriter) const override {
    Value scaled = dividedBy6(op.getResult());
    Value x = scaled ? relu6OfPlus3(scaled) : Value();
    if (!x || x.getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "not relu6(x + 3) / 6");
    replaceWithUnary(rewriter, op, edge::UnaryKind::hard_sigmoid, x, 1.0f / 6.0f, 0.5f);
    return success();
  }
};

/// x * hard_sigmoid(x; 1/6, 1/2) -> hard_swish(x).
struct HardSwishFromHardSigmoid : OpRewritePattern<edge::BinaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::BinaryOp op, PatternRewriter &rewriter) const override {
    if (op.getKind() != edge::BinaryKind::mul || op.getAct() != edge::ActivationKind::none)
      return rewriter.notifyMatchFailure(op, "not a plain mul");
    for (auto [x, gate] : {std::pair(op.getLhs(), op.getRhs()), std::pair(op.getRhs(), op.getLhs())})
      if (x.getType() == op.getType() && isHardSigmoidOf(gate, x)) {
        replaceWithUnary(rewriter, op, edge::UnaryKind::hard_swish, x);
        return success();
      }
    return rewriter.notifyMatchFailure(op, "not x * hard_sigmoid(x; 1/6, 1/2)");
  }
};

/// x * relu6(x + 3) / 6 -> hard_swish(x).
struct HardSwishFromRelu6 : OpRewritePattern<edge::BinaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::BinaryOp op, PatternRewriter &rewriter) const override {
    Value product = dividedBy6(op.getResult());
    auto mul = product ? binaryOf(product, edge::BinaryKind::mul) : edge::BinaryOp();
    if (!mul)
      return rewriter.notifyMatchFailure(op, "not (a * b) / 6");
    for (auto [x, gate] : {std::pair(mul.getLhs(), mul.getRhs()), std::pair(mul.getRhs(), mul.getLhs())})
      if (x.getType() == op.getType() && relu6OfPlus3(gate) == x) {
        replaceWithUnary(rewriter, op, edge::UnaryKind::hard_swish, x);
        return success();
      }
    return rewriter.notifyMatchFailure(op, "not x * relu6(x + 3) / 6");
  }
};

} // namespace

void populateHardActivationPatterns(RewritePatternSet &patterns) {
  patterns.add<HardSigmoidFromRelu6, HardSwishFromHardSigmoid, HardSwishFromRelu6>(
      patterns.getContext());
}

} // namespace edgec
