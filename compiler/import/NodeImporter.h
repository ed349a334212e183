// What one op importer sees of an ONNX node: its inputs as values, typed attribute access, output binding.
#ifndef EDGEC_COMPILER_IMPORT_NODEIMPORTER_H
#define EDGEC_COMPILER_IMPORT_NODEIMPORTER_H

#include "compiler/dialect/Edge/EdgeDialect.h"
#include "compiler/import/OnnxImporter.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"

#include <onnx/onnx_pb.h>

#include <functional>
#include <optional>

namespace edgec {

/// The largest tensor an import accepts, and what to add after the figure when
/// refusing (e.g. " for target 'host' (raise it with --max-memory)").
struct TensorLimit {
  int64_t bytes;
  std::string note;
};

/// Fails at `loc` ("<what> has a negative dim", "... overflows int64", "... needs N
/// bytes, more than the limit") unless a tensor of `dims` x `elementType` fits `limit`.
/// Runs before anything of that size is built or read.
mlir::LogicalResult checkTensorSize(mlir::Location loc, const std::string &what,
                                    llvm::ArrayRef<int64_t> dims, mlir::Type elementType,
                                    const TensorLimit &limit);

/// Converts a TensorProto (inline or external data under `modelDir`) to a constant.
/// Emits a diagnostic at `loc` and returns null on any inconsistency.
mlir::ElementsAttr tensorProtoToAttr(mlir::MLIRContext *context, const onnx::TensorProto &tensor,
                                     const std::string &modelDir, const TensorLimit &limit,
                                     mlir::Location loc);

/// ONNX TensorProto data type to an MLIR element type (null if unsupported).
mlir::Type onnxElementType(mlir::MLIRContext *context, int32_t dataType);

class NodeImporter {
public:
  NodeImporter(const onnx::NodeProto &node, mlir::Location loc, mlir::OpBuilder &builder,
               llvm::StringMap<mlir::Value> &tensors, const llvm::StringMap<int> &useCounts,
               const std::string &modelDir, const TensorLimit &limit)
      : node(node), loc(loc), builder(builder), limit(limit), tensors(tensors),
        useCounts(useCounts), modelDir(modelDir) {}

  const onnx::NodeProto &node;
  mlir::Location loc;
  mlir::OpBuilder &builder;
  const TensorLimit &limit;
  /// Imports a subgraph (an If branch, a Loop or Scan body) inline, into the current block, its
  /// graph inputs bound to `inputs` (as many as it declares); its outputs' values. The names it
  /// defines are forgotten afterwards, so a body can be imported once per iteration.
  std::function<mlir::LogicalResult(const onnx::GraphProto &, llvm::ArrayRef<mlir::Value> inputs,
                                    llvm::SmallVectorImpl<mlir::Value> &outputs)>
      importSubgraph;

  mlir::MLIRContext *context() { return builder.getContext(); }

  /// Input i, or null when absent or given as "" (ONNX optional input).
  mlir::Value input(int i) const;
  int numInputs() const { return node.input_size(); }
  /// The constant behind input i (after import-time folding), or null.
  mlir::ElementsAttr constantInput(int i) const;
  /// Input i as integers; fails with a message naming the input when not constant.
  mlir::FailureOr<std::vector<int64_t>> constantInts(int i, llvm::StringRef what);
  /// Whether output i exists and something reads it.
  bool outputUsed(int i) const;

  bool hasAttr(llvm::StringRef name) const { return findAttr(name) != nullptr; }
  int64_t attrInt(llvm::StringRef name, int64_t defaultValue) const;
  float attrFloat(llvm::StringRef name, float defaultValue) const;
  std::string attrString(llvm::StringRef name, llvm::StringRef defaultValue) const;
  std::optional<std::vector<int64_t>> attrInts(llvm::StringRef name) const;
  const onnx::TensorProto *attrTensor(llvm::StringRef name) const;
  const onnx::AttributeProto *findAttr(llvm::StringRef name) const;

  mlir::LogicalResult fail(const llvm::Twine &message);
  void setOutput(int i, mlir::Value value);
  /// The node's only output: fails (the builder already reported why) when `value` is null.
  mlir::LogicalResult setResult(mlir::Value value);

  /// Builds an op with inferred result types and folds it if its operands are constant.
  template <typename OpTy>
  mlir::Value create(mlir::ValueRange operands, llvm::ArrayRef<mlir::NamedAttribute> attrs = {}) {
    llvm::SmallVector<mlir::Type> types;
    if (mlir::failed(edge::inferResultTypes<OpTy>(context(), loc, operands,
                                                  builder.getDictionaryAttr(attrs), types)))
      return {};
    return createWithType<OpTy>(types.front(), operands, attrs);
  }

  /// Builds an op whose result type the importer computed, folding it if possible.
  template <typename OpTy>
  mlir::Value createWithType(mlir::Type type, mlir::ValueRange operands,
                             llvm::ArrayRef<mlir::NamedAttribute> attrs = {}) {
    mlir::OperationState state(loc, OpTy::getOperationName());
    state.addOperands(operands);
    state.addAttributes(attrs);
    state.addTypes(type);
    return finish(builder.create(state));
  }

  mlir::Value constant(mlir::ElementsAttr value);
  mlir::NamedAttribute namedAttr(llvm::StringRef name, mlir::Attribute value) {
    return builder.getNamedAttr(name, value);
  }

private:
  mlir::Value finish(mlir::Operation *op);

  llvm::StringMap<mlir::Value> &tensors;
  const llvm::StringMap<int> &useCounts;
  const std::string &modelDir;
};

using OpImportFn = mlir::LogicalResult (*)(NodeImporter &);

inline mlir::ShapedType typeOf(mlir::Value v) { return mlir::cast<mlir::ShapedType>(v.getType()); }

inline int64_t normalizeAxis(int64_t axis, int64_t rank) { return axis < 0 ? axis + rank : axis; }

/// An elementwise edge op on imported values; null (nothing built) when an operand is null, so
/// chains of them stop at the first failure, whose builder already reported why.
inline mlir::Value binary(NodeImporter &n, edge::BinaryKind kind, mlir::Value a, mlir::Value b) {
  if (!a || !b)
    return {};
  return n.create<edge::BinaryOp>({a, b}, {n.namedAttr("kind", edge::BinaryKindAttr::get(n.context(), kind))});
}
inline mlir::Value unary(NodeImporter &n, edge::UnaryKind kind, mlir::Value x, float alpha = 0, float beta = 0) {
  if (!x)
    return {};
  return n.createWithType<edge::UnaryOp>(x.getType(), {x},
                                         {n.namedAttr("kind", edge::UnaryKindAttr::get(n.context(), kind)),
                                          n.namedAttr("alpha", n.builder.getF32FloatAttr(alpha)),
                                          n.namedAttr("beta", n.builder.getF32FloatAttr(beta))});
}

/// Checks that the listed inputs exist (and the node has no more than `max`).
inline mlir::LogicalResult requireInputs(NodeImporter &n, int required, int max) {
  if (n.numInputs() > max)
    return n.fail("expects at most " + std::to_string(max) + " inputs, got " + std::to_string(n.numInputs()));
  for (int i = 0; i < required; ++i)
    if (!n.input(i))
      return n.fail("input " + std::to_string(i) + " is missing");
  return mlir::success();
}

// Importers of the quantization ops (QuantImporters.cpp).
mlir::LogicalResult importQuantizeLinear(NodeImporter &n);
mlir::LogicalResult importDequantizeLinear(NodeImporter &n);
mlir::LogicalResult importQLinearConv(NodeImporter &n);
mlir::LogicalResult importQLinearMatMul(NodeImporter &n);
mlir::LogicalResult importConvInteger(NodeImporter &n);
mlir::LogicalResult importMatMulInteger(NodeImporter &n);
/// Conv and MatMul on already imported operands (shared with their quantized forms).
mlir::LogicalResult importConv(NodeImporter &n, mlir::Value x, mlir::Value w, mlir::Value bias,
                               mlir::Value &result);

// Comparisons, logic, Where, shape building and normalizations (TensorOpImporters.cpp).
template <edge::CompareKind Kind>
mlir::LogicalResult importCompare(NodeImporter &n);
template <edge::BinaryKind Kind>
mlir::LogicalResult importLogical(NodeImporter &n);
mlir::LogicalResult importNot(NodeImporter &n);
mlir::LogicalResult importWhere(NodeImporter &n);
mlir::LogicalResult importExpand(NodeImporter &n);
mlir::LogicalResult importTile(NodeImporter &n);
mlir::LogicalResult importConstantOfShape(NodeImporter &n);
mlir::LogicalResult importRange(NodeImporter &n);
mlir::LogicalResult importDepthToSpace(NodeImporter &n);
mlir::LogicalResult importSpaceToDepth(NodeImporter &n);
mlir::LogicalResult importGelu(NodeImporter &n);
mlir::LogicalResult importLayerNormalization(NodeImporter &n);
mlir::LogicalResult importInstanceNormalization(NodeImporter &n);
mlir::LogicalResult importIf(NodeImporter &n);
// Loop and Scan with a compile-time trip count, unrolled (LoopImporters.cpp).
mlir::LogicalResult importLoop(NodeImporter &n);
mlir::LogicalResult importScan(NodeImporter &n);
template <edge::ArgKind Kind>
mlir::LogicalResult importArgReduce(NodeImporter &n);
mlir::LogicalResult importCumSum(NodeImporter &n);
mlir::LogicalResult importTopK(NodeImporter &n);
mlir::LogicalResult importGatherElements(NodeImporter &n);
mlir::LogicalResult importEinsum(NodeImporter &n);

// LSTM, GRU and RNN as edge.recurrent (RecurrentImporters.cpp).
mlir::LogicalResult importLSTM(NodeImporter &n);
mlir::LogicalResult importGRU(NodeImporter &n);
mlir::LogicalResult importRNN(NodeImporter &n);

/// A --custom-op node as edge.custom; its outputs' types from `declared` (the graph's
/// value_info and outputs by name), which must give them static (CustomOpImporter.cpp).
mlir::LogicalResult importCustomOp(NodeImporter &n, const CustomOpSpec &spec,
                                   const llvm::StringMap<const onnx::ValueInfoProto *> &declared);

/// The importer for `opType` (default domain) at the model's opset, or null.
OpImportFn findOpImporter(llvm::StringRef opType, int64_t opset);

/// Every op type in the import table.
std::vector<std::string> importableOps();

} // namespace edgec

#endif
