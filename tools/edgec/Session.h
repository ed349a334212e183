// What every edgec command shares: an MLIR context with all dialects and one-line diagnostics.
#ifndef EDGEC_TOOLS_EDGEC_SESSION_H
#define EDGEC_TOOLS_EDGEC_SESSION_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <memory>
#include <string>

namespace edgec {

/// A context with every edgec dialect loaded, and a handler that prints each
/// error once as `edgec: error: node 'X' (Op): reason`.
class Session {
public:
  Session();
  mlir::MLIRContext &context() { return ctx; }
  int errorCount() const { return errors; }
  /// The text of the last error reported (for JSON output).
  const std::string &lastError() const { return last; }

private:
  mlir::MLIRContext ctx;
  std::unique_ptr<mlir::ScopedDiagnosticHandler> handler;
  int errors = 0;
  std::string last;
};

} // namespace edgec

#endif
