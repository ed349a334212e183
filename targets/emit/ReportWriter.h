// report.json: per kernel call (name, op, kernel, dtype, macs, params, bytes) and the memory plan.
#ifndef EDGEC_TARGETS_EMIT_REPORTWRITER_H
#define EDGEC_TARGETS_EMIT_REPORTWRITER_H

#include "compiler/dialect/Kernel/KernelDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace edgec {

/// The MACs a patch stage computes twice: neighbouring patches' regions of its intermediate
/// kernels overlap (the halos).
int64_t patchRecomputeMacs(kernel::PatchStageOp stage);

/// The report for the kernel-level function `func` of `module`, as pretty JSON.
std::string writeReport(mlir::ModuleOp module, mlir::func::FuncOp func, const std::string &name);

} // namespace edgec

#endif
