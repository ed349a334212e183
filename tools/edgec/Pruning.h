// edgec compile --prune-channels: the request the pruning pass reads, and its summary.
#ifndef EDGEC_TOOLS_EDGEC_PRUNING_H
#define EDGEC_TOOLS_EDGEC_PRUNING_H

#include "tools/edgec/Driver.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace edgec {

/// The module attribute `edgec.prune` for --prune-channels / --prune-criterion / --prune-keep,
/// or null with `error` set when the ratios do not parse (each in [0, 1)).
mlir::DictionaryAttr pruneRequest(mlir::MLIRContext *context, const CompileRequest &request, std::string &error);

/// One line on what edge-prune-channels did (channels, parameters, MACs), from `edgec.pruning`.
void logPruning(mlir::ModuleOp module);

} // namespace edgec

#endif
