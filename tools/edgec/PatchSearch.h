// Choosing a patch stage (kernel-patch-stages) for --patch and --arena-limit: plan the kernel
// level with and without patching and keep what fits, at the least recomputation.
#ifndef EDGEC_TOOLS_EDGEC_PATCHSEARCH_H
#define EDGEC_TOOLS_EDGEC_PATCHSEARCH_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"

#include <cstdint>
#include <optional>
#include <string>

namespace edgec {

struct PatchRequest {
  int64_t layers = 0, grid = 0; // --patch LAYERSxGRID (0: not forced)
  int64_t arenaLimit = 0;       // --arena-limit in bytes (0: none)
};

/// Parses "4x3" (4 kernels in a 3x3 grid); nullopt if malformed.
std::optional<PatchRequest> parsePatch(const std::string &text);

/// On `module` at the kernel level (before kernel-patch-stages): sets `edgec.patch` to the
/// forced stage, or to the cheapest one whose arena fits the limit (none when the plain plan
/// fits), and `edgec.layerwise_lower_bound_bytes` to the un-patched lower bound. Fails with
/// the smallest arena any candidate reaches when none fits.
mlir::LogicalResult choosePatching(mlir::ModuleOp module, const PatchRequest &request);

} // namespace edgec

#endif
