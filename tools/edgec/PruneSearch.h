// The accuracy guard of structured pruning: --eval (the compressed model against the
// uncompressed one on the user's data), --prune-budget (how much of the MACs to remove, least
// sensitive layers first) and --max-accuracy-drop (where to stop).
#ifndef EDGEC_TOOLS_EDGEC_PRUNESEARCH_H
#define EDGEC_TOOLS_EDGEC_PRUNESEARCH_H

#include "tools/edgec/MixedPrecision.h"

#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>

namespace edgec {

struct PruneGuard {
  std::string evalPath;                  // --eval: samples as for --calibration
  std::string labelsPath;                // --eval-labels: each sample's class (.npy of integers)
  std::optional<double> budget;          // --prune-budget: the fraction of MACs to remove
  std::optional<AccuracyBudget> maxDrop; // --max-accuracy-drop: "1%" of top-1 agreement or "30dB"
  size_t samples = 32;                   // evaluated samples at most
  bool active() const { return !evalPath.empty() || budget; }
};

/// Runs on `module` before phase `prunePhase` (edge-prune-channels). With a budget, measures
/// each prunable layer's sensitivity (the output SQNR with half its channels gone, on the
/// --eval samples; all equal without them), then raises per-layer ratios in steps of 0.1 where
/// the estimated error grows least until the MACs drop by the budget, backing off to the
/// longest prefix of those steps that keeps --max-accuracy-drop; the result is `edgec.prune`'s
/// per-layer ratios and `edgec.prune_search`. With --eval, the compressed model (pruning and
/// sparsity as requested) is evaluated against the uncompressed one: `edgec.compression_eval`.
/// With labels, the accuracy of both is reported too, and --max-accuracy-drop in percent is
/// the drop of top-1 accuracy (else of the top-1 agreement with the uncompressed model).
/// Every trial compiles the rest of the pipeline and runs a host build.
mlir::LogicalResult guardPruning(mlir::ModuleOp module, size_t prunePhase, const PruneGuard &guard);

} // namespace edgec

#endif
