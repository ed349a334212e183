// kernel-elide-concat: producers write straight into their slice of a concat's output, so the
// concat copies nothing (and disappears when every input is written that way).
#include "passes/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_KERNELELIDECONCAT
#include "passes/Passes.h.inc"

namespace {

/// Kernels that write their output with any pixel stride: the stride-taking variant.
StringRef stridedVariant(Operation *op) {
  auto impl = op->getAttrOfType<StringAttr>("impl");
  if (impl && impl.getValue() == "edgec_conv_panel_f32")
    return "edgec_conv_panel_strided_f32";
  return {};
}

/// The kernel call that writes `alloc` as its last operand and reads it nowhere else, when
/// `alloc`'s only other user is `concat` (the concat, or a view only the concat reads), once.
/// Null otherwise.
Operation *soleProducer(memref::AllocOp alloc, Operation *concat) {
  Operation *producer = nullptr;
  int concatUses = 0;
  for (OpOperand &use : alloc->getUses()) {
    Operation *user = use.getOwner();
    if (user == concat) {
      ++concatUses;
      continue;
    }
    if (producer || !kernel::isKernelCall(user) || use.getOperandNumber() + 1 != user->getNumOperands())
      return nullptr;
    producer = user;
  }
  if (!producer || concatUses != 1 || producer->getBlock() != concat->getBlock() ||
      !producer->isBeforeInBlock(concat))
    return nullptr;
  return producer;
}

struct KernelElideConcatPass : impl::KernelElideConcatBase<KernelElideConcatPass> {
  using KernelElideConcatBase::KernelElideConcatBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    int64_t elided = 0, removed = 0;
    SmallVector<kernel::ConcatOp> concats;
    module.walk([&](kernel::ConcatOp c) {
      if (isa<func::FuncOp>(c->getParentOp()))
        concats.push_back(c);
    });
    for (kernel::ConcatOp concat : concats) {
      auto outAlloc = concat.getOutput().getDefiningOp<memref::AllocOp>();
      auto outType = cast<MemRefType>(concat.getOutput().getType());
      if (!outAlloc || !outType.hasStaticShape())
        continue;
      const int64_t axis = concat.getAxis(), rank = outType.getRank();
      // Outside the concat axis every input spans the whole output, so input j's slice is
      // contiguous exactly when all dims before the axis have extent 1.
      bool contiguous = true;
      for (int64_t d = 0; d < axis; ++d)
        contiguous = contiguous && outType.getShape()[d] == 1;
      int64_t start = 0;
      for (Value input : concat.getInputs()) {
        auto inType = cast<MemRefType>(input.getType());
        const int64_t begin = start;
        start += inType.getShape()[axis];
        // The input itself, or (contiguous slices only) a reshape view of it that only the
        // concat reads, as layout changes of 1x1 maps leave them.
        auto view = input.getDefiningOp<kernel::ReshapeOp>();
        if (view && (!contiguous || !view->hasOneUse()))
          continue;
        auto alloc = (view ? view.getInput() : input).getDefiningOp<memref::AllocOp>();
        Operation *producer = alloc ? soleProducer(alloc, view ? view.getOperation() : concat.getOperation()) : nullptr;
        if (!producer)
          continue;
        // A strided slice needs a kernel that writes with the output's pixel stride (channel
        // concat: the last axis); a contiguous one takes any kernel.
        StringRef strided = contiguous ? StringRef() : stridedVariant(producer);
        if (!contiguous && (strided.empty() || axis != rank - 1))
          continue;
        if (outAlloc->getBlock() == producer->getBlock() && producer->isBeforeInBlock(outAlloc))
          outAlloc->moveBefore(producer);
        OpBuilder b(producer);
        SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
        offsets[axis] = begin;
        auto slice = b.create<memref::SubViewOp>(alloc.getLoc(), outAlloc.getResult(), offsets, inType.getShape(),
                                                 strides);
        if (view) {
          // The producer writes the slice in its own shape, through a view of it.
          auto producerView = b.create<kernel::ReshapeOp>(view.getLoc(), alloc.getType(), slice.getResult());
          alloc.getResult().replaceAllUsesWith(producerView.getResult());
          view.getOutput().replaceAllUsesWith(slice.getResult());
          view.erase();
        } else {
          alloc.getResult().replaceAllUsesWith(slice.getResult());
        }
        alloc.erase();
        if (!strided.empty())
          producer->setAttr("impl", b.getStringAttr(strided));
        ++elided;
      }
      // Every input written in place: nothing left to copy.
      if (llvm::all_of(concat.getInputs(), [&](Value v) {
            auto slice = v.getDefiningOp<memref::SubViewOp>();
            return slice && slice.getSource() == concat.getOutput();
          })) {
        concat.erase();
        ++removed;
      }
    }
    Builder b(module.getContext());
    module->setAttr("edgec.concat_inputs_elided", b.getI64IntegerAttr(elided));
    module->setAttr("edgec.concats_removed", b.getI64IntegerAttr(removed));
  }
};

} // namespace
} // namespace edgec
