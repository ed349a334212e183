// edgec-opt: every edgec dialect and pass behind MLIR's standard opt driver, for lit tests and debugging.
#include "compiler/dialect/Kernel/KernelDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<edgec::edge::EdgeDialect, edgec::kernel::KernelDialect, mlir::func::FuncDialect,
                  mlir::memref::MemRefDialect, mlir::quant::QuantizationDialect>();
  edgec::registerAllPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "edgec optimizer driver\n", registry));
}
