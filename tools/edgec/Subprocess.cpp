// Running the tools edgec drives and handing them files (see Subprocess.h).
#include "tools/edgec/Subprocess.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace edgec {

bool runProgram(llvm::StringRef program, llvm::ArrayRef<std::string> args, const std::string &log,
                std::string &error) {
  llvm::SmallVector<llvm::StringRef> argv{program};
  for (const std::string &a : args)
    argv.push_back(a);
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(log), llvm::StringRef(log)};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(program, argv, std::nullopt, redirects, 0, 0, &message);
  if (rc == 0)
    return true;
  std::string tail;
  if (auto buffer = llvm::MemoryBuffer::getFile(log)) {
    llvm::StringRef text = (*buffer)->getBuffer();
    tail = text.size() > 2000 ? text.take_back(2000).str() : text.str();
  }
  error = "'" + program.str() + "' failed (" + (message.empty() ? "exit " + std::to_string(rc) : message) + ")" +
          (tail.empty() ? "" : ":\n" + tail);
  return false;
}

bool writeFiles(const FileSet &files, llvm::StringRef dir, std::string &error) {
  for (const auto &[rel, content] : files) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, rel);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(path));
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (!ec) {
      os << content;
      os.close();
      ec = os.error();
    }
    if (!ec && llvm::StringRef(rel).ends_with(".sh")) // scripts (run.sh) are executable
      ec = llvm::sys::fs::setPermissions(path, llvm::sys::fs::all_read | llvm::sys::fs::all_exe |
                                                   llvm::sys::fs::owner_write);
    if (ec) {
      error = "cannot write " + path.str().str() + ": " + ec.message();
      return false;
    }
  }
  return true;
}

} // namespace edgec
