// Run-time If at kernel level: marks the kernel calls only one branch of an If needs.
#include "passes/lower/BranchGuards.h"

#include "compiler/dialect/Kernel/KernelDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;

namespace edgec {

namespace {

/// A run-time If's join: a select on a one-element condition (a Where with a scalar condition
/// is one too, and gains the same saving).
bool isJoin(Operation *op) {
  auto select = dyn_cast<kernel::SelectOp>(op);
  return select && cast<MemRefType>(select.getCondition().getType()).getNumElements() == 1;
}

/// The buffers (view sources) a call writes and reads; false when an effect is on no buffer.
bool accesses(Operation *op, SmallVectorImpl<Value> &writes, SmallVectorImpl<Value> &reads) {
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (!effects)
    return false;
  SmallVector<MemoryEffects::EffectInstance> list;
  effects.getEffects(list);
  for (auto &e : list) {
    if (!e.getValue())
      return false;
    Value root = kernel::viewSource(e.getValue());
    if (isa<MemoryEffects::Write>(e.getEffect()))
      writes.push_back(root);
    else if (isa<MemoryEffects::Read>(e.getEffect()))
      reads.push_back(root);
  }
  return true;
}

} // namespace

void BufferSide::touchedBy(Operation *call, unsigned operandIndex) {
  if (call->hasAttr("edgec.branch_join") && (operandIndex == 1 || operandIndex == 2))
    return;
  std::optional<BranchGuard> guard = guardOf(call);
  int64_t a = guard ? guard->alternative() : -1;
  value = value == kUntouched || value == a ? a : -1;
}

int64_t markBranchGuards(Block &block) {
  SmallVector<Operation *> calls;
  for (Operation &op : block) {
    op.removeAttr("edgec.guard");
    op.removeAttr("edgec.branch_join");
    if (isa<kernel::PatchStageOp>(op))
      return 0; // a patch stage's schedule is fixed: no guards inside or around it
    if (kernel::isKernelCall(&op))
      calls.push_back(&op);
  }
  Builder b(block.getParentOp()->getContext());
  DenseMap<Operation *, int64_t> joinIndex;
  for (Operation *op : calls)
    if (isJoin(op)) {
      op->setAttr("edgec.branch_join", b.getI64IntegerAttr(static_cast<int64_t>(joinIndex.size())));
      joinIndex[op] = static_cast<int64_t>(joinIndex.size());
    }
  if (joinIndex.empty())
    return 0;
  std::vector<SmallVector<Value>> writes(calls.size()), reads(calls.size());
  DenseMap<Value, SmallVector<size_t>> readers;
  DenseMap<Value, size_t> lastWriter;
  // Per join: the first call after the last write of its condition (a guard reads it).
  std::vector<size_t> condReady(joinIndex.size(), 0);
  for (size_t i = 0; i < calls.size(); ++i) {
    if (!accesses(calls[i], writes[i], reads[i]))
      return 0;
    if (isJoin(calls[i])) {
      auto it = lastWriter.find(kernel::viewSource(cast<kernel::SelectOp>(calls[i]).getCondition()));
      condReady[joinIndex[calls[i]]] = it == lastWriter.end() ? 0 : it->second + 1;
    }
    for (Value v : reads[i])
      readers[v].push_back(i);
    for (Value v : writes[i])
      lastWriter[v] = i;
  }
  // Backwards: a call's readers are decided before it.
  std::vector<std::optional<BranchGuard>> guard(calls.size());
  for (size_t i = calls.size(); i-- > 0;) {
    std::optional<BranchGuard> common;
    bool agreed = true, informative = false;
    for (Value w : writes[i]) {
      if (!w.getDefiningOp<memref::AllocOp>()) {
        agreed = false; // a graph output (or a weight): always written
        break;
      }
      for (size_t r : readers.lookup(w)) {
        if (r == i)
          continue; // a buffer the call writes and reads itself (scratch)
        std::optional<BranchGuard> g = guard[r];
        if (auto join = dyn_cast<kernel::SelectOp>(calls[r]); join && isJoin(join)) {
          bool asThen = kernel::viewSource(join.getX()) == w, asElse = kernel::viewSource(join.getY()) == w,
               asCond = kernel::viewSource(join.getCondition()) == w;
          if (asThen != asElse && !asCond)
            g = BranchGuard{joinIndex[join], asThen ? 1 : 0};
        }
        informative = true;
        if (!g || (common && *common != *g)) {
          agreed = false;
          break;
        }
        common = g;
      }
      if (!agreed)
        break;
    }
    if (agreed && informative && common && i >= condReady[common->join])
      guard[i] = common;
  }
  for (size_t i = 0; i < calls.size(); ++i)
    if (guard[i])
      calls[i]->setAttr("edgec.guard", b.getDenseI64ArrayAttr({guard[i]->join, guard[i]->side}));
  return static_cast<int64_t>(joinIndex.size());
}

} // namespace edgec
