// Flash and RAM of a bare-metal target's model code, measured on the objects its own cross
// compiler makes of the emitted files (edgec compile -t cortex-m*: report.json "firmware").
#ifndef EDGEC_TOOLS_EDGEC_FIRMWARESIZE_H
#define EDGEC_TOOLS_EDGEC_FIRMWARESIZE_H

#include "targets/emit/CppEmitter.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/JSON.h"

#include <string>

namespace edgec {

/// Compiles the model's files (`<name>.cpp`, weights) for the target with its toolchain and
/// returns {measured, toolchain, text_bytes, rodata_bytes, data_bytes, bss_bytes,
/// stack_bytes, flash_bytes, ram_bytes, flash_capacity, ram_capacity} (or {measured: false,
/// reason}). Flash = text + rodata + data (its initial values); RAM = data + bss (the static
/// arenas) + stack, where stack is the deepest call chain from `<name>_init`/`<name>_run`
/// in gcc's -fcallgraph-info=su graph. The harness and runtime stub are not counted.
llvm::json::Object measureFirmware(mlir::ModuleOp module, const FileSet &files, const std::string &name);

/// Adds `firmware` to report.json (and report.html) in `files`.
void addFirmwareReport(FileSet &files, llvm::json::Object firmware);

} // namespace edgec

#endif
