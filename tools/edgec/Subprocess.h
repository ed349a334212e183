// Running the tools edgec drives (compilers, the model harness) and handing them files.
#ifndef EDGEC_TOOLS_EDGEC_SUBPROCESS_H
#define EDGEC_TOOLS_EDGEC_SUBPROCESS_H

#include "targets/emit/CppEmitter.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace edgec {

/// Runs `program args` with its output into `log`; false (and the log's tail) on failure.
bool runProgram(llvm::StringRef program, llvm::ArrayRef<std::string> args, const std::string &log,
                std::string &error);

/// Writes every file of `files` under `dir` (*.sh executable); false (and why) on failure.
bool writeFiles(const FileSet &files, llvm::StringRef dir, std::string &error);

} // namespace edgec

#endif
