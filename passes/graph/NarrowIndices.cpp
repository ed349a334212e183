// edge-narrow-indices: int64 index tensors become int32 where every value provably fits and
// every reader takes int32 as it is, so index paths take half the arena bytes and 32-bit math.
#include "passes/Passes.h"

#include "compiler/dialect/Edge/EdgeDialect.h"
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"

#include "llvm/ADT/SetVector.h"

#include <cstdint>
#include <limits>

namespace edgec {
#define GEN_PASS_DEF_EDGENARROWINDICES
#include "passes/Passes.h.inc"

namespace {
using namespace mlir;

bool isI64Tensor(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && t.getElementType().isSignlessInteger(64);
}

/// Ops whose result holds only elements of their data operands (or Gather's zero for an
/// index out of range): it fits int32 when they do, and has their element type.
bool movesData(Operation *op) {
  return isa<edge::ReshapeOp, edge::TransposeOp, edge::SliceOp, edge::ConcatOp, edge::BroadcastOp,
             edge::IdentityOp, edge::GatherOp, edge::GatherElementsOp, edge::SelectOp>(op);
}

/// The operands of a movesData op whose elements reach its result.
SmallVector<Value> dataOperands(Operation *op) {
  if (auto g = dyn_cast<edge::GatherOp>(op))
    return {g.getData()};
  if (auto g = dyn_cast<edge::GatherElementsOp>(op))
    return {g.getData()};
  if (auto s = dyn_cast<edge::SelectOp>(op))
    return {s.getX(), s.getY()};
  return llvm::to_vector(op->getOperands());
}

/// Values that fit int32 by how they are made, whatever their inputs hold.
bool fitsBySource(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return false; // graph inputs keep their declared type
  if (auto c = dyn_cast<edge::ConstantOp>(def))
    return llvm::all_of(getConstantAsInts(c.getValue()), [](int64_t x) {
      return x >= std::numeric_limits<int32_t>::min() && x <= std::numeric_limits<int32_t>::max();
    });
  // Indices lie in [0, axis dim), and dims are int32 in every kernel.
  if (isa<edge::ArgReduceOp>(def))
    return true;
  if (auto t = dyn_cast<edge::TopKOp>(def))
    return v == t.getIndices();
  if (auto c = dyn_cast<edge::CastOp>(def)) {
    Type from = cast<ShapedType>(c.getInput().getType()).getElementType();
    auto in = dyn_cast<IntegerType>(from);
    return in && (in.getWidth() <= 16 || (in.getWidth() == 32 && !in.isUnsigned()));
  }
  return false;
}

struct EdgeNarrowIndicesPass : impl::EdgeNarrowIndicesBase<EdgeNarrowIndicesPass> {
  void runOnOperation() override {
    // Every int64 value known to fit, in program order (operands before their users).
    llvm::SetVector<Value> narrow;
    getOperation().walk<WalkOrder::PreOrder>([&](Operation *op) {
      for (Value v : op->getResults()) {
        if (!isI64Tensor(v))
          continue;
        bool fits = fitsBySource(v);
        if (!fits && movesData(op))
          fits = llvm::all_of(dataOperands(op), [&](Value in) { return narrow.contains(in); });
        if (fits)
          narrow.insert(v);
      }
    });

    // Keep int64 where a reader needs it, and around movesData ops with an int64 input:
    // each removal may force more, so repeat until nothing changes.
    auto takesInt32 = [&](OpOperand &use) {
      Operation *user = use.getOwner();
      if (isa<edge::GatherOp, edge::GatherElementsOp>(user) && use.getOperandNumber() == 1)
        return true; // the kernels read int32 or int64 indices
      if (isa<edge::CastOp>(user))
        return true; // an in-range int32 converts exactly as its int64 would
      if (auto c = dyn_cast<edge::CompareOp>(user))
        return narrow.contains(c.getLhs()) && narrow.contains(c.getRhs());
      if (movesData(user))
        return narrow.contains(user->getResult(0));
      return false; // graph outputs, arithmetic, ...
    };
    for (bool changed = true; changed;) {
      changed = false;
      for (Value v : llvm::to_vector(narrow)) {
        Operation *def = v.getDefiningOp();
        bool keep = llvm::all_of(v.getUses(), takesInt32);
        if (keep && movesData(def))
          keep = llvm::all_of(dataOperands(def), [&](Value in) { return narrow.contains(in); });
        if (!keep) {
          narrow.remove(v);
          changed = true;
        }
      }
    }
    rewrite(narrow);
  }

  void rewrite(const llvm::SetVector<Value> &narrow) {
    Type i32 = IntegerType::get(&getContext(), 32);
    llvm::SetVector<edge::CastOp> casts;
    for (Value v : narrow) {
      auto type = cast<RankedTensorType>(v.getType()).clone(i32);
      Operation *def = v.getDefiningOp();
      if (auto c = dyn_cast<edge::ConstantOp>(def))
        c.setValueAttr(makeConstantFromInts(type, getConstantAsInts(c.getValue()), nodeName(c.getLoc()) + ".i32"));
      if (auto c = dyn_cast<edge::CastOp>(def)) {
        c.setToAttr(TypeAttr::get(i32));
        casts.insert(c);
      }
      v.setType(type);
      for (Operation *user : v.getUsers())
        if (auto c = dyn_cast<edge::CastOp>(user))
          casts.insert(c);
    }
    // A cast from int32 to int32 (to int64 of a narrowed value, or of an int32 input) is a copy.
    for (edge::CastOp c : casts)
      if (c.getInput().getType() == c.getType()) {
        c.getOutput().replaceAllUsesWith(c.getInput());
        c.erase();
      }
  }
};
} // namespace
} // namespace edgec
