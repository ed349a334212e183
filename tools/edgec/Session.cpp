// What every edgec command shares: an MLIR context with all dialects and one-line diagnostics.
#include "tools/edgec/Session.h"
#include "compiler/dialect/Kernel/KernelDialect.h"
#include "compiler/support/NodeLocation.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/DialectRegistry.h"
#include "llvm/Support/raw_ostream.h"

#include <spdlog/spdlog.h>

using namespace mlir;

namespace edgec {

/// Where a diagnostic comes from, as a prefix: the ONNX node and op type, or the tensor (unless
/// the message already names it), or the file.
static std::string describe(Location loc, const std::string &message) {
  std::string node = nodeName(loc), op = nodeOpType(loc);
  if (!node.empty() && !op.empty())
    return "node '" + node + "' (" + op + "): ";
  if (!node.empty())
    return message.find("'" + node + "'") == std::string::npos ? "'" + node + "': " : "";
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return file.getFilename().str() + (file.getLine() ? ":" + std::to_string(file.getLine()) : "") + ": ";
  return "";
}

Session::Session() {
  DialectRegistry registry;
  registry.insert<edge::EdgeDialect, kernel::KernelDialect, func::FuncDialect, memref::MemRefDialect,
                  quant::QuantizationDialect>();
  ctx.appendDialectRegistry(registry);
  ctx.loadAllAvailableDialects();
  // Diagnostics name the ONNX node; a dump of the whole op (often the module) only buries that.
  ctx.printOpOnDiagnostic(false);
  handler = std::make_unique<ScopedDiagnosticHandler>(&ctx, [this](Diagnostic &diag) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << describe(diag.getLocation(), diag.str()) << diag;
    for (const Diagnostic &note : diag.getNotes())
      os << "\n  note: " << note;
    if (diag.getSeverity() == DiagnosticSeverity::Error) {
      ++errors;
      last = os.str();
      spdlog::error("error: {}", os.str());
    } else if (diag.getSeverity() == DiagnosticSeverity::Warning) {
      spdlog::warn("warning: {}", os.str());
    } else {
      spdlog::debug("{}", os.str());
    }
    return success();
  });
}

} // namespace edgec
