// Target descriptions: data files under targets/<t>/target.json, optionally refined by a
// user's description file (--target-desc, which inherits from a built-in) and by
// --target-opt overrides; the result is attached to the module as `edgec.target`.
#ifndef EDGEC_TARGETS_TARGETDESCRIPTION_H
#define EDGEC_TARGETS_TARGETDESCRIPTION_H

#include "compiler/support/MemoryPools.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace edgec {

/// Where edgec finds its data (targets/, runtime-stub/): $EDGEC_DATA_DIR, the
/// install's share/edgec, or the source tree it was built from.
std::string dataRoot();

/// Names of the built-in targets (folders of targets/ with a target.json), sorted.
std::vector<std::string> builtinTargets();

/// What the user asked for: a built-in target, a description file refining one, overrides.
struct TargetRequest {
  std::string name = "host"; // -t: the built-in target (what a --target-desc inherits by default)
  std::string descFile;      // --target-desc FILE: JSON object; "inherits" names a built-in
  std::string options;       // --target-opt key=value,...: pool sizes, caches, vector_bits...
};

/// The resolved description as a dictionary attribute; emits an error on `module` naming
/// the file, key and reason, and returns null, when anything is unknown or malformed.
mlir::DictionaryAttr loadTarget(mlir::ModuleOp module, const TargetRequest &request);

} // namespace edgec

#endif
