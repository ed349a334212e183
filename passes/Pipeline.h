// The compilation pipeline as a named, ordered list of phases (dump names, resume points).
#ifndef EDGEC_PASSES_PIPELINE_H
#define EDGEC_PASSES_PIPELINE_H

#include "mlir/Pass/PassManager.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace edgec {

struct Phase {
  std::string name; // the pass's command-line name, also the dump-file suffix
  std::function<std::unique_ptr<mlir::Pass>()> create;
};

/// Every phase after import, in order. Position i is dumped as (i+1)-<name>.mlir.
const std::vector<Phase> &pipelinePhases();

/// Index of the first phase to run on a module whose last completed phase is
/// `completed` ("import" or a phase name); -1 if the name is unknown.
int firstPhaseAfter(llvm::StringRef completed);

/// The last of the graph-level phases that compress the model (folding, pruning, sparsity):
/// `--emit onnx` exports the module after it.
inline constexpr const char *kLastCompressionPhase = "edge-sparsify";

/// Module attribute naming the last phase a module went through.
inline constexpr const char *kCompletedPhaseAttr = "edgec.completed_phase";

} // namespace edgec

#endif
