// Run-time If at kernel level: which kernel calls only one branch of an If needs, so that the
// emitter runs them under `if (cond)` / `else` and the planner lets the two sides share bytes.
#ifndef EDGEC_PASSES_LOWER_BRANCHGUARDS_H
#define EDGEC_PASSES_LOWER_BRANCHGUARDS_H

#include "mlir/IR/Block.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"

#include <cstdint>
#include <optional>

namespace edgec {

/// A call guarded by join `join` (the index of a run-time If in schedule order), on its then side
/// or its else side. Stored on the call as `edgec.guard = array<i64: join, side>` (side 1: then,
/// 0: else); the join (a kernel.select on a one-element condition) carries
/// `edgec.branch_join = join`.
struct BranchGuard {
  int64_t join;
  int64_t side;
  bool operator==(const BranchGuard &o) const { return join == o.join && side == o.side; }
  bool operator!=(const BranchGuard &o) const { return !(*this == o); }
  /// One number per side (2 x join + side), as the arena planner takes it.
  int64_t alternative() const { return 2 * join + side; }
};

/// The guard markBranchGuards put on a call (header-only: the emitter and report read it too).
inline std::optional<BranchGuard> guardOf(mlir::Operation *op) {
  auto guard = op->getAttrOfType<mlir::DenseI64ArrayAttr>("edgec.guard");
  if (!guard || guard.size() != 2)
    return std::nullopt;
  return BranchGuard{guard[0], guard[1]};
}

/// The side of a run-time If a buffer lives on (BranchGuard::alternative): the side every call
/// touching it runs on, -1 when they differ or one always runs. A join's reads of the two sides'
/// results do not count: it reads both and uses one.
class BufferSide {
public:
  void touchedBy(mlir::Operation *call, unsigned operandIndex);
  int64_t alternative() const { return value == kUntouched ? -1 : value; }

private:
  static constexpr int64_t kUntouched = -2;
  int64_t value = kUntouched;
};

/// Marks the calls of `block` in their current order (earlier marks are replaced): a call is
/// guarded by (J, then) when every buffer it writes is read only by calls guarded (J, then) or by
/// join J as its then operand, and it comes after the last write of J's condition; likewise for
/// else. A call whose outputs both sides (or anything else) read stays unguarded, and so does
/// everything in a block with patch stages. Returns the number of joins.
int64_t markBranchGuards(mlir::Block &block);

} // namespace edgec

#endif
