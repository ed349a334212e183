// State pairs (--stateful) at the kernel level: a graph input and the output that is its
// next value become one arena buffer that persists between runs.
#ifndef EDGEC_PASSES_LOWER_STATEBUFFERS_H
#define EDGEC_PASSES_LOWER_STATEBUFFERS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace edgec {

/// The module attribute listing the pairs: an array of {input = NAME_IN, output = NAME_OUT}.
constexpr const char *kStatePairsAttr = "edgec.state";
/// On the `memref.alloc` (then `kernel.buffer`) holding a state: {input, output, update},
/// update "in_place" (the kernels write the new state straight into it) or "copy_at_end".
constexpr const char *kStateBufferAttr = "edgec.state";

/// Replaces each pair's input and output arguments of `func` by one `memref.alloc` tagged
/// kStateBufferAttr. The new state is written into it directly when every read of the old
/// state comes before the first write of the new one in the call order; otherwise it is
/// computed into a buffer of its own and copied in by a `kernel.copy` after the last call.
/// Pairs whose arguments are gone (an earlier run) are skipped.
mlir::LogicalResult bindStateBuffers(mlir::func::FuncOp func, mlir::ArrayAttr pairs);

} // namespace edgec

#endif
