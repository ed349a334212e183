// How much arena and weight memory a compile may plan, and the refusal when a model needs more.
#include "tools/edgec/MemoryLimits.h"
#include "compiler/support/ByteSize.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <spdlog/spdlog.h>

using namespace mlir;

namespace edgec {

// Targets that do not say: far beyond any edge device, yet refuses absurd models.
static constexpr int64_t kDefaultLimitBytes = int64_t(2) << 30;

std::string MemoryLimits::hint() const { return fromFlag ? "" : " (raise it with --max-memory)"; }

MemoryLimits memoryLimits(DictionaryAttr target, int64_t maxMemory) {
  if (maxMemory > 0)
    return {maxMemory, maxMemory, "set by --max-memory", true};
  auto get = [&](StringRef key) {
    auto value = target ? target.getAs<IntegerAttr>(key) : IntegerAttr();
    return value && value.getInt() > 0 ? value.getInt() : kDefaultLimitBytes;
  };
  auto name = target ? target.getAs<StringAttr>("name") : StringAttr();
  std::string source = "for target '" + (name ? name.getValue().str() : std::string("?")) + "'";
  return {get("max_arena_bytes"), get("max_weights_bytes"), source, false};
}

bool checkMemoryLimits(ModuleOp module, const MemoryLimits &limits) {
  auto read = [&](StringRef key) {
    auto value = module->getAttrOfType<IntegerAttr>(key);
    return value ? value.getInt() : 0;
  };
  int64_t arena = read("edgec.arena_bytes"), weights = read("edgec.weights_bytes");
  if (arena <= limits.arenaBytes && weights <= limits.weightsBytes)
    return true;
  std::string limit = limits.arenaBytes == limits.weightsBytes
                          ? humanBytes(limits.arenaBytes) + " each"
                          : humanBytes(limits.arenaBytes) + " of arena and " +
                                humanBytes(limits.weightsBytes) + " of weights";
  spdlog::error("error: the model needs an arena of {} and {} of weights; the limit {} is {}{}",
                describeBytes(arena), describeBytes(weights), limits.source, limit, limits.hint());
  return false;
}

} // namespace edgec
