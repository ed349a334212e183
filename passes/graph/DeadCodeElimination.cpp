// edge-dce: erase side-effect-free ops whose results are unused, last op first (no recursion).
#include "passes/Passes.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace edgec {
#define GEN_PASS_DEF_EDGEDCE
#include "passes/Passes.h.inc"

namespace {
struct EdgeDCEPass : impl::EdgeDCEBase<EdgeDCEPass> {
  void runOnOperation() override {
    getOperation().walk([](mlir::func::FuncOp func) {
      for (mlir::Block &block : func.getBody()) {
        // Reverse order: a use is always seen before its producer, so one sweep suffices.
        for (mlir::Operation &op : llvm::make_early_inc_range(llvm::reverse(block)))
          if (op.use_empty() && mlir::isMemoryEffectFree(&op) &&
              !op.hasTrait<mlir::OpTrait::IsTerminator>())
            op.erase();
      }
    });
  }
};
} // namespace
} // namespace edgec
