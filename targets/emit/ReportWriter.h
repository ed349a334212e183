// report.json: per kernel call (name, op, kernel, dtype, macs, params, bytes) and the memory plan.
#ifndef EDGEC_TARGETS_EMIT_REPORTWRITER_H
#define EDGEC_TARGETS_EMIT_REPORTWRITER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace edgec {

/// The report for the kernel-level function `func` of `module`, as pretty JSON.
std::string writeReport(mlir::ModuleOp module, mlir::func::FuncOp func, const std::string &name);

} // namespace edgec

#endif
