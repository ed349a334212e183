// kernel-pack-filters: float conv filters repacked at compile time into panels of eight
// output channels (edgec/kernels/conv_panel.h), where the target asks for them.
#include "passes/Passes.h"

#include "compiler/support/ConstantData.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/SetVector.h"

#include <cstring>

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_KERNELPACKFILTERS
#include "passes/Passes.h.inc"

namespace {

constexpr int64_t kPanel = 8;

/// filter[oc][tap][c] (floats, little-endian bytes) in panels: panel p, of w = min(8,
/// cout - 8p) channels, starts at 8p * taps * cin and holds filter[8p + j][tap][c] at
/// (tap * cin + c) * w + j.
std::vector<char> packPanels(ArrayRef<char> bytes, int64_t cout, int64_t taps, int64_t cin) {
  std::vector<char> packed(bytes.size());
  const int64_t row = taps * cin;
  for (int64_t oc0 = 0; oc0 < cout; oc0 += kPanel) {
    const int64_t w = std::min(kPanel, cout - oc0);
    for (int64_t j = 0; j < w; ++j)
      for (int64_t k = 0; k < row; ++k)
        std::memcpy(&packed[(oc0 * row + k * w + j) * 4], &bytes[((oc0 + j) * row + k) * 4], 4);
  }
  return packed;
}

struct KernelPackFiltersPass : impl::KernelPackFiltersBase<KernelPackFiltersPass> {
  using KernelPackFiltersBase::KernelPackFiltersBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto target = module->getAttrOfType<DictionaryAttr>("edgec.target");
    auto panel = target ? target.getAs<IntegerAttr>("conv_filter_panel") : IntegerAttr();
    if (!panel || panel.getInt() != kPanel)
      return;
    SymbolTable symbols(module);
    llvm::SetVector<Operation *> oldGets, oldGlobals; // of the unpacked filters
    module.walk([&](kernel::ConvOp op) {
      StringRef impl = op.getImpl();
      if ((impl != "edgec_conv_f32" && impl != "edgec_conv_pointwise_f32") || op.getGroup() != 1)
        return;
      auto filterType = cast<MemRefType>(op.getFilter().getType());
      if (!filterType.getElementType().isF32() || !filterType.hasStaticShape() || filterType.getRank() < 3)
        return;
      const int64_t cout = filterType.getShape().front(), cin = filterType.getShape().back();
      const int64_t taps = filterType.getNumElements() / std::max<int64_t>(cout * cin, 1);
      auto get = op.getFilter().getDefiningOp<memref::GetGlobalOp>();
      auto global = get ? symbols.lookup<memref::GlobalOp>(get.getName()) : memref::GlobalOp();
      auto value = global && global.getConstant() && global.getInitialValue()
                       ? dyn_cast<ElementsAttr>(*global.getInitialValue())
                       : ElementsAttr();
      if (!value)
        return;
      std::string name = (global.getSymName() + "_panel8").str();
      if (!symbols.lookup(name)) {
        // A splat is its own packing.
        ElementsAttr packed = value;
        if (!value.isSplat())
          packed = makeConstant(cast<ShapedType>(value.getType()),
                                packPanels(getConstantBytes(value), cout, taps, cin), name);
        OpBuilder b(global);
        auto g = b.create<memref::GlobalOp>(global.getLoc(), name, global.getSymVisibilityAttr(), filterType,
                                            packed, /*constant=*/true, global.getAlignmentAttr());
        symbols.insert(g);
      }
      OpBuilder b(get);
      auto packedFilter = b.create<memref::GetGlobalOp>(get.getLoc(), filterType, name);
      op.getFilterMutable().assign(packedFilter);
      oldGets.insert(get);
      oldGlobals.insert(global);
      op.setImpl("edgec_conv_panel_f32");
      op->setAttr("filter_panel", b.getI64IntegerAttr(kPanel));
      op->removeAttr("tile"); // the panel kernel's register tiles replace the cache tiles
    });
    // The unpacked filters no conv reads any more.
    for (Operation *op : oldGets)
      if (op->use_empty())
        op->erase();
    for (Operation *op : oldGlobals)
      if (SymbolTable::symbolKnownUseEmpty(op, module))
        op->erase();
  }
};

} // namespace
} // namespace edgec
