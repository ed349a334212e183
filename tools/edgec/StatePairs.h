// --stateful NAME_IN=NAME_OUT: the pairs checked against the imported graph and recorded on
// the module (kernel-plan-memory then keeps each state in the arena between runs).
#ifndef EDGEC_TOOLS_EDGEC_STATEPAIRS_H
#define EDGEC_TOOLS_EDGEC_STATEPAIRS_H

#include "tools/edgec/Driver.h"

#include "mlir/IR/BuiltinOps.h"

namespace edgec {

/// Checks each pair of `request.statePairs` against the imported graph of `module`: NAME_IN
/// an input (not fixed by --bind), NAME_OUT an output with the same static shape and element
/// type, no name in two pairs. Records them as the module's `edgec.state`; on the first
/// problem, logs one error and returns false.
bool recordStatePairs(mlir::ModuleOp module, const CompileRequest &request);

} // namespace edgec

#endif
