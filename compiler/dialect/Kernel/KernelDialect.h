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

/// Multiply-accumulates of a kernel call (0 for data movement).
int64_t kernelMacs(::mlir::Operation *op);

/// The buffer under a value: views (kernel.reshape, and the memref.subview slices of a
/// concat's output) resolve to their source.
inline ::mlir::Value viewSource(::mlir::Value v) {
  for (;;) {
    if (auto view = v.getDefiningOp<ReshapeOp>())
      v = view.getInput();
    else if (auto slice = v.getDefiningOp<::mlir::memref::SubViewOp>())
      v = slice.getSource();
    else
      return v;
  }
}
} // namespace edgec::kernel

#endif
