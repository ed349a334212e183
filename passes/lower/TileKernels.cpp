// kernel-tile: cache tiles for the float conv kernels from the target's L1/L2 sizes and
// vector width (`edgec.target`), as `tile = array<i64: OC, PIXELS>` on kernel.conv.
#include "passes/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <algorithm>
#include <numeric>

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_KERNELTILE
#include "passes/Passes.h.inc"

namespace {

int64_t targetInt(DictionaryAttr dict, StringRef key, int64_t fallback) {
  auto v = dict ? dict.getAs<IntegerAttr>(key) : IntegerAttr();
  return v && v.getInt() > 0 ? v.getInt() : fallback;
}

struct KernelTilePass : impl::KernelTileBase<KernelTilePass> {
  using KernelTileBase::KernelTileBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto target = module->getAttrOfType<DictionaryAttr>("edgec.target");
    auto caches = target ? target.getAs<DictionaryAttr>("caches") : DictionaryAttr();
    const int64_t l2 = targetInt(caches, "l2", 1024 * 1024);
    // Channel blocks: whole 4-channel register tiles and whole vectors of floats.
    const int64_t lanes = std::max<int64_t>(1, targetInt(target, "vector_bits", 128) / 32);
    const int64_t step = std::lcm<int64_t>(4, lanes);
    module.walk([&](kernel::ConvOp op) {
      op->removeAttr("tile");
      StringRef impl = op.getImpl();
      if (impl != "edgec_conv_f32" && impl != "edgec_conv_pointwise_f32")
        return;
      auto in = cast<MemRefType>(op.getInput().getType());
      auto out = cast<MemRefType>(op.getOutput().getType());
      auto filter = cast<MemRefType>(op.getFilter().getType());
      if (!in.getElementType().isF32() || !in.hasStaticShape() || !out.hasStaticShape() || in.getRank() < 3)
        return;
      const int64_t groups = op.getGroup(), cin = in.getShape().back(), cout = out.getShape().back();
      if (groups <= 0 || cin % groups || cout % groups)
        return;
      const int64_t og = cout / groups;
      // The untiled kernel keeps a pixel pair's input in L1 and streams every filter of the
      // group past it: fine while the filters stay in L2 (measured: L1-sized channel blocks,
      // and L2-sized ones for filters between half and all of L2, only re-read the input
      // and were slower). When the filters exceed L2, channel blocks of half of L2 keep
      // them there.
      const int64_t perOc = filter.getNumElements() / cout * 4;
      if (og * perOc <= l2)
        return;
      int64_t oc = (l2 / 2) / std::max<int64_t>(perOc, 1) / step * step;
      oc = std::max(oc, step);
      if (oc >= og)
        return;
      // Equal blocks rather than full ones and a remainder.
      const int64_t blocks = (og + oc - 1) / oc;
      oc = ((og + blocks - 1) / blocks + step - 1) / step * step;
      // Pixel blocks: a block's input (its share of the image) and output fit a quarter of
      // L2 beside the filter block, so the channel blocks read them from L2 too.
      int64_t outPixels = out.getNumElements() / out.getShape()[0] / cout;
      int64_t inPixels = in.getNumElements() / in.getShape()[0] / cin;
      int64_t inPerOut = std::max<int64_t>(1, (inPixels + outPixels - 1) / outPixels);
      int64_t perPixel = (inPerOut * cin + cout) * 4;
      int64_t pixels = std::max<int64_t>(16, (l2 / 4) / perPixel) & ~int64_t(1);
      if (pixels >= outPixels)
        pixels = 0; // the whole image
      op->setAttr("tile", DenseI64ArrayAttr::get(op.getContext(), {oc, pixels}));
    });
  }
};

} // namespace
} // namespace edgec
