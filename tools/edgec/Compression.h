// edgec compile --prune-channels / --sparsity: the requests the compression passes read, and
// their summaries.
#ifndef EDGEC_TOOLS_EDGEC_COMPRESSION_H
#define EDGEC_TOOLS_EDGEC_COMPRESSION_H

#include "tools/edgec/Driver.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace edgec {

/// The module attribute `edgec.prune` for --prune-channels / --prune-criterion / --prune-keep,
/// or null with `error` set when the ratios do not parse (each in [0, 1)).
mlir::DictionaryAttr pruneRequest(mlir::MLIRContext *context, const CompileRequest &request, std::string &error);

/// The module attribute `edgec.sparsity` for --sparsity, or null with `error` set when the
/// pattern does not parse.
mlir::DictionaryAttr sparsityRequest(mlir::MLIRContext *context, const std::string &pattern, std::string &error);

/// One line on what edge-prune-channels did (channels, parameters, MACs), from `edgec.pruning`.
void logPruning(mlir::ModuleOp module);

/// One line on what kernel-pack-sparse did (layers packed, weight bytes, MACs), from
/// `edgec.sparsity_report`.
void logSparsity(mlir::ModuleOp module);

} // namespace edgec

#endif
