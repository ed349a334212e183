// --custom-op and --custom-op-source: parsed and read before a compile or inspect runs anything.
#ifndef EDGEC_TOOLS_EDGEC_CUSTOMOPS_H
#define EDGEC_TOOLS_EDGEC_CUSTOMOPS_H

#include "compiler/import/OnnxImporter.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <string>
#include <vector>

namespace edgec {

/// The module attribute holding the --custom-op-source files ([{file, text}]): the emitter
/// writes them under custom_ops/ and builds them into the model library, calibration into its
/// host build, and a dump carries them.
constexpr const char *kCustomOpSourcesAttr = "edgec.custom_op_sources";

/// Each `--custom-op` spec parsed; false (the reason logged) on the first bad one.
bool parseCustomOps(const std::vector<std::string> &specs, std::vector<CustomOpSpec> &out);

/// The `--custom-op-source` files as kCustomOpSourcesAttr's value (null when none are given);
/// false (the reason logged) when one is unreadable, not C or C++ (.c, .cc, .cpp, .cxx), or
/// two share a file name.
bool readCustomOpSources(mlir::MLIRContext *context, const std::vector<std::string> &paths, mlir::ArrayAttr &out);

/// Whether `module` calls custom ops (edge.custom or kernel.custom).
bool hasCustomOps(mlir::ModuleOp module);

} // namespace edgec

#endif
