// Choosing a patch stage for --patch and --arena-limit.
#include "tools/edgec/PatchSearch.h"
#include "compiler/dialect/Kernel/KernelDialect.h"
#include "compiler/support/ByteSize.h"
#include "passes/Passes.h"
#include "targets/emit/ReportWriter.h"

#include "mlir/Pass/PassManager.h"

#include <spdlog/spdlog.h>

using namespace mlir;

namespace edgec {

std::optional<PatchRequest> parsePatch(const std::string &text) {
  PatchRequest r;
  char x = 0;
  char rest = 0;
  if (std::sscanf(text.c_str(), "%ld%c%ld%c", &r.layers, &x, &r.grid, &rest) != 3 || x != 'x' || r.layers < 2 ||
      r.layers > 64 || r.grid < 1 || r.grid > 64)
    return std::nullopt;
  return r;
}

namespace {

struct Trial {
  int64_t layers = 0, grid = 0, arena = 0, lowerBound = 0, recomputeMacs = 0;
  bool patched = false;
};

/// Plans a copy of `module` with the stage (layers x grid; 0 layers: none).
std::optional<Trial> plan(ModuleOp module, int64_t layers, int64_t grid) {
  OwningOpRef<ModuleOp> copy(module.clone());
  Builder b(module.getContext());
  if (layers > 0)
    (*copy)->setAttr("edgec.patch", b.getDictionaryAttr({b.getNamedAttr("layers", b.getI64IntegerAttr(layers)),
                                                         b.getNamedAttr("grid", b.getI64IntegerAttr(grid))}));
  PassManager pm(module.getContext());
  pm.addPass(createKernelPatchStages());
  pm.addPass(createKernelPlanMemory());
  if (failed(pm.run(*copy)))
    return std::nullopt;
  Trial t{layers, grid};
  t.arena = (*copy)->getAttrOfType<IntegerAttr>("edgec.arena_bytes").getInt();
  t.lowerBound = (*copy)->getAttrOfType<IntegerAttr>("edgec.lower_bound_bytes").getInt();
  copy->walk([&](kernel::PatchStageOp stage) {
    t.patched = true;
    t.recomputeMacs += patchRecomputeMacs(stage);
  });
  return t;
}

} // namespace

LogicalResult choosePatching(ModuleOp module, const PatchRequest &request) {
  Builder b(module.getContext());
  std::optional<Trial> plain = plan(module, 0, 0);
  if (!plain)
    return failure();
  module->setAttr("edgec.layerwise_lower_bound_bytes", b.getI64IntegerAttr(plain->lowerBound));
  auto choose = [&](int64_t layers, int64_t grid) {
    module->setAttr("edgec.patch", b.getDictionaryAttr({b.getNamedAttr("layers", b.getI64IntegerAttr(layers)),
                                                        b.getNamedAttr("grid", b.getI64IntegerAttr(grid))}));
  };
  if (request.layers > 0) {
    choose(request.layers, request.grid);
    return success();
  }
  if (request.arenaLimit <= 0 || plain->arena <= request.arenaLimit)
    return success();
  // The smallest arenas come from long stages in fine grids, the least recomputation from
  // short stages in coarse ones: try them all (each a plan of a copy: milliseconds).
  std::optional<Trial> best, smallest;
  for (int64_t layers = 2; layers <= 12; ++layers)
    for (int64_t grid = 2; grid <= 8; ++grid) {
      std::optional<Trial> t = plan(module, layers, grid);
      if (!t || !t->patched)
        continue;
      spdlog::debug("patch {}x{}: arena {} bytes, {} MACs recomputed", layers, grid, t->arena, t->recomputeMacs);
      if (!smallest || t->arena < smallest->arena)
        smallest = t;
      if (t->arena <= request.arenaLimit &&
          (!best || t->recomputeMacs < best->recomputeMacs ||
           (t->recomputeMacs == best->recomputeMacs && t->arena < best->arena)))
        best = t;
    }
  if (!best) {
    std::string reach = smallest ? "the smallest with patching is " + describeBytes(smallest->arena) + " (--patch " +
                                       std::to_string(smallest->layers) + "x" + std::to_string(smallest->grid) + ")"
                                 : "patching cannot help: the schedule has no chain of spatial kernels to patch";
    module.emitError() << "the arena does not fit --arena-limit " << describeBytes(request.arenaLimit)
                       << ": it needs " << describeBytes(plain->arena) << " without patching (the layer-wise "
                       << "lower bound is " << describeBytes(plain->lowerBound) << "); " << reach;
    return failure();
  }
  spdlog::info("patching the first {} kernels in {}x{} patches: arena {} -> {} bytes ({} MACs recomputed)",
               best->layers, best->grid, best->grid, plain->arena, best->arena, best->recomputeMacs);
  choose(best->layers, best->grid);
  return success();
}

} // namespace edgec
