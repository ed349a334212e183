// ONNX → edge dialect: the public entry point of the importer.
#ifndef EDGEC_COMPILER_IMPORT_ONNXIMPORTER_H
#define EDGEC_COMPILER_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>
#include <utility>
#include <vector>

namespace edgec {

/// What happened to one ONNX node during an import (for `edgec inspect`).
struct NodeReport {
  std::string name, opType;
  enum Status { Imported, Unsupported, Blocked } status = Imported;
  std::string reason; // why not imported; for Blocked, the unsupported node it depends on
  std::string parent; // the If/Loop/Scan node whose subgraph holds it ("" at top level)
};

/// A node type the user computes (`--custom-op [DOMAIN.]OP_TYPE=SYMBOL`): nodes of `opType`
/// (in `domain`, or in any domain when `domain` is empty) import as `edge.custom` calling the C
/// function `symbol`, ahead of edgec's own importers.
struct CustomOpSpec {
  std::string domain, opType, symbol;
  std::string spelled() const { return domain.empty() ? opType : domain + "." + opType; }
};

/// Parses `--custom-op [DOMAIN.]OP_TYPE=SYMBOL` (the last dot splits domain from op type).
/// False with `error` when the syntax is wrong or SYMBOL is no C identifier or is reserved.
bool parseCustomOpSpec(const std::string &text, CustomOpSpec &spec, std::string &error);

struct ImportOptions {
  /// Fixed shapes for graph inputs with dynamic dims (`--input-shape NAME=1x3x96x96`).
  std::vector<std::pair<std::string, std::vector<int64_t>>> inputShapes;
  /// Graph inputs fixed to constants at compile time (`--bind NAME=VALUE`): one value fills
  /// the input, otherwise one per element. They leave the generated API.
  std::vector<std::pair<std::string, std::vector<double>>> binds;
  /// --custom-op: each must match at least one node, or the import fails.
  std::vector<CustomOpSpec> customOps;
  /// When set, an unsupported node does not stop the import: every node gets a
  /// report here (the module is still null if any node failed).
  std::vector<NodeReport> *reports = nullptr;
  /// No tensor (input, weight or node output) may need more bytes: absurd dims are
  /// refused before anything is allocated or read.
  int64_t maxTensorBytes = int64_t(1) << 32;
  /// Appended to the refusal after the limit (where it comes from, how to raise it).
  std::string limitNote;
};

/// Reads the ONNX file at `path` into a module holding one `func.func @main`
/// of edge ops (static shapes, initializers as dense resources, each op located
/// at its node). Problems are reported as MLIR diagnostics; returns null then.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxFile(mlir::MLIRContext *context,
                                                 const std::string &path,
                                                 const ImportOptions &options);

struct OnnxNodeSummary {
  std::string name, opType;
  bool supported;
};

/// Every node of the model's graph with whether the importer handles its op
/// (works on models that do not import). False with `error` when unreadable.
bool listOnnxNodes(const std::string &path, std::vector<OnnxNodeSummary> &nodes, std::string &error);

/// The ONNX op types the importer handles, sorted.
std::vector<std::string> supportedOnnxOps();

/// Lowercase hex SHA-256 of the file's bytes ("" if unreadable).
std::string hashFile(const std::string &path);

} // namespace edgec

#endif
