// How much arena and weight memory a compile may plan, and the refusal when a model needs more.
#include "tools/edgec/MemoryLimits.h"
#include "compiler/support/ByteSize.h"
#include "compiler/support/MemoryPools.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <spdlog/spdlog.h>

using namespace mlir;

#include <algorithm>

namespace edgec {

// Targets that do not say: far beyond any edge device, yet refuses absurd models.
static constexpr int64_t kDefaultLimitBytes = int64_t(2) << 30;

std::string MemoryLimits::hint() const {
  if (fromFlag)
    return "";
  return boardOptions.empty() ? " (raise it with --max-memory)"
                              : " (give the board more with --target-opt " + boardOptions + ", or raise it with --max-memory)";
}

MemoryLimits memoryLimits(DictionaryAttr target, int64_t maxMemory) {
  if (maxMemory > 0)
    return {maxMemory, maxMemory, "set by --max-memory", true};
  auto get = [&](StringRef key) {
    auto value = target ? target.getAs<IntegerAttr>(key) : IntegerAttr();
    return value && value.getInt() > 0 ? value.getInt() : kDefaultLimitBytes;
  };
  auto name = target ? target.getAs<StringAttr>("name") : StringAttr();
  std::string source = "for target '" + (name ? name.getValue().str() : std::string("?")) + "'";
  // A board's flash holds its weights: "flash_bytes" (--target-opt flash_bytes=2M) bounds them too.
  int64_t weights = get("max_weights_bytes");
  std::string board;
  if (auto flash = target ? target.getAs<IntegerAttr>("flash_bytes") : IntegerAttr(); flash && flash.getInt() > 0) {
    weights = std::min(weights, flash.getInt());
    board = "flash_bytes=SIZE";
  }
  // Without "max_arena_bytes", the arena is bounded by the memory pools the target has.
  int64_t arena = get("max_arena_bytes");
  if (target && target.get("pools") && !target.get("max_arena_bytes")) {
    std::string pools;
    int64_t total = 0;
    for (const MemoryPool &pool : targetPools(target)) {
      total += pool.capacity;
      pools += pool.name + "=SIZE,";
    }
    board = pools + board;
    if (!board.empty() && board.back() == ',')
      board.pop_back();
    if (total > 0)
      arena = std::min(arena, total);
  }
  return {arena, weights, source, false, board};
}

/// Each memory pool's arena within the capacity the target gives it (the planner fills the
/// faster pools only as far as they fit, so only the slowest can overflow).
static bool checkPools(ModuleOp module) {
  auto pools = module->getAttrOfType<ArrayAttr>("edgec.pools");
  if (!pools)
    return true;
  for (auto pool : pools.getAsRange<DictionaryAttr>()) {
    auto name = pool.getAs<StringAttr>("name");
    auto bytes = pool.getAs<IntegerAttr>("bytes"), capacity = pool.getAs<IntegerAttr>("capacity");
    if (!name || !bytes || !capacity || bytes.getInt() <= capacity.getInt())
      continue;
    auto bound = module->getAttrOfType<IntegerAttr>("edgec.lower_bound_bytes");
    spdlog::error("error: the model needs {} in memory pool '{}' but the target gives it {} (the live tensors "
                  "alone need {} at the busiest call); give the pool more with --target-opt {}=SIZE",
                  describeBytes(bytes.getInt()), name.getValue().str(), describeBytes(capacity.getInt()),
                  describeBytes(bound ? bound.getInt() : 0), name.getValue().str());
    return false;
  }
  return true;
}

bool checkMemoryLimits(ModuleOp module, const MemoryLimits &limits) {
  auto read = [&](StringRef key) {
    auto value = module->getAttrOfType<IntegerAttr>(key);
    return value ? value.getInt() : 0;
  };
  int64_t arena = read("edgec.arena_bytes"), weights = read("edgec.weights_bytes");
  if (arena <= limits.arenaBytes && weights <= limits.weightsBytes)
    return limits.fromFlag || checkPools(module);
  std::string limit = limits.arenaBytes == limits.weightsBytes
                          ? humanBytes(limits.arenaBytes) + " each"
                          : humanBytes(limits.arenaBytes) + " of arena and " +
                                humanBytes(limits.weightsBytes) + " of weights";
  spdlog::error("error: the model needs an arena of {} and {} of weights; the limit {} is {}{}",
                describeBytes(arena), describeBytes(weights), limits.source, limit, limits.hint());
  return false;
}

} // namespace edgec
