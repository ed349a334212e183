// The memory pools of a resolved target description (`edgec.target`'s "pools"): where the
// planner may place tensors, each pool one static arena in the generated code.
#ifndef EDGEC_COMPILER_SUPPORT_MEMORYPOOLS_H
#define EDGEC_COMPILER_SUPPORT_MEMORYPOOLS_H

#include "mlir/IR/BuiltinAttributes.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgec {

struct MemoryPool {
  std::string name;     // a C identifier: names the static arena in generated code
  int64_t capacity = 0; // bytes
  double speed = 1;     // relative: higher is faster
  std::string section;  // linker section for its static arena ("" = the default)
};

/// The pools of a target description, fastest first (ties keep the file's order).
/// A missing description or pool list gives one unbounded pool named "arena".
std::vector<MemoryPool> targetPools(mlir::DictionaryAttr target);

} // namespace edgec

#endif
