// kernel-select-impl: the target's kernel variants (`edgec.target`'s kernels.impls) in place
// of the reference kernels, with the variant's name on each call it replaces.
#include "passes/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_KERNELSELECTIMPL
#include "passes/Passes.h.inc"

namespace {

struct KernelSelectImplPass : impl::KernelSelectImplBase<KernelSelectImplPass> {
  using KernelSelectImplBase::KernelSelectImplBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto target = module->getAttrOfType<DictionaryAttr>("edgec.target");
    auto kernels = target ? target.getAs<DictionaryAttr>("kernels") : DictionaryAttr();
    auto impls = kernels ? kernels.getAs<DictionaryAttr>("impls") : DictionaryAttr();
    auto variant = kernels ? kernels.getAs<StringAttr>("variant") : StringAttr();
    if (!impls || !variant)
      return;
    module.walk([&](Operation *op) {
      auto impl = op->getAttrOfType<StringAttr>("impl");
      if (!impl)
        return;
      auto entry = impls.getAs<DictionaryAttr>(impl.getValue());
      auto name = entry ? entry.getAs<StringAttr>("name") : StringAttr();
      if (!name)
        return;
      op->setAttr("impl", name);
      op->setAttr("edgec.variant", variant);
    });
  }
};

} // namespace
} // namespace edgec
