// Writes one kernel op as a C++ call of its reference kernel, with a constant parameter struct.
#ifndef EDGEC_TARGETS_EMIT_KERNELCALLWRITER_H
#define EDGEC_TARGETS_EMIT_KERNELCALLWRITER_H

#include "mlir/IR/Operation.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <set>
#include <string>

namespace edgec {

/// C expression for the buffer behind a memref value (arena slice, weight, argument).
using BufferExpr = std::function<std::string(mlir::Value)>;

/// Appends the call for `op` to `os` and the kernel headers it needs to `headers`.
mlir::LogicalResult writeKernelCall(mlir::Operation *op, const BufferExpr &buffer,
                                    llvm::raw_ostream &os, std::set<std::string> &headers);

/// numpy-style name of an element type ("float32", "uint8", "float8e4m3fn"...).
std::string dtypeName(mlir::Type type);

} // namespace edgec

#endif
