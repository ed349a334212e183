// Constant weights seen channel by channel: their float values (through a QDQ model's
// dequantize), per-channel norms, and copies that keep only some channels along one axis.
#ifndef EDGEC_PASSES_COMPRESS_WEIGHTCHANNELS_H
#define EDGEC_PASSES_COMPRESS_WEIGHTCHANNELS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

#include <optional>
#include <vector>

namespace edgec {

/// Whether `v` is a weight edgec can read and rewrite: a constant, or (QDQ models) a
/// constant seen as quantized by storage_cast and then dequantized.
bool isConstantWeight(mlir::Value v);

/// The float values of a constant weight (dequantized when it is quantized).
std::optional<std::vector<double>> weightValues(mlir::Value v);

/// Per index along `axis` of a weight with `shape`: the L1 norm (sum of |w|) or, with `l2`,
/// the L2 norm of the slice.
std::vector<double> channelNorms(const std::vector<double> &values, llvm::ArrayRef<int64_t> shape,
                                 int64_t axis, bool l2);

/// A new constant weight (with its storage_cast and dequantize, per-axis parameters sliced
/// along with the data) holding only the indices `keep` (increasing) along `axis`.
/// Built at `b`'s insertion point; null when `v` is not a constant weight.
mlir::Value keepChannels(mlir::OpBuilder &b, mlir::Value v, int64_t axis, llvm::ArrayRef<int64_t> keep);

} // namespace edgec

#endif
