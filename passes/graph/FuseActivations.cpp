// edge-fuse-activations: an activation whose producer is its only user becomes the producer's
// `act`; HardSigmoid/HardSwish spelled out with primitives are recognised first.
#include "passes/Passes.h"
#include "passes/graph/RecognizeAttention.h"
#include "passes/graph/RecognizeHardActivations.h"
#include "passes/graph/RecognizeNormalizations.h"
#include "passes/graph/RecognizeRecurrentCells.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_EDGEFUSEACTIVATIONS
#include "passes/Passes.h.inc"

namespace {

std::optional<edge::ActivationKind> asActivation(edge::UnaryKind kind) {
  switch (kind) {
  case edge::UnaryKind::relu: return edge::ActivationKind::relu;
  case edge::UnaryKind::clip: return edge::ActivationKind::clip;
  case edge::UnaryKind::sigmoid: return edge::ActivationKind::sigmoid;
  case edge::UnaryKind::tanh: return edge::ActivationKind::tanh;
  case edge::UnaryKind::leaky_relu: return edge::ActivationKind::leaky_relu;
  case edge::UnaryKind::hard_sigmoid: return edge::ActivationKind::hard_sigmoid;
  case edge::UnaryKind::hard_swish: return edge::ActivationKind::hard_swish;
  default: return std::nullopt;
  }
}

struct FuseIntoProducer : OpRewritePattern<edge::UnaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::UnaryOp op, PatternRewriter &rewriter) const override {
    auto act = asActivation(op.getKind());
    if (!act)
      return rewriter.notifyMatchFailure(op, "not an activation a kernel can fuse");
    Operation *producer = op.getInput().getDefiningOp();
    if (!producer || !producer->hasOneUse())
      return rewriter.notifyMatchFailure(op, "producer missing or has other users");
    if (!isa<edge::ConvOp, edge::ConvTransposeOp, edge::GemmOp, edge::MatMulOp, edge::BinaryOp,
             edge::PoolOp>(producer))
      return rewriter.notifyMatchFailure(op, "producer cannot apply an activation");
    auto current = producer->getAttrOfType<edge::ActivationKindAttr>("act");
    if (current && current.getValue() != edge::ActivationKind::none)
      return rewriter.notifyMatchFailure(op, "producer already has an activation");
    if (!cast<ShapedType>(op.getType()).getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "only float32 activations are fused");
    rewriter.modifyOpInPlace(producer, [&] {
      producer->setAttr("act", edge::ActivationKindAttr::get(getContext(), *act));
      producer->setAttr("act_alpha", op.getAlphaAttr());
      producer->setAttr("act_beta", op.getBetaAttr());
      producer->setLoc(rewriter.getFusedLoc({producer->getLoc(), op.getLoc()}));
    });
    rewriter.replaceOp(op, producer->getResults());
    return success();
  }
};

struct EdgeFuseActivationsPass : impl::EdgeFuseActivationsBase<EdgeFuseActivationsPass> {
  void runOnOperation() override {
    GreedyRewriteConfig config;
    config.useTopDownTraversal = true;
    // First fold spelled-out HardSigmoid/HardSwish (and LayerNorm, GELU, attention, LSTM/GRU cells) back into single ops,
    // so that the clip inside them is not fused away into its add before they are recognised.
    RewritePatternSet recognize(&getContext());
    populateHardActivationPatterns(recognize);
    populateNormalizationPatterns(recognize);
    populateAttentionPatterns(recognize);
    populateRecurrentCellPatterns(recognize);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(recognize), config)))
      return signalPassFailure();
    RewritePatternSet fuse(&getContext());
    fuse.add<FuseIntoProducer>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(fuse), config)))
      signalPassFailure();
  }
};
} // namespace
} // namespace edgec
