// edge-fold-batchnorm: BatchNormalization after a Conv or Gemm becomes new constant weights and bias.
#include "compiler/support/ConstantData.h"
#include "passes/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_EDGEFOLDBATCHNORM
#include "passes/Passes.h.inc"

namespace {

std::optional<std::vector<double>> constantValues(Value v) {
  ElementsAttr attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  return getConstantAsDoubles(attr);
}

/// Per-channel scale s = gamma / sqrt(var + eps) and shift t = beta - mean * s, in float32
/// as onnxruntime computes BatchNormalization.
bool batchNormAffine(edge::BatchNormOp bn, std::vector<double> &scale, std::vector<double> &shift) {
  auto gamma = constantValues(bn.getScale()), beta = constantValues(bn.getBias()),
       mean = constantValues(bn.getMean()), var = constantValues(bn.getVariance());
  if (!gamma || !beta || !mean || !var)
    return false;
  float eps = bn.getEpsilon().convertToFloat();
  size_t c = gamma->size();
  scale.resize(c);
  shift.resize(c);
  for (size_t i = 0; i < c; ++i) {
    float s = static_cast<float>((*gamma)[i]) / std::sqrt(static_cast<float>((*var)[i]) + eps);
    scale[i] = s;
    shift[i] = static_cast<float>((*beta)[i]) - static_cast<float>((*mean)[i]) * s;
  }
  return true;
}

std::string nameOf(Location loc, StringRef suffix) {
  std::string base = "weights";
  if (auto fused = dyn_cast<FusedLoc>(loc))
    loc = fused.getLocations().front();
  if (auto name = dyn_cast<NameLoc>(loc))
    base = name.getName().str();
  return base + "." + suffix.str();
}

Value makeConst(PatternRewriter &rewriter, Location loc, ShapedType type,
                ArrayRef<double> values, StringRef name) {
  return rewriter.create<edge::ConstantOp>(loc, type, makeConstantFromDoubles(type, values, name));
}

struct FoldIntoConv : OpRewritePattern<edge::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::BatchNormOp bn, PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<edge::ConvOp>();
    if (!conv || !conv->hasOneUse() || conv.getAct() != edge::ActivationKind::none ||
        conv.getLayout() != bn.getLayout())
      return rewriter.notifyMatchFailure(bn, "input is not a single-use conv without activation");
    std::vector<double> scale, shift;
    auto filter = constantValues(conv.getFilter());
    if (!filter || !batchNormAffine(bn, scale, shift))
      return rewriter.notifyMatchFailure(bn, "parameters or filter are not constant");
    std::vector<double> bias(scale.size(), 0.0);
    if (conv.getBias()) {
      auto b = constantValues(conv.getBias());
      if (!b)
        return rewriter.notifyMatchFailure(bn, "conv bias is not constant");
      bias = *b;
    }
    // Filters are output-channel-major in both layouts: scale each channel's block.
    size_t perChannel = filter->size() / scale.size();
    for (size_t i = 0; i < filter->size(); ++i)
      (*filter)[i] = static_cast<float>((*filter)[i]) * static_cast<float>(scale[i / perChannel]);
    for (size_t c = 0; c < scale.size(); ++c)
      bias[c] = static_cast<float>(bias[c]) * static_cast<float>(scale[c]) + static_cast<float>(shift[c]);
    auto filterType = cast<ShapedType>(conv.getFilter().getType());
    auto biasType = RankedTensorType::get({static_cast<int64_t>(bias.size())},
                                          filterType.getElementType());
    rewriter.setInsertionPoint(conv);
    Value newFilter = makeConst(rewriter, conv.getLoc(), filterType, *filter,
                                nameOf(conv.getLoc(), "weight_bn"));
    Value newBias = makeConst(rewriter, conv.getLoc(), biasType, bias, nameOf(conv.getLoc(), "bias_bn"));
    rewriter.modifyOpInPlace(conv, [&] {
      conv.getFilterMutable().assign(newFilter);
      if (conv.getBias())
        conv.getBiasMutable().assign(newBias);
      else
        conv.getBiasMutable().append(newBias);
      conv->setLoc(rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()}));
    });
    rewriter.replaceOp(bn, conv.getOutput());
    return success();
  }
};

struct FoldIntoGemm : OpRewritePattern<edge::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::BatchNormOp bn, PatternRewriter &rewriter) const override {
    auto gemm = bn.getInput().getDefiningOp<edge::GemmOp>();
    if (!gemm || !gemm->hasOneUse() || gemm.getAct() != edge::ActivationKind::none)
      return rewriter.notifyMatchFailure(bn, "input is not a single-use gemm without activation");
    std::vector<double> scale, shift;
    auto b = constantValues(gemm.getB());
    if (!b || !batchNormAffine(bn, scale, shift))
      return rewriter.notifyMatchFailure(bn, "parameters or B are not constant");
    int64_t n = scale.size();
    std::vector<double> c(n, 0.0);
    if (gemm.getC()) {
      auto cType = cast<ShapedType>(gemm.getC().getType());
      auto cv = constantValues(gemm.getC());
      // Only a C that broadcasts along rows (N, 1xN or a scalar) is one value per column.
      bool perColumn = cType.getNumElements() == 1 || (cType.getRank() == 1 && cType.getDimSize(0) == n) ||
                       (cType.getRank() == 2 && cType.getDimSize(0) == 1 && cType.getDimSize(1) == n);
      if (!cv || !perColumn)
        return rewriter.notifyMatchFailure(bn, "C is not a constant per-column vector");
      float beta = gemm.getBeta().convertToFloat();
      for (int64_t j = 0; j < n; ++j)
        c[j] = beta * static_cast<float>((*cv)[cv->size() == 1 ? 0 : j]);
    }
    bool transB = gemm.getTransB();
    int64_t k = b->size() / n;
    for (int64_t i = 0; i < static_cast<int64_t>(b->size()); ++i) {
      int64_t col = transB ? i / k : i % n;
      (*b)[i] = static_cast<float>((*b)[i]) * static_cast<float>(scale[col]);
    }
    for (int64_t j = 0; j < n; ++j)
      c[j] = static_cast<float>(c[j]) * static_cast<float>(scale[j]) + static_cast<float>(shift[j]);
    auto bType = cast<ShapedType>(gemm.getB().getType());
    auto cType = RankedTensorType::get({n}, bType.getElementType());
    rewriter.setInsertionPoint(gemm);
    Value newB = makeConst(rewriter, gemm.getLoc(), bType, *b, nameOf(gemm.getLoc(), "weight_bn"));
    Value newC = makeConst(rewriter, gemm.getLoc(), cType, c, nameOf(gemm.getLoc(), "bias_bn"));
    rewriter.modifyOpInPlace(gemm, [&] {
      gemm.getBMutable().assign(newB);
      if (gemm.getC())
        gemm.getCMutable().assign(newC);
      else
        gemm.getCMutable().append(newC);
      gemm.setBetaAttr(rewriter.getF32FloatAttr(1.0f));
      gemm->setLoc(rewriter.getFusedLoc({gemm.getLoc(), bn.getLoc()}));
    });
    rewriter.replaceOp(bn, gemm.getOutput());
    return success();
  }
};

struct EdgeFoldBatchNormPass : impl::EdgeFoldBatchNormBase<EdgeFoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv, FoldIntoGemm>(&getContext());
    GreedyRewriteConfig config;
    config.useTopDownTraversal = true;
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};
} // namespace
} // namespace edgec
