// Target descriptions: data files under targets/<t>/target.json, attached to the module as `edgec.target`.
#ifndef EDGEC_TARGETS_TARGETDESCRIPTION_H
#define EDGEC_TARGETS_TARGETDESCRIPTION_H

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace edgec {

/// Where edgec finds its data (targets/, runtime-stub/): $EDGEC_DATA_DIR, the
/// install's share/edgec, or the source tree it was built from.
std::string dataRoot();

/// Names of the built-in targets (folders of targets/ with a target.json), sorted.
std::vector<std::string> builtinTargets();

/// Reads targets/<name>/target.json into a dictionary attribute; emits an error
/// on `module` and returns null when the target is unknown or the file is bad.
mlir::DictionaryAttr loadTarget(mlir::ModuleOp module, const std::string &name);

} // namespace edgec

#endif
