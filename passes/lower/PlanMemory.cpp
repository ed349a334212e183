// kernel-plan-memory: static arena offsets by liveness + greedy best fit; weight offsets in the blob.
#include "compiler/support/ConstantData.h"
#include "passes/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_KERNELPLANMEMORY
#include "passes/Passes.h.inc"

namespace {

int64_t alignTo(int64_t v, int64_t a) { return (v + a - 1) / a * a; }

/// A buffer to place: its size and the span of kernel calls that touch it.
struct Interval {
  memref::AllocOp alloc;
  int64_t size = 0, first = INT64_MAX, last = -1, offset = -1;
};

/// A kernel call is any kernel op but the views and placements, which run no code.
bool isKernelCall(Operation *op) {
  return isa<kernel::KernelDialect>(op->getDialect()) &&
         !isa<kernel::ReshapeOp, kernel::BufferOp>(op);
}

struct KernelPlanMemoryPass : impl::KernelPlanMemoryBase<KernelPlanMemoryPass> {
  using KernelPlanMemoryBase::KernelPlanMemoryBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (alignment < 1 || (alignment & (alignment - 1))) {
      module.emitError() << "alignment must be a power of two, got " << alignment.getValue();
      return signalPassFailure();
    }
    int64_t arena = 0, lowerBound = 0;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      auto [a, lb] = planFunction(func);
      arena = std::max(arena, a);
      lowerBound = std::max(lowerBound, lb);
    }
    planWeights(module);
    Builder b(module.getContext());
    module->setAttr("edgec.arena_bytes", b.getI64IntegerAttr(arena));
    module->setAttr("edgec.lower_bound_bytes", b.getI64IntegerAttr(lowerBound));
  }

  std::pair<int64_t, int64_t> planFunction(func::FuncOp func) {
    // Liveness: the root buffer of every value (views resolve to their source).
    std::vector<Interval> intervals;
    DenseMap<Value, size_t> rootOf;
    int64_t callIndex = 0;
    func.walk([&](Operation *op) {
      if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        rootOf[alloc.getResult()] = intervals.size();
        intervals.push_back({alloc, alignTo(byteSizeOf(alloc.getType()), alignment)});
      } else if (auto view = dyn_cast<kernel::ReshapeOp>(op)) {
        auto it = rootOf.find(view.getInput());
        if (it != rootOf.end())
          rootOf[view.getOutput()] = it->second;
      } else if (isKernelCall(op)) {
        for (Value v : op->getOperands()) {
          auto it = rootOf.find(v);
          if (it == rootOf.end())
            continue;
          Interval &iv = intervals[it->second];
          iv.first = std::min(iv.first, callIndex);
          iv.last = std::max(iv.last, callIndex);
        }
        ++callIndex;
      }
    });
    // Lower bound: the most bytes live at any one call.
    std::vector<int64_t> delta(callIndex + 2, 0);
    for (Interval &iv : intervals) {
      if (iv.last < 0) { // never touched by a call: give it a one-call life at its position
        iv.first = iv.last = 0;
      }
      delta[iv.first] += iv.size;
      delta[iv.last + 1] -= iv.size;
    }
    int64_t lowerBound = 0, running = 0;
    for (int64_t d : delta)
      lowerBound = std::max(lowerBound, running += d);

    // Greedy by size (largest first, then earliest), each into the tightest gap.
    std::vector<size_t> order(intervals.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      if (intervals[a].size != intervals[b].size)
        return intervals[a].size > intervals[b].size;
      return intervals[a].first < intervals[b].first;
    });
    std::vector<size_t> placed;
    int64_t arena = 0;
    for (size_t idx : order) {
      Interval &iv = intervals[idx];
      std::vector<std::pair<int64_t, int64_t>> busy;
      for (size_t p : placed) {
        const Interval &o = intervals[p];
        if (o.first <= iv.last && iv.first <= o.last)
          busy.push_back({o.offset, o.offset + o.size});
      }
      std::sort(busy.begin(), busy.end());
      int64_t best = -1, bestGap = INT64_MAX, cursor = 0;
      for (auto [begin, end] : busy) {
        if (begin - cursor >= iv.size && begin - cursor < bestGap) {
          best = cursor;
          bestGap = begin - cursor;
        }
        cursor = std::max(cursor, end);
      }
      iv.offset = best >= 0 ? best : cursor;
      arena = std::max(arena, iv.offset + iv.size);
      placed.push_back(idx);
    }

    for (Interval &iv : intervals) {
      OpBuilder b(iv.alloc);
      auto buffer = b.create<kernel::BufferOp>(iv.alloc.getLoc(), iv.alloc.getType(), "arena",
                                               iv.offset);
      buffer->setAttr("live", b.getDenseI64ArrayAttr({iv.first, iv.last}));
      iv.alloc.getResult().replaceAllUsesWith(buffer.getResult());
      iv.alloc.erase();
    }
    return {arena, lowerBound};
  }

  void planWeights(ModuleOp module) {
    Builder b(module.getContext());
    int64_t offset = 0;
    for (auto global : module.getOps<memref::GlobalOp>()) {
      global->setAttr("edgec.offset", b.getI64IntegerAttr(offset));
      offset = alignTo(offset + byteSizeOf(global.getType()), alignment);
    }
    module->setAttr("edgec.weights_bytes", b.getI64IntegerAttr(offset));
  }
};
} // namespace
} // namespace edgec
