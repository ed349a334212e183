// The state of lowering one graph function to kernel calls (shared by the float and integer parts).
#ifndef EDGEC_PASSES_LOWER_LOWERING_H
#define EDGEC_PASSES_LOWER_LOWERING_H

#include "passes/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

namespace edgec {

/// The buffer type of a tensor: same shape, quantized elements as their storage integers.
mlir::MemRefType bufferType(mlir::Value tensor);

/// Lowers one graph function: every edge op becomes kernel calls on buffers.
class Lowering {
public:
  Lowering(mlir::ModuleOp module, mlir::func::FuncOp graph)
      : module(module), graph(graph), builder(module.getContext()), symbols(module) {}

  mlir::LogicalResult run();

private:
  mlir::Value lookup(mlir::Value tensor) { return values.lookup(tensor); }
  mlir::Value destination(mlir::Value tensor);
  mlir::Value global(mlir::ElementsAttr value, mlir::Location loc);
  mlir::LogicalResult lowerOp(mlir::Operation *op);
  mlir::LogicalResult lowerBatchNorm(edge::BatchNormOp op);
  /// Ops on quantized tensors (LowerQuantized.cpp); `handled` false when `op` is not one.
  mlir::LogicalResult lowerQuantized(mlir::Operation *op, bool &handled);
  mlir::LogicalResult lowerQuantizedOp(mlir::Operation *op, bool &handled);
  /// The kernel's bias buffer: the int32 one, or for an int16 input the float bias in int64.
  mlir::FailureOr<mlir::Value> kernelBias(mlir::Value bias, mlir::Value input, mlir::Value weights);

  mlir::ModuleOp module;
  mlir::func::FuncOp graph;
  mlir::OpBuilder builder;
  mlir::SymbolTable symbols;
  mlir::func::FuncOp kernelFunc;
  mlir::IRMapping values;
  /// Output argument for the first return of each value; filled as ops are lowered.
  llvm::DenseMap<mlir::Value, unsigned> outputIndex;
  llvm::SmallVector<bool> outputWritten;
  unsigned numInputs = 0;
  unsigned globalCount = 0;
};


} // namespace edgec

#endif
