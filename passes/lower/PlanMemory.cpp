// kernel-plan-memory: static arena offsets by liveness, in-place reuse and greedy best fit,
// one arena per memory pool of the target; weight offsets in the blob.
#include "compiler/support/ConstantData.h"
#include "compiler/support/MemoryPools.h"
#include "passes/Passes.h"
#include "passes/lower/ArenaPlanner.h"
#include "passes/lower/BranchGuards.h"
#include "passes/lower/StateBuffers.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/EquivalenceClasses.h"

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_KERNELPLANMEMORY
#include "passes/Passes.h.inc"

namespace {

int64_t alignTo(int64_t v, int64_t a) { return (v + a - 1) / a * a; }

/// The bytes an alloc needs: patch-sized for a patch stage's intermediates.
int64_t plannedBytes(memref::AllocOp alloc) {
  if (auto patch = alloc->getAttrOfType<IntegerAttr>("edgec.patch_bytes"))
    return patch.getInt();
  return byteSizeOf(alloc.getType());
}

/// The operands a kernel may overwrite with its output, element i by element i: the
/// elementwise kernels read each element (or chunk) before writing the same position.
SmallVector<unsigned> inPlaceOperands(Operation *op) {
  if (isa<kernel::BinaryOp>(op))
    return {0, 1};
  if (isa<kernel::UnaryOp, kernel::ChannelAffineOp, kernel::BatchNormOp, kernel::RequantizeOp,
          kernel::LookupOp>(op))
    return {0};
  return {};
}

/// One alloc: its own lifetime and the bytes kernel calls move through it.
struct AllocUse {
  memref::AllocOp alloc;
  int64_t size = 0, first = INT64_MAX, last = -1, traffic = 0;
  /// A --stateful buffer: it keeps its bytes between runs, so it is live through every call
  /// and never shares them with another tensor.
  bool persistent() { return alloc->hasAttr(kStateBufferAttr); }
  BufferSide side;
};

struct KernelPlanMemoryPass : impl::KernelPlanMemoryBase<KernelPlanMemoryPass> {
  using KernelPlanMemoryBase::KernelPlanMemoryBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (alignment < 1 || (alignment & (alignment - 1))) {
      module.emitError() << "alignment must be a power of two, got " << alignment.getValue();
      return signalPassFailure();
    }
    std::vector<MemoryPool> pools = targetPools(module->getAttrOfType<DictionaryAttr>("edgec.target"));
    std::vector<int64_t> poolBytes(pools.size(), 0), poolBytesApart(pools.size(), 0);
    int64_t lowerBound = 0;
    bool branches = false;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      if (failed(bindStateBuffers(func, module->getAttrOfType<ArrayAttr>(kStatePairsAttr))))
        return signalPassFailure();
      std::vector<int64_t> bytes, apart;
      lowerBound = std::max(lowerBound, planFunction(func, pools, bytes, apart));
      branches |= !apart.empty();
      for (size_t p = 0; p < pools.size(); ++p) {
        poolBytes[p] = std::max(poolBytes[p], bytes[p]);
        poolBytesApart[p] = std::max(poolBytesApart[p], apart.empty() ? bytes[p] : apart[p]);
      }
    }
    planWeights(module);
    std::vector<int64_t> weightBytes = placeWeightCopies(module, pools, poolBytes);
    Builder b(module.getContext());
    int64_t arena = 0;
    SmallVector<Attribute> poolAttrs;
    for (size_t p = 0; p < pools.size(); ++p) {
      arena += alignTo(poolBytes[p], alignment);
      poolAttrs.push_back(b.getDictionaryAttr({
          b.getNamedAttr("name", b.getStringAttr(pools[p].name)),
          b.getNamedAttr("bytes", b.getI64IntegerAttr(poolBytes[p])),
          b.getNamedAttr("capacity", b.getI64IntegerAttr(pools[p].capacity)),
          b.getNamedAttr("speed", b.getF64FloatAttr(pools[p].speed)),
          b.getNamedAttr("section", b.getStringAttr(pools[p].section)),
          b.getNamedAttr("weights", b.getI64IntegerAttr(weightBytes[p])),
      }));
    }
    module->setAttr("edgec.arena_bytes", b.getI64IntegerAttr(arena));
    if (branches) { // what the arena would be if the two sides of each run-time If did not share bytes
      int64_t apart = 0;
      for (size_t p = 0; p < pools.size(); ++p)
        apart += alignTo(poolBytesApart[p], alignment);
      module->setAttr("edgec.arena_bytes_without_branch_overlap", b.getI64IntegerAttr(apart));
    }
    module->setAttr("edgec.lower_bound_bytes", b.getI64IntegerAttr(lowerBound));
    module->setAttr("edgec.pools", b.getArrayAttr(poolAttrs));
  }

  /// Plans one function; returns its lower bound and fills the bytes each pool needs, and where
  /// run-time If branches share bytes, the bytes each pool would need if they did not.
  int64_t planFunction(func::FuncOp func, const std::vector<MemoryPool> &pools, std::vector<int64_t> &poolBytes,
                       std::vector<int64_t> &poolBytesApart) {
    // Liveness: the alloc under every value (views resolve to their source).
    std::vector<AllocUse> allocs;
    DenseMap<Value, size_t> rootOf;
    llvm::EquivalenceClasses<size_t> shared; // allocs that share bytes (in-place outputs)
    int64_t callIndex = 0;
    func.walk([&](Operation *op) {
      if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        rootOf[alloc.getResult()] = allocs.size();
        shared.insert(allocs.size());
        allocs.push_back({alloc, alignTo(plannedBytes(alloc), alignment)});
      } else if (auto view = dyn_cast<kernel::ReshapeOp>(op)) {
        auto it = rootOf.find(view.getInput());
        if (it != rootOf.end())
          rootOf[view.getOutput()] = it->second;
      } else if (auto slice = dyn_cast<memref::SubViewOp>(op)) {
        // A producer writing its slice of a concat's output (kernel-elide-concat).
        auto it = rootOf.find(slice.getSource());
        if (it != rootOf.end())
          rootOf[slice.getResult()] = it->second;
      } else if (auto stage = dyn_cast<kernel::PatchStageOp>(op)) {
        // Visited after its body (post-order): every stage buffer lives through all of it.
        int64_t first = callIndex - static_cast<int64_t>(stage.getBody().front().getOperations().size());
        for (Value v : stage.getBuffers()) {
          auto it = rootOf.find(v);
          if (it == rootOf.end())
            continue;
          allocs[it->second].first = std::min(allocs[it->second].first, first);
          allocs[it->second].last = std::max(allocs[it->second].last, callIndex - 1);
        }
      } else if (kernel::isKernelCall(op)) {
        for (auto [index, v] : llvm::enumerate(op->getOperands())) {
          auto it = rootOf.find(v);
          if (it == rootOf.end())
            continue;
          AllocUse &use = allocs[it->second];
          use.side.touchedBy(op, index);
          use.first = std::min(use.first, callIndex);
          use.last = std::max(use.last, callIndex);
          use.traffic += byteSizeOf(cast<MemRefType>(v.getType()));
        }
        ++callIndex;
      }
    });
    for (AllocUse &use : allocs) {
      if (use.last < 0) // never touched by a call: a one-call life at the start
        use.first = use.last = 0;
      if (use.persistent()) {
        use.first = 0;
        use.last = std::max<int64_t>(callIndex - 1, 0);
      }
    }

    // In place: an elementwise output takes over an input of its type whose bytes (and
    // everything already sharing them) are read for the last time by this very call.
    std::vector<int64_t> groupLast(allocs.size());
    for (size_t i = 0; i < allocs.size(); ++i)
      groupLast[i] = allocs[i].last;
    callIndex = 0;
    func.walk([&](Operation *op) {
      if (!inPlace || !kernel::isKernelCall(op))
        return;
      int64_t call = callIndex++;
      Value out = op->getOperands().back();
      auto outIt = rootOf.find(out);
      // A slice of a larger buffer starts elsewhere than its root: never in place.
      if (outIt == rootOf.end() || allocs[outIt->second].first != call || out.getDefiningOp<memref::SubViewOp>() ||
          allocs[outIt->second].persistent())
        return;
      for (unsigned index : inPlaceOperands(op)) {
        Value in = op->getOperand(index);
        auto inIt = rootOf.find(in);
        if (inIt == rootOf.end() || in.getType() != out.getType() || inIt->second == outIt->second ||
            allocs[inIt->second].persistent())
          continue;
        size_t inLeader = shared.getLeaderValue(inIt->second);
        if (groupLast[inLeader] != call || allocs[inIt->second].size != allocs[outIt->second].size)
          continue;
        // Another operand reading the same bytes in another shape would see them overwritten.
        bool otherView = llvm::any_of(op->getOperands().drop_back(), [&](Value v) {
          auto it = rootOf.find(v);
          return it != rootOf.end() && it->second == inIt->second && v.getType() != in.getType();
        });
        if (otherView)
          continue;
        int64_t last = std::max(groupLast[inLeader], allocs[outIt->second].last);
        shared.unionSets(inIt->second, outIt->second);
        groupLast[shared.getLeaderValue(outIt->second)] = last;
        break;
      }
    });

    // One plan buffer per group of allocs sharing bytes.
    std::vector<PlanBuffer> buffers;
    DenseMap<size_t, size_t> bufferOf; // group leader -> buffer
    for (size_t i = 0; i < allocs.size(); ++i) {
      size_t leader = shared.getLeaderValue(i);
      auto [it, inserted] = bufferOf.try_emplace(leader, buffers.size());
      if (inserted)
        buffers.push_back({allocs[i].size, allocs[i].first, allocs[i].last, 0, allocs[i].side.alternative()});
      PlanBuffer &b = buffers[it->second];
      if (b.alternative != allocs[i].side.alternative())
        b.alternative = -1;
      b.size = std::max(b.size, allocs[i].size);
      b.first = std::min(b.first, allocs[i].first);
      b.last = std::max(b.last, allocs[i].last);
      b.traffic += allocs[i].traffic;
    }
    std::vector<int64_t> capacities;
    for (const MemoryPool &pool : pools)
      capacities.push_back(pool.capacity);
    ArenaPlan plan = planArenas(buffers, capacities);
    poolBytes = plan.poolBytes;
    if (llvm::any_of(buffers, [](const PlanBuffer &b) { return b.alternative >= 0; })) {
      std::vector<PlanBuffer> apart = buffers;
      for (PlanBuffer &b : apart)
        b.alternative = -1;
      poolBytesApart = planArenas(apart, capacities).poolBytes;
    }

    for (size_t i = 0; i < allocs.size(); ++i) {
      size_t b = bufferOf[shared.getLeaderValue(i)];
      AllocUse &use = allocs[i];
      OpBuilder builder(use.alloc);
      auto buffer = builder.create<kernel::BufferOp>(use.alloc.getLoc(), use.alloc.getType(),
                                                     pools[plan.pool[b]].name, plan.offset[b]);
      buffer->setAttr("live", builder.getDenseI64ArrayAttr({use.first, use.last}));
      for (StringRef attr : {"edgec.patch_bytes", kStateBufferAttr})
        if (Attribute value = use.alloc->getAttr(attr))
          buffer->setAttr(attr, value);
      use.alloc.getResult().replaceAllUsesWith(buffer.getResult());
      use.alloc.erase();
    }
    return liveLowerBound(buffers);
  }

  /// Where a target has a faster pool than the slowest, the room its activations leave
  /// takes copies of the weights that are read most often per byte (MACs per weight byte of
  /// the convs and matrix products that read them, at least 2: read once, a copy would not
  /// pay for itself). `_init` copies them there from the blob; the kernels read the copy.
  /// Marks each copied global `edgec.fast_copy = {pool, offset}`, grows poolBytes, and
  /// returns the bytes of weights per pool.
  std::vector<int64_t> placeWeightCopies(ModuleOp module, const std::vector<MemoryPool> &pools,
                                         std::vector<int64_t> &poolBytes) {
    std::vector<int64_t> weights(pools.size(), 0);
    if (pools.size() < 2)
      return weights;
    DenseMap<StringAttr, int64_t> macs; // per global, over every call that reads it
    module.walk([&](Operation *op) {
      int64_t m = isa<kernel::ConvOp, kernel::GemmOp, kernel::MatMulOp>(op) ? kernel::kernelMacs(op) : 0;
      if (m <= 0)
        return;
      for (Value v : op->getOperands())
        if (auto get = v.getDefiningOp<memref::GetGlobalOp>())
          macs[get.getNameAttr().getAttr()] += m;
    });
    struct Candidate {
      memref::GlobalOp global;
      int64_t bytes;
      double perByte;
    };
    std::vector<Candidate> candidates;
    for (auto global : module.getOps<memref::GlobalOp>()) {
      int64_t bytes = alignTo(byteSizeOf(global.getType()), alignment);
      auto it = macs.find(global.getSymNameAttr());
      if (it == macs.end() || bytes <= 0)
        continue;
      double perByte = static_cast<double>(it->second) / static_cast<double>(bytes);
      if (perByte >= 2)
        candidates.push_back({global, bytes, perByte});
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate &a, const Candidate &b) { return a.perByte > b.perByte; });
    Builder b(module.getContext());
    for (const Candidate &c : candidates)
      for (size_t p = 0; p + 1 < pools.size(); ++p) {
        int64_t offset = alignTo(poolBytes[p], alignment);
        if (offset + c.bytes > pools[p].capacity)
          continue;
        c.global->setAttr("edgec.fast_copy",
                          b.getDictionaryAttr({b.getNamedAttr("pool", b.getStringAttr(pools[p].name)),
                                               b.getNamedAttr("offset", b.getI64IntegerAttr(offset))}));
        poolBytes[p] = offset + c.bytes;
        weights[p] += c.bytes;
        break;
      }
    return weights;
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
