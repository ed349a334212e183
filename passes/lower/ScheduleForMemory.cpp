// kernel-schedule-memory: where the graph has independent branches, a call order that keeps
// fewer buffers alive at once (a smaller peak), kept only when it beats the imported order. The
// calls of each side of a run-time If (BranchGuards.h) stay together, after the condition, so
// that the emitter wraps them in one `if`.
#include "passes/Passes.h"

#include "compiler/support/ConstantData.h"
#include "passes/lower/ArenaPlanner.h"
#include "passes/lower/BranchGuards.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <map>

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_KERNELSCHEDULEMEMORY
#include "passes/Passes.h.inc"

namespace {

struct Call {
  Operation *op;
  SmallVector<Value> reads, writes; // roots
  SmallVector<size_t> preds;        // calls that must run first
  size_t waiting = 0;               // preds not yet scheduled
  SmallVector<size_t> succs;
  std::optional<BranchGuard> guard;
};

/// Peak of the bytes of arena buffers (allocs) live at once for the calls in `order`: a
/// buffer lives from the first call that touches it to the last; the two sides of a run-time
/// If count as alternatives (`sideOf`).
int64_t peakOf(const std::vector<Call> &calls, const std::vector<size_t> &order,
               const DenseMap<Value, int64_t> &sizeOf, const DenseMap<Value, BufferSide> &sideOf) {
  DenseMap<Value, size_t> index; // buffer -> its entry in `buffers`
  std::vector<PlanBuffer> buffers;
  for (size_t step = 0; step < order.size(); ++step) {
    const Call &c = calls[order[step]];
    for (const auto &list : {c.reads, c.writes})
      for (Value v : list) {
        if (!sizeOf.count(v))
          continue;
        auto [it, inserted] = index.try_emplace(v, buffers.size());
        if (inserted)
          buffers.push_back({sizeOf.lookup(v), static_cast<int64_t>(step), static_cast<int64_t>(step), 0,
                             sideOf.lookup(v).alternative()});
        buffers[it->second].last = static_cast<int64_t>(step);
      }
  }
  return liveLowerBound(buffers);
}

struct KernelScheduleMemoryPass : impl::KernelScheduleMemoryBase<KernelScheduleMemoryPass> {
  using KernelScheduleMemoryBase::KernelScheduleMemoryBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    Builder b(module.getContext());
    int64_t before = 0, after = 0;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      auto [peakBefore, peakAfter] = schedule(func);
      before = std::max(before, peakBefore);
      after = std::max(after, peakAfter);
    }
    module->setAttr("edgec.schedule_peak", b.getDenseI64ArrayAttr({before, after}));
  }

  /// Reorders `func`'s calls when a greedy order lowers the peak; returns the peaks of the
  /// imported order and of the order kept.
  std::pair<int64_t, int64_t> schedule(func::FuncOp func) {
    Block &body = func.getBody().front();
    markBranchGuards(body);
    std::vector<Call> calls;
    DenseMap<Value, int64_t> sizeOf; // arena buffers
    for (Operation &op : body) {
      if (isa<kernel::PatchStageOp>(op))
        return {0, 0}; // patching already fixed this part of the schedule
      if (auto alloc = dyn_cast<memref::AllocOp>(op))
        sizeOf[alloc.getResult()] = byteSizeOf(alloc.getType());
      if (!kernel::isKernelCall(&op))
        continue;
      Call c{&op, {}, {}, {}, 0, {}, guardOf(&op)};
      auto effects = dyn_cast<MemoryEffectOpInterface>(&op);
      if (!effects)
        return {0, 0};
      SmallVector<MemoryEffects::EffectInstance> list;
      effects.getEffects(list);
      for (auto &e : list) {
        if (!e.getValue())
          return {0, 0}; // an effect on something other than a buffer: keep the order
        Value root = kernel::viewSource(e.getValue());
        if (isa<MemoryEffects::Write>(e.getEffect()))
          c.writes.push_back(root);
        else if (isa<MemoryEffects::Read>(e.getEffect()))
          c.reads.push_back(root);
      }
      calls.push_back(std::move(c));
    }
    DenseMap<Value, BufferSide> sideOf;
    for (const Call &c : calls)
      for (auto [index, v] : llvm::enumerate(c.op->getOperands()))
        if (sizeOf.count(kernel::viewSource(v)))
          sideOf[kernel::viewSource(v)].touchedBy(c.op, index);
    // Dependencies in the imported order: a read after the last write of its buffer, a
    // write after that write and after every read since.
    DenseMap<Value, size_t> lastWrite;
    std::map<int64_t, size_t> conditionWriter; // per run-time If
    DenseMap<Value, SmallVector<size_t>> readsSince;
    for (size_t i = 0; i < calls.size(); ++i) {
      Call &c = calls[i];
      auto need = [&](size_t p) {
        if (p != i && !llvm::is_contained(c.preds, p))
          c.preds.push_back(p);
      };
      for (Value v : c.reads)
        if (auto it = lastWrite.find(v); it != lastWrite.end())
          need(it->second);
      if (auto join = c.op->getAttrOfType<IntegerAttr>("edgec.branch_join"))
        if (auto it = lastWrite.find(kernel::viewSource(c.op->getOperand(0))); it != lastWrite.end())
          conditionWriter[join.getInt()] = it->second;
      for (Value v : c.writes) {
        if (auto it = lastWrite.find(v); it != lastWrite.end())
          need(it->second);
        for (size_t r : readsSince[v])
          need(r);
      }
      for (Value v : c.reads)
        readsSince[v].push_back(i);
      for (Value v : c.writes) {
        lastWrite[v] = i;
        readsSince[v].clear();
      }
    }
    keepSidesTogether(calls, conditionWriter);
    for (size_t i = 0; i < calls.size(); ++i) {
      calls[i].waiting = calls[i].preds.size();
      for (size_t p : calls[i].preds)
        calls[p].succs.push_back(i);
    }
    // Accesses left per buffer: it is freed when the last one runs.
    DenseMap<Value, int64_t> accessesLeft;
    for (const Call &c : calls)
      for (const auto &list : {c.reads, c.writes})
        for (Value v : list)
          if (sizeOf.count(v))
            ++accessesLeft[v];
    // Greedy: among the ready calls, the one that adds the fewest live bytes (new buffers it
    // starts minus buffers it finishes), ties to the imported order.
    std::vector<size_t> imported(calls.size()), order;
    for (size_t i = 0; i < calls.size(); ++i)
      imported[i] = i;
    DenseMap<Value, bool> started;
    std::vector<size_t> ready;
    for (size_t i = 0; i < calls.size(); ++i)
      if (calls[i].waiting == 0)
        ready.push_back(i);
    while (!ready.empty()) {
      auto cost = [&](size_t i) {
        int64_t grow = 0;
        DenseMap<Value, int64_t> uses;
        for (const auto &list : {calls[i].reads, calls[i].writes})
          for (Value v : list)
            if (sizeOf.count(v))
              ++uses[v];
        for (auto &[v, n] : uses) {
          if (!started.lookup(v))
            grow += sizeOf.lookup(v);
          if (accessesLeft.lookup(v) == n)
            grow -= sizeOf.lookup(v);
        }
        return grow;
      };
      // An If's side once begun runs to its end, and its other side follows it.
      std::optional<BranchGuard> open = order.empty() ? std::nullopt : calls[order.back()].guard;
      auto rank = [&](size_t i) {
        const std::optional<BranchGuard> &g = calls[i].guard;
        return g && open && *g == *open ? 0 : g && open && g->join == open->join ? 1 : 2;
      };
      auto best = std::min_element(ready.begin(), ready.end(), [&](size_t a, size_t b) {
        if (rank(a) != rank(b))
          return rank(a) < rank(b);
        int64_t ca = cost(a), cb = cost(b);
        return ca != cb ? ca < cb : a < b;
      });
      size_t i = *best;
      ready.erase(best);
      order.push_back(i);
      for (const auto &list : {calls[i].reads, calls[i].writes})
        for (Value v : list)
          if (sizeOf.count(v)) {
            started[v] = true;
            --accessesLeft[v];
          }
      for (size_t s : calls[i].succs)
        if (--calls[s].waiting == 0)
          ready.push_back(s);
    }
    const int64_t peakBefore = peakOf(calls, imported, sizeOf, sideOf);
    if (order.size() != calls.size())
      return {peakBefore, peakBefore};
    const int64_t peakAfter = peakOf(calls, order, sizeOf, sideOf);
    // With run-time Ifs, an order as good also keeps each side in one piece (one `if` block).
    bool sides = llvm::any_of(calls, [](const Call &c) { return c.guard.has_value(); });
    if (peakAfter > peakBefore || (peakAfter == peakBefore && !sides))
      return {peakBefore, peakBefore};
    // Buffers, views and weights first (they depend only on each other, in their order),
    // then the calls in the new order, then the return.
    Operation *terminator = body.getTerminator();
    SmallVector<Operation *> others;
    for (Operation &op : body)
      if (&op != terminator && !kernel::isKernelCall(&op))
        others.push_back(&op);
    for (Operation *op : others)
      op->moveBefore(terminator);
    for (size_t i : order)
      calls[i].op->moveBefore(terminator);
    markBranchGuards(body);
    return {peakBefore, peakAfter};
  }

  /// Each side of a run-time If runs as one piece: every call of it waits for what any call of
  /// it needs from outside, and for the condition.
  static void keepSidesTogether(std::vector<Call> &calls, const std::map<int64_t, size_t> &conditionWriter) {
    std::map<int64_t, SmallVector<size_t>> members; // per side (BranchGuard::alternative)
    for (size_t i = 0; i < calls.size(); ++i)
      if (calls[i].guard)
        members[calls[i].guard->alternative()].push_back(i);
    for (auto &[side, list] : members) {
      SmallVector<size_t> needs;
      if (auto it = conditionWriter.find(side / 2); it != conditionWriter.end())
        needs.push_back(it->second);
      for (size_t m : list)
        for (size_t p : calls[m].preds)
          if (!calls[p].guard || calls[p].guard->alternative() != side)
            if (!llvm::is_contained(needs, p))
              needs.push_back(p);
      for (size_t m : list)
        for (size_t p : needs)
          if (!llvm::is_contained(calls[m].preds, p))
            calls[m].preds.push_back(p);
    }
  }
};

} // namespace
} // namespace edgec
