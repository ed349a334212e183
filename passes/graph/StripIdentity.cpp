// edge-strip-identity: Identity and inference-mode Dropout forward their input.
#include "passes/Passes.h"

namespace edgec {
#define GEN_PASS_DEF_EDGESTRIPIDENTITY
#include "passes/Passes.h.inc"

namespace {
struct EdgeStripIdentityPass : impl::EdgeStripIdentityBase<EdgeStripIdentityPass> {
  void runOnOperation() override {
    getOperation().walk([](edge::IdentityOp op) {
      op.getOutput().replaceAllUsesWith(op.getInput());
      op.erase();
    });
  }
};
} // namespace
} // namespace edgec
