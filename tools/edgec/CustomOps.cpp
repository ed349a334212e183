// --custom-op and --custom-op-source: parsed and read before a compile or inspect runs anything.
#include "tools/edgec/CustomOps.h"
#include "compiler/dialect/Edge/EdgeDialect.h"
#include "compiler/dialect/Kernel/KernelDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <spdlog/spdlog.h>

using namespace mlir;

namespace edgec {

bool parseCustomOps(const std::vector<std::string> &specs, std::vector<CustomOpSpec> &out) {
  for (const std::string &text : specs) {
    CustomOpSpec spec;
    std::string error;
    if (!parseCustomOpSpec(text, spec, error)) {
      spdlog::error("error: {}", error);
      return false;
    }
    out.push_back(spec);
  }
  return true;
}

bool readCustomOpSources(MLIRContext *context, const std::vector<std::string> &paths, ArrayAttr &out) {
  if (paths.empty())
    return true;
  Builder b(context);
  SmallVector<Attribute> sources;
  llvm::StringSet<> names;
  for (const std::string &path : paths) {
    std::string file = llvm::sys::path::filename(path).str();
    StringRef ext = llvm::sys::path::extension(file);
    if (!llvm::is_contained({".c", ".cc", ".cpp", ".cxx"}, ext)) {
      spdlog::error("error: --custom-op-source {}: expected a C or C++ source (.c, .cc, .cpp, .cxx)", path);
      return false;
    }
    if (!names.insert(file).second) {
      spdlog::error("error: --custom-op-source {}: another source is also called {} (they share custom_ops/)", path,
                    file);
      return false;
    }
    auto buffer = llvm::MemoryBuffer::getFile(path);
    if (!buffer) {
      spdlog::error("error: --custom-op-source {}: cannot read it", path);
      return false;
    }
    sources.push_back(b.getDictionaryAttr({b.getNamedAttr("file", b.getStringAttr(file)),
                                           b.getNamedAttr("text", b.getStringAttr((*buffer)->getBuffer()))}));
  }
  out = b.getArrayAttr(sources);
  return true;
}

bool hasCustomOps(ModuleOp module) {
  return module
      .walk([](Operation *op) {
        return isa<edge::CustomOp, kernel::CustomOp>(op) ? WalkResult::interrupt() : WalkResult::advance();
      })
      .wasInterrupted();
}

} // namespace edgec
