// The compilation pipeline as a named, ordered list of phases (dump names, resume points).
#include "passes/Pipeline.h"
#include "passes/Passes.h"

namespace edgec {

const std::vector<Phase> &pipelinePhases() {
  static const std::vector<Phase> phases = {
      {"edge-strip-identity", [] { return createEdgeStripIdentity(); }},
      {"edge-fold-constants", [] { return createEdgeFoldConstants(); }},
      {"edge-fold-batchnorm", [] { return createEdgeFoldBatchNorm(); }},
      {"edge-prune-channels", [] { return createEdgePruneChannels(); }},
      {"edge-sparsify", [] { return createEdgeSparsify(); }},
      {"edge-fuse-activations", [] { return createEdgeFuseActivations(); }},
      {"edge-to-nhwc", [] { return createEdgeToNHWC(); }},
      {"edge-prepare-quantization", [] { return createEdgePrepareQuantization(); }},
      {"edge-quantize", [] { return createEdgeQuantize(); }},
      {"edge-fold-qdq", [] { return createEdgeFoldQDQ(); }},
      {"edge-dce", [] { return createEdgeDCE(); }},
      {"edge-narrow-indices", [] { return createEdgeNarrowIndices(); }},
      {"edge-lower-to-kernel", [] { return createEdgeLowerToKernel(); }},
      {"kernel-patch-stages", [] { return createKernelPatchStages(); }},
      {"kernel-tile", [] { return createKernelTile(); }},
      {"kernel-pack-sparse", [] { return createKernelPackSparse(); }},
      {"kernel-pack-filters", [] { return createKernelPackFilters(); }},
      {"kernel-select-impl", [] { return createKernelSelectImpl(); }},
      {"kernel-elide-concat", [] { return createKernelElideConcat(); }},
      {"kernel-schedule-memory", [] { return createKernelScheduleMemory(); }},
      {"kernel-plan-memory", [] { return createKernelPlanMemory(); }},
  };
  return phases;
}

int firstPhaseAfter(llvm::StringRef completed) {
  if (completed == "import")
    return 0;
  const auto &phases = pipelinePhases();
  for (size_t i = 0; i < phases.size(); ++i)
    if (phases[i].name == completed)
      return static_cast<int>(i + 1);
  return -1;
}

} // namespace edgec
