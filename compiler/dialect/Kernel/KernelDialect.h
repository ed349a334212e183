// The kernel dialect: kernel calls on buffers (see KernelOps.td).
#ifndef EDGEC_COMPILER_DIALECT_KERNEL_KERNELDIALECT_H
#define EDGEC_COMPILER_DIALECT_KERNEL_KERNELDIALECT_H

#include "compiler/dialect/Edge/EdgeDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include "compiler/dialect/Kernel/KernelDialect.h.inc"
#define GET_OP_CLASSES
#include "compiler/dialect/Kernel/KernelOps.h.inc"

namespace edgec::kernel {
/// A kernel call: any kernel op but the views, placements and patch stages, which run no
/// kernel themselves (a patch stage's body holds the calls).
inline bool isKernelCall(::mlir::Operation *op) {
  return ::mlir::isa<KernelDialect>(op->getDialect()) && !::mlir::isa<ReshapeOp, BufferOp, PatchStageOp>(op);
}
} // namespace edgec::kernel

#endif
