// The kernel dialect: kernel calls on buffers (see KernelOps.td).
#ifndef EDGEC_COMPILER_DIALECT_KERNEL_KERNELDIALECT_H
#define EDGEC_COMPILER_DIALECT_KERNEL_KERNELDIALECT_H

#include "compiler/dialect/Edge/EdgeDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include "compiler/dialect/Kernel/KernelDialect.h.inc"
#define GET_OP_CLASSES
#include "compiler/dialect/Kernel/KernelOps.h.inc"

#endif
