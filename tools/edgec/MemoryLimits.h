// How much arena and weight memory a compile may plan, and the refusal when a model needs more.
#ifndef EDGEC_TOOLS_EDGEC_MEMORYLIMITS_H
#define EDGEC_TOOLS_EDGEC_MEMORYLIMITS_H

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <string>

namespace edgec {

struct MemoryLimits {
  int64_t arenaBytes, weightsBytes;
  /// Where they come from, for messages: "for target 'host'" or "set by --max-memory".
  std::string source;
  bool fromFlag;
  /// The board's own knobs ("sram=SIZE,flash_bytes=SIZE") when its pools and flash set them.
  std::string boardOptions;
  /// How to raise them (" (raise it with --max-memory)"), unless the flag set them.
  std::string hint() const;
  /// What the importer appends when a single tensor is over the limit.
  std::string note() const { return " " + source + hint(); }
};

/// The limits of a target description (`max_arena_bytes`, `max_weights_bytes`, default
/// 2 GiB each; without them, its pools' total and `flash_bytes`), or `maxMemory` for both
/// when it is > 0 (--max-memory).
MemoryLimits memoryLimits(mlir::DictionaryAttr target, int64_t maxMemory);

/// After kernel-plan-memory: false, with one error naming the figures, when the
/// module's arena or weights exceed `limits`.
bool checkMemoryLimits(mlir::ModuleOp module, const MemoryLimits &limits);

} // namespace edgec

#endif
