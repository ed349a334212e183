// A tensor shape as users read it in messages and tables: 1x3x224x224, or "scalar".
#ifndef EDGEC_COMPILER_SUPPORT_SHAPESTRING_H
#define EDGEC_COMPILER_SUPPORT_SHAPESTRING_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <string>

namespace edgec {

inline std::string shapeString(llvm::ArrayRef<int64_t> dims) {
  std::string s;
  for (size_t i = 0; i < dims.size(); ++i)
    s += (i ? "x" : "") + std::to_string(dims[i]);
  return s.empty() ? "scalar" : s;
}

} // namespace edgec

#endif
