// Static arena planning on plain lifetimes (no IR): which pool each buffer lives in and
// at which offset, so that buffers live at the same time never share bytes.
#ifndef EDGEC_PASSES_LOWER_ARENAPLANNER_H
#define EDGEC_PASSES_LOWER_ARENAPLANNER_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgec {

/// A buffer to place: its size and the span of kernel calls that touch it.
struct PlanBuffer {
  int64_t size = 0;            // bytes, already rounded up to the alignment
  int64_t first = 0, last = 0; // kernel-call interval, inclusive
  int64_t traffic = 0;         // bytes kernel calls read from and write to it
  /// For a buffer only one side of a run-time If touches: 2 x the If's index + side (1: then,
  /// 0: else); -1 otherwise. The two sides of one If never run both, so they may share bytes.
  int64_t alternative = -1;
};

/// Whether `a` and `b` can hold their bytes at the same time: their calls overlap and they are
/// not on the two sides of one run-time If.
bool liveTogether(const PlanBuffer &a, const PlanBuffer &b);

struct ArenaPlan {
  std::vector<int> pool;          // per buffer: index into the capacities given
  std::vector<int64_t> offset;    // per buffer: byte offset in its pool
  std::vector<int64_t> poolBytes; // per pool: the arena it needs
};

/// The most bytes live at any one call, counting the larger side of each run-time If: no
/// placement of these buffers needs less.
int64_t liveLowerBound(const std::vector<PlanBuffer> &buffers);

/// Offsets for `which` buffers by greedy best fit (largest first, each into the tightest
/// gap among the buffers it overlaps in time, as TFLM's planner); returns the arena size.
int64_t placeBestFit(const std::vector<PlanBuffer> &buffers, const std::vector<std::size_t> &which,
                     std::vector<int64_t> &offset);

/// Places every buffer in one of the pools, `capacities` fastest first. Each pool but the
/// last takes the buffers with the most traffic per byte (then the smallest) that still
/// fit its capacity; the last pool takes the rest, whatever its capacity (the caller
/// checks poolBytes against it).
ArenaPlan planArenas(const std::vector<PlanBuffer> &buffers, const std::vector<int64_t> &capacities);

} // namespace edgec

#endif
