// The C++ emitter: kernel-dialect module -> <name>.h/.cpp, weights blob, kernels, CMakeLists.txt, report.json.
#ifndef EDGEC_TARGETS_EMIT_CPPEMITTER_H
#define EDGEC_TARGETS_EMIT_CPPEMITTER_H

#include "mlir/IR/BuiltinOps.h"

#include <map>
#include <string>

namespace edgec {

struct EmitOptions {
  std::string name;          // C identifier prefixing every symbol
  bool withMain = false;     // add the main.cpp harness
  bool weightsAsCArray = false; // C array instead of an .incbin blob
  bool traceTensors = false;  // call <name>_trace after every kernel (the harness writes .npy)
  bool hostBuild = false;      // harness for this machine whatever the target (calibration runs)
  bool observeTensors = false; // trace only kernels tagged edgec.observe = N, as trace/NNNN_observe.npy
                               // (calibration runs of the float model)
};

/// Relative path -> file content (text or binary). Ordered, so writing is deterministic.
using FileSet = std::map<std::string, std::string>;

/// Emits every output file from a module at the kernel level (after
/// kernel-plan-memory). Reads only the kernel dialect, memref globals and the
/// module's edgec.* attributes. Errors are emitted as diagnostics.
mlir::LogicalResult emitCpp(mlir::ModuleOp module, const EmitOptions &options, FileSet &files);

/// Whether `name` is a valid C identifier (the --name rule).
bool isCIdentifier(const std::string &name);

} // namespace edgec

#endif
