// edge-fold-constants: run every op folder to a fixed point; dead constants disappear with their users.
#include "passes/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec {
#define GEN_PASS_DEF_EDGEFOLDCONSTANTS
#include "passes/Passes.h.inc"

namespace {
struct EdgeFoldConstantsPass : impl::EdgeFoldConstantsBase<EdgeFoldConstantsPass> {
  void runOnOperation() override {
    mlir::RewritePatternSet none(&getContext());
    mlir::GreedyRewriteConfig config;
    // Top-down keeps the visiting order (and so the names of folded blobs) deterministic.
    config.useTopDownTraversal = true;
    if (mlir::failed(
            mlir::applyPatternsAndFoldGreedily(getOperation(), std::move(none), config)))
      signalPassFailure();
  }
};
} // namespace
} // namespace edgec
