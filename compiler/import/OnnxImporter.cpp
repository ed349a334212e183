// ONNX → edge dialect: model checks, initializers (inline and external), inputs, node order, outputs.
#include "compiler/import/OnnxImporter.h"
#include "compiler/import/NodeImporter.h"
#include "compiler/import/OnnxModelLoader.h"
#include "compiler/support/ByteSize.h"
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "compiler/support/ShapeString.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <deque>
#include <optional>

using namespace mlir;

namespace edgec {

Type onnxElementType(MLIRContext *context, int32_t dataType) {
  Builder b(context);
  switch (dataType) {
  case onnx::TensorProto::FLOAT: return b.getF32Type();
  case onnx::TensorProto::DOUBLE: return b.getF64Type();
  case onnx::TensorProto::FLOAT16: return b.getF16Type();
  case onnx::TensorProto::INT64: return b.getI64Type();
  case onnx::TensorProto::INT32: return b.getI32Type();
  case onnx::TensorProto::INT16: return b.getI16Type();
  case onnx::TensorProto::INT8: return b.getI8Type();
  case onnx::TensorProto::UINT8: return b.getIntegerType(8, /*isSigned=*/false);
  case onnx::TensorProto::UINT16: return b.getIntegerType(16, /*isSigned=*/false);
  case onnx::TensorProto::UINT32: return b.getIntegerType(32, /*isSigned=*/false);
  case onnx::TensorProto::UINT64: return b.getIntegerType(64, /*isSigned=*/false);
  case onnx::TensorProto::BFLOAT16: return b.getBF16Type();
  // Float8 codes (onnx >= 1.14); libonnx 1.12's enum predates them.
  case 17: return b.getFloat8E4M3FNType();
  case 18: return b.getFloat8E4M3FNUZType();
  case 19: return b.getFloat8E5M2Type();
  case 20: return b.getFloat8E5M2FNUZType();
  case onnx::TensorProto::BOOL: return b.getI1Type();
  default: return {};
  }
}

static std::string dimsString(llvm::ArrayRef<int64_t> dims) { return edgec::shapeString(dims); }

LogicalResult checkTensorSize(Location loc, const std::string &what, llvm::ArrayRef<int64_t> dims,
                              Type elementType, const TensorLimit &limit) {
  for (int64_t d : dims)
    if (d < 0 && !ShapedType::isDynamic(d))
      return emitError(loc) << what << " has a negative dim " << d;
  if (ShapedType::isDynamicShape(dims))
    return success(); // nothing to measure yet
  std::string desc;
  llvm::raw_string_ostream os(desc);
  os << " (" << dimsString(dims) << " " << elementType << ")";
  std::optional<int64_t> bytes = checkedTensorBytes(dims, elementByteSize(elementType));
  if (!bytes)
    return emitError(loc) << what << os.str() << " has dims whose element count overflows int64";
  if (*bytes > limit.bytes)
    return emitError(loc) << what << os.str() << " needs " << describeBytes(*bytes)
                          << ", more than the limit of " << humanBytes(limit.bytes) << limit.note;
  return success();
}

/// Reads `length` bytes at `offset` of an external-data file that must lie inside `modelDir`.
static bool readExternalData(const std::string &modelDir, const onnx::TensorProto &tensor,
                             std::vector<char> &bytes, int64_t expected, std::string &error) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto &kv : tensor.external_data()) {
    try {
      if (kv.key() == "location")
        location = kv.value();
      else if (kv.key() == "offset")
        offset = std::stoll(kv.value());
      else if (kv.key() == "length")
        length = std::stoll(kv.value());
    } catch (...) {
      error = "external data field '" + kv.key() + "' is not a number: '" + kv.value() + "'";
      return false;
    }
  }
  if (location.empty()) {
    error = "external data has no location";
    return false;
  }
  if (llvm::sys::path::is_absolute(location) || location.find('\0') != std::string::npos) {
    error = "external data location '" + location + "' is absolute; it must be relative to the model's folder";
    return false;
  }
  llvm::SmallString<256> dirReal, fileReal, joined(modelDir);
  llvm::sys::path::append(joined, location);
  if (llvm::sys::fs::real_path(modelDir, dirReal) || llvm::sys::fs::real_path(joined, fileReal)) {
    error = "external data file '" + location + "' not found next to the model";
    return false;
  }
  llvm::StringRef dir(dirReal), file(fileReal);
  if (!file.starts_with(dir) || file.size() <= dir.size() ||
      !llvm::sys::path::is_separator(file[dir.size()])) {
    error = "external data location '" + location + "' leaves the model's folder";
    return false;
  }
  if (!llvm::sys::fs::is_regular_file(fileReal)) {
    error = "external data location '" + location + "' is not a regular file";
    return false;
  }
  if (length < 0)
    length = expected;
  if (offset < 0 || length != expected) {
    error = "external data claims " + std::to_string(length) + " bytes at offset " +
            std::to_string(offset) + ", the tensor needs " + std::to_string(expected);
    return false;
  }
  uint64_t fileSize = 0;
  llvm::sys::fs::file_size(fileReal, fileSize);
  if (static_cast<uint64_t>(offset) + static_cast<uint64_t>(length) > fileSize) {
    error = "external data file '" + location + "' has " + std::to_string(fileSize) +
            " bytes, shorter than offset " + std::to_string(offset) + " + length " +
            std::to_string(length);
    return false;
  }
  auto buffer = llvm::MemoryBuffer::getFileSlice(fileReal, length, offset);
  if (!buffer) {
    error = "cannot read external data file '" + location + "'";
    return false;
  }
  bytes.assign((*buffer)->getBufferStart(), (*buffer)->getBufferEnd());
  return true;
}

template <typename T, typename Field>
static void packField(const Field &field, std::vector<char> &bytes) {
  bytes.resize(field.size() * sizeof(T));
  for (int i = 0; i < field.size(); ++i) {
    T v = static_cast<T>(field.Get(i));
    std::memcpy(bytes.data() + i * sizeof(T), &v, sizeof(T));
  }
}

ElementsAttr tensorProtoToAttr(MLIRContext *context, const onnx::TensorProto &tensor,
                               const std::string &modelDir, const TensorLimit &limit, Location loc) {
  Type elem = onnxElementType(context, tensor.data_type());
  if (!elem) {
    emitError(loc) << "tensor '" << tensor.name() << "' has unsupported data type "
                   << tensor.data_type();
    return {};
  }
  SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  // Before reading anything: external data may claim any size.
  if (failed(checkTensorSize(loc, "tensor '" + tensor.name() + "'", dims, elem, limit)))
    return {};
  int64_t expected = *checkedTensorBytes(dims, elementByteSize(elem));
  std::vector<char> bytes;
  std::string error;
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    if (!readExternalData(modelDir, tensor, bytes, expected, error)) {
      emitError(loc) << "tensor '" << tensor.name() << "': " << error;
      return {};
    }
  } else if (tensor.has_raw_data()) {
    bytes.assign(tensor.raw_data().begin(), tensor.raw_data().end());
  } else {
    switch (tensor.data_type()) {
    case onnx::TensorProto::FLOAT: packField<float>(tensor.float_data(), bytes); break;
    case onnx::TensorProto::DOUBLE: packField<double>(tensor.double_data(), bytes); break;
    case onnx::TensorProto::INT64: packField<int64_t>(tensor.int64_data(), bytes); break;
    case onnx::TensorProto::INT32: packField<int32_t>(tensor.int32_data(), bytes); break;
    case onnx::TensorProto::INT16: packField<int16_t>(tensor.int32_data(), bytes); break;
    case onnx::TensorProto::INT8: packField<int8_t>(tensor.int32_data(), bytes); break;
    case onnx::TensorProto::UINT8: packField<uint8_t>(tensor.int32_data(), bytes); break;
    case onnx::TensorProto::BOOL: packField<uint8_t>(tensor.int32_data(), bytes); break;
    case onnx::TensorProto::FLOAT16: packField<uint16_t>(tensor.int32_data(), bytes); break;
    case onnx::TensorProto::BFLOAT16: packField<uint16_t>(tensor.int32_data(), bytes); break;
    case 17: case 18: case 19: case 20: packField<uint8_t>(tensor.int32_data(), bytes); break;
    case onnx::TensorProto::UINT16: packField<uint16_t>(tensor.int32_data(), bytes); break;
    case onnx::TensorProto::UINT32: packField<uint32_t>(tensor.uint64_data(), bytes); break;
    case onnx::TensorProto::UINT64: packField<uint64_t>(tensor.uint64_data(), bytes); break;
    default: break;
    }
  }
  if (static_cast<int64_t>(bytes.size()) != expected) {
    emitError(loc) << "tensor '" << tensor.name() << "' of shape " << dimsString(dims) << " and type "
                   << elem << " needs " << expected << " bytes of data but has " << bytes.size();
    return {};
  }
  std::string name = tensor.name().empty() ? "constant" : tensor.name();
  return makeConstant(RankedTensorType::get(dims, elem), bytes, name);
}

//===----------------------------------------------------------------------===//
// NodeImporter
//===----------------------------------------------------------------------===//

Value NodeImporter::input(int i) const {
  if (i >= node.input_size() || node.input(i).empty())
    return {};
  return tensors.lookup(node.input(i));
}

ElementsAttr NodeImporter::constantInput(int i) const {
  Value v = input(i);
  if (!v)
    return {};
  if (auto c = v.getDefiningOp<edge::ConstantOp>())
    return c.getValue();
  return {};
}

FailureOr<std::vector<int64_t>> NodeImporter::constantInts(int i, StringRef what) {
  ElementsAttr attr = constantInput(i);
  if (!attr || !cast<ShapedType>(attr.getType()).getElementType().isIntOrIndex()) {
    (void)fail("input " + std::to_string(i) + " ('" + what + "') must be a constant integer tensor (computable at compile time)");
    return failure();
  }
  return getConstantAsInts(attr);
}

bool NodeImporter::outputUsed(int i) const {
  return i < node.output_size() && !node.output(i).empty() && useCounts.lookup(node.output(i)) > 0;
}

const onnx::AttributeProto *NodeImporter::findAttr(StringRef name) const {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t NodeImporter::attrInt(StringRef name, int64_t defaultValue) const {
  const auto *a = findAttr(name);
  return a && a->type() == onnx::AttributeProto::INT ? a->i() : defaultValue;
}

float NodeImporter::attrFloat(StringRef name, float defaultValue) const {
  const auto *a = findAttr(name);
  return a && a->type() == onnx::AttributeProto::FLOAT ? a->f() : defaultValue;
}

std::string NodeImporter::attrString(StringRef name, StringRef defaultValue) const {
  const auto *a = findAttr(name);
  return a && a->type() == onnx::AttributeProto::STRING ? a->s() : defaultValue.str();
}

std::optional<std::vector<int64_t>> NodeImporter::attrInts(StringRef name) const {
  const auto *a = findAttr(name);
  if (!a || a->type() != onnx::AttributeProto::INTS)
    return std::nullopt;
  return std::vector<int64_t>(a->ints().begin(), a->ints().end());
}

const onnx::TensorProto *NodeImporter::attrTensor(StringRef name) const {
  const auto *a = findAttr(name);
  return a && a->type() == onnx::AttributeProto::TENSOR ? &a->t() : nullptr;
}

LogicalResult NodeImporter::fail(const Twine &message) {
  emitError(loc) << message;
  return failure();
}

void NodeImporter::setOutput(int i, Value value) {
  if (i < node.output_size() && !node.output(i).empty())
    tensors[node.output(i)] = value;
}

LogicalResult NodeImporter::setResult(Value value) {
  if (!value)
    return failure();
  setOutput(0, value);
  return success();
}

Value NodeImporter::constant(ElementsAttr value) {
  return builder.create<edge::ConstantOp>(loc, value.getType(), value);
}

Value NodeImporter::finish(Operation *op) {
  // Absurd shapes (huge pads, repeats...) stop here, before folding could materialize them.
  for (OpResult r : op->getResults()) {
    auto type = dyn_cast<ShapedType>(r.getType());
    std::string what = r.getResultNumber() < static_cast<unsigned>(node.output_size())
                           ? "output '" + node.output(r.getResultNumber()) + "'"
                           : "result " + std::to_string(r.getResultNumber());
    if (type && type.hasRank() &&
        failed(checkTensorSize(loc, what, type.getShape(), type.getElementType(), limit))) {
      op->erase();
      return {};
    }
  }
  // Folding at import turns shape arithmetic (Shape, Gather, Concat...) into
  // constants, so a Reshape fed by it sees its target shape.
  SmallVector<Value> folded;
  if (succeeded(builder.tryFold(op, folded)) && !folded.empty()) {
    op->erase();
    return folded.front();
  }
  return op->getResult(0);
}

//===----------------------------------------------------------------------===//
// Graph
//===----------------------------------------------------------------------===//

namespace {

/// In keep-going mode (inspect), captures the first error instead of reporting it.
class ReasonCapture {
public:
  ReasonCapture(MLIRContext *context, bool active) {
    if (active)
      handler.emplace(context, [this](Diagnostic &diag) {
        if (text.empty())
          text = diag.str();
        return success();
      });
  }
  const std::string &reason() const { return text; }

private:
  std::string text;
  std::optional<ScopedDiagnosticHandler> handler;
};

class GraphImporter {
public:
  GraphImporter(MLIRContext *context, const std::string &modelPath, const ImportOptions &options)
      : context(context), builder(context), options(options),
        limit{options.maxTensorBytes, options.limitNote},
        fileLoc(FileLineColLoc::get(context, modelPath, 0, 0)) {
    llvm::SmallString<256> dir(modelPath);
    llvm::sys::path::remove_filename(dir);
    modelDir = dir.empty() ? "." : std::string(dir);
  }

  OwningOpRef<ModuleOp> run(const onnx::ModelProto &model, int64_t opset);

private:
  LogicalResult importInitializers(const onnx::GraphProto &graph);
  FailureOr<Type> inputType(const onnx::ValueInfoProto &info);
  /// The input's type once its size passed the limit.
  FailureOr<Type> sizedInputType(Location loc, const std::string &name, ArrayRef<int64_t> dims, Type elem);
  LogicalResult orderNodes(const onnx::GraphProto &graph, std::vector<int> &order);
  /// Why `node` cannot be imported whatever its inputs (operator domain, no importer, attribute
  /// types); "" when its importer can be tried.
  std::string unsupportedReason(const onnx::NodeProto &node);
  /// The index of the --custom-op spec that computes `node`, or -1.
  int customOpFor(const onnx::NodeProto &node) const;
  /// Imports one node (its importer, attribute checks, unsupported outputs); diagnostics say why not.
  LogicalResult importNode(const onnx::NodeProto &node, Location loc);
  /// Imports the nodes of a subgraph (an If branch, a Loop or Scan body) into the current block,
  /// its graph inputs bound to `inputs` and the enclosing graphs' tensors visible by name;
  /// `outputs` are its output values. `loc` is the node that holds it.
  LogicalResult importSubgraph(const onnx::GraphProto &graph, ArrayRef<Value> inputs, Location loc,
                               SmallVectorImpl<Value> &outputs);
  /// Reports (keep-going mode) for the nodes inside `node`'s subgraphs, whose report is `outer`.
  void reportSubgraphNodes(const onnx::NodeProto &node, const NodeReport &outer);
  /// A graph input fixed by --bind: its constant, or failure.
  FailureOr<Value> boundInput(const onnx::ValueInfoProto &info, ArrayRef<double> values);
  static std::string nameOf(const onnx::NodeProto &node, int index) {
    return node.name().empty() ? node.op_type() + "_" + std::to_string(index) : node.name();
  }
  Location locOf(const onnx::NodeProto &node, int index) {
    return nodeLocation(context, nameOf(node, index), node.op_type());
  }

  /// The types the model declares (value_info, graph outputs) by tensor name: custom op
  /// outputs take theirs from here.
  void declareTypes(const onnx::GraphProto &graph) {
    for (const auto &info : graph.value_info())
      declared[info.name()] = &info;
    for (const auto &info : graph.output())
      declared[info.name()] = &info;
  }

  MLIRContext *context;
  OpBuilder builder;
  const ImportOptions &options;
  TensorLimit limit;
  Location fileLoc;
  std::string modelDir;
  llvm::StringMap<Value> tensors;
  llvm::StringMap<int> useCounts;
  /// Inputs that could not be imported (keep-going mode only): name -> why.
  llvm::StringMap<std::string> unavailable;
  llvm::StringMap<const onnx::ValueInfoProto *> declared;
  std::vector<bool> customOpUsed; // per --custom-op: whether a node matched it
  int64_t opset = 0;
};

/// Calls `fn` on each subgraph `node` holds (If branches, Loop and Scan bodies).
void forEachSubgraph(const onnx::NodeProto &node, llvm::function_ref<void(const onnx::GraphProto &)> fn) {
  for (const auto &a : node.attribute()) {
    if (a.has_g())
      fn(a.g());
    for (const auto &g : a.graphs())
      fn(g);
  }
}

/// Tensors a node's subgraphs (If branches, Loop bodies) read from enclosing scopes: what
/// they use but do not define themselves.
void implicitInputs(const onnx::GraphProto &graph, llvm::StringSet<> &used) {
  llvm::StringSet<> defined;
  for (const auto &i : graph.input())
    defined.insert(i.name());
  for (const auto &t : graph.initializer())
    defined.insert(t.name());
  for (const auto &n : graph.node())
    for (const auto &o : n.output())
      defined.insert(o);
  llvm::StringSet<> inner;
  for (const auto &n : graph.node()) {
    for (const auto &i : n.input())
      inner.insert(i);
    forEachSubgraph(n, [&](const onnx::GraphProto &g) { implicitInputs(g, inner); });
  }
  for (const auto &e : inner)
    if (!e.getKey().empty() && !defined.contains(e.getKey()))
      used.insert(e.getKey());
}

/// A node's explicit inputs followed by its subgraphs' implicit ones.
std::vector<std::string> nodeInputs(const onnx::NodeProto &node) {
  std::vector<std::string> inputs(node.input().begin(), node.input().end());
  llvm::StringSet<> implicit;
  forEachSubgraph(node, [&](const onnx::GraphProto &g) { implicitInputs(g, implicit); });
  std::vector<std::string> extra;
  for (const auto &e : implicit)
    extra.push_back(e.getKey().str());
  llvm::sort(extra); // StringSet iteration order is not deterministic
  inputs.insert(inputs.end(), extra.begin(), extra.end());
  return inputs;
}

LogicalResult GraphImporter::importInitializers(const onnx::GraphProto &graph) {
  for (const auto &init : graph.initializer()) {
    Location loc = NameLoc::get(StringAttr::get(context, init.name()), fileLoc);
    if (init.name().empty())
      return emitError(fileLoc) << "an initializer has no name";
    if (tensors.count(init.name()))
      return emitError(loc) << "duplicate initializer '" << init.name() << "'";
    ElementsAttr value = tensorProtoToAttr(context, init, modelDir, limit, loc);
    if (!value)
      return failure();
    tensors[init.name()] = builder.create<edge::ConstantOp>(loc, value.getType(), value);
  }
  return success();
}

FailureOr<Type> GraphImporter::inputType(const onnx::ValueInfoProto &info) {
  Location loc = NameLoc::get(StringAttr::get(context, info.name()), fileLoc);
  if (!info.type().has_tensor_type())
    return emitError(loc) << "graph input '" << info.name() << "' is not a tensor", failure();
  const auto &tt = info.type().tensor_type();
  Type elem = onnxElementType(context, tt.elem_type());
  if (!elem)
    return emitError(loc) << "graph input '" << info.name() << "' has unsupported element type "
                          << tt.elem_type(), failure();
  for (const auto &[name, shape] : options.inputShapes)
    if (name == info.name()) {
      for (int64_t d : shape)
        if (d < 1)
          return emitError(loc) << "--input-shape for '" << name << "' has a dim < 1", failure();
      if (tt.has_shape() && tt.shape().dim_size() != static_cast<int>(shape.size()))
        return emitError(loc) << "--input-shape gives " << shape.size() << " dims for '" << name
                              << "', the model says " << tt.shape().dim_size(), failure();
      return sizedInputType(loc, info.name(), shape, elem);
    }
  if (!tt.has_shape())
    return emitError(loc) << "graph input '" << info.name()
                          << "' has no shape; fix it with --input-shape " << info.name()
                          << "=D0xD1x...", failure();
  SmallVector<int64_t> dims;
  for (const auto &d : tt.shape().dim()) {
    if (d.has_dim_value() && d.dim_value() < 0)
      return emitError(loc) << "graph input '" << info.name() << "' has a negative dim "
                            << d.dim_value(), failure();
    if (!d.has_dim_value()) {
      std::string what = d.has_dim_param() ? "'" + d.dim_param() + "'" : "unknown";
      return emitError(loc) << "graph input '" << info.name() << "' has dynamic dim " << what
                            << " (dim " << dims.size() << "); fix it with --input-shape "
                            << info.name() << "=D0xD1x...", failure();
    }
    dims.push_back(d.dim_value());
  }
  return sizedInputType(loc, info.name(), dims, elem);
}

FailureOr<Type> GraphImporter::sizedInputType(Location loc, const std::string &name,
                                              ArrayRef<int64_t> dims, Type elem) {
  if (failed(checkTensorSize(loc, "graph input '" + name + "'", dims, elem, limit)))
    return failure();
  return Type(RankedTensorType::get(dims, elem));
}

/// Kahn's algorithm: ONNX requires topological order, but hostile files need not obey.
LogicalResult GraphImporter::orderNodes(const onnx::GraphProto &graph, std::vector<int> &order) {
  llvm::StringMap<int> producer;
  for (int i = 0; i < graph.node_size(); ++i)
    for (const auto &out : graph.node(i).output()) {
      if (out.empty())
        continue;
      if (tensors.count(out) || !producer.try_emplace(out, i).second)
        return emitError(locOf(graph.node(i), i))
               << "tensor '" << out << "' is produced more than once";
    }
  std::vector<int> pending(graph.node_size(), 0);
  std::vector<std::vector<int>> consumers(graph.node_size());
  for (int i = 0; i < graph.node_size(); ++i)
    for (const auto &in : nodeInputs(graph.node(i))) {
      if (in.empty())
        continue;
      ++useCounts[in];
      if (tensors.count(in) || unavailable.count(in))
        continue;
      auto it = producer.find(in);
      if (it == producer.end())
        return emitError(locOf(graph.node(i), i))
               << "input '" << in << "' is not a graph input, initializer or node output";
      ++pending[i];
      consumers[it->second].push_back(i);
    }
  std::deque<int> ready;
  for (int i = 0; i < graph.node_size(); ++i)
    if (pending[i] == 0)
      ready.push_back(i);
  while (!ready.empty()) {
    int n = ready.front();
    ready.pop_front();
    order.push_back(n);
    for (int c : consumers[n])
      if (--pending[c] == 0)
        ready.push_back(c);
  }
  if (order.size() != static_cast<size_t>(graph.node_size())) {
    for (int i = 0; i < graph.node_size(); ++i)
      if (pending[i] > 0)
        return emitError(locOf(graph.node(i), i)) << "the graph has a cycle through this node";
  }
  return success();
}

int GraphImporter::customOpFor(const onnx::NodeProto &node) const {
  for (size_t i = 0; i < options.customOps.size(); ++i) {
    const CustomOpSpec &spec = options.customOps[i];
    if (spec.opType == node.op_type() && (spec.domain.empty() || spec.domain == node.domain()))
      return static_cast<int>(i);
  }
  return -1;
}

std::string GraphImporter::unsupportedReason(const onnx::NodeProto &node) {
  if (customOpFor(node) >= 0)
    return "";
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return "operator domain '" + node.domain() + "' is not supported; if you have a C implementation of " +
           node.op_type() + ", give it with --custom-op " + node.domain() + "." + node.op_type() + "=your_function";
  if (!findOpImporter(node.op_type(), opset))
    return "operator '" + node.op_type() + "' is not supported (opset " + std::to_string(opset) +
           "); if you have a C implementation, give it with --custom-op " + node.op_type() + "=your_function";
  return checkNodeAttributes(node, opset);
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node, Location loc) {
  if (std::string why = unsupportedReason(node); !why.empty())
    return emitError(loc) << why;
  NodeImporter ctx(node, loc, builder, tensors, useCounts, modelDir, limit);
  if (int i = customOpFor(node); i >= 0) {
    customOpUsed[i] = true;
    return importCustomOp(ctx, options.customOps[i], declared);
  }
  ctx.importSubgraph = [this, loc](const onnx::GraphProto &g, ArrayRef<Value> inputs, SmallVectorImpl<Value> &outs) {
    return importSubgraph(g, inputs, loc, outs);
  };
  if (failed(findOpImporter(node.op_type(), opset)(ctx)))
    return failure();
  for (int i = 0; i < node.output_size(); ++i)
    if (ctx.outputUsed(i) && !tensors.count(node.output(i)))
      return emitError(loc) << "output " << i << " ('" << node.output(i) << "') is not supported by edgec";
  return success();
}

/// While a subgraph imports, the names it defines hide any outer tensor of the same name; when it
/// is done they go and the outer ones come back. So a Loop body can be imported once per
/// iteration, each time with fresh values under the same names.
class SubgraphScope {
public:
  SubgraphScope(llvm::StringMap<Value> &tensors, const onnx::GraphProto &graph) : tensors(tensors) {
    auto save = [&](const std::string &name) {
      if (!name.empty())
        saved.emplace_back(name, tensors.lookup(name));
    };
    for (const auto &i : graph.input())
      save(i.name());
    for (const auto &t : graph.initializer())
      save(t.name());
    for (const auto &n : graph.node())
      for (const auto &o : n.output())
        save(o);
  }
  ~SubgraphScope() {
    // Newest first, so a name saved twice gets its outer value back.
    for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
      if (it->second)
        tensors[it->first] = it->second;
      else
        tensors.erase(it->first);
    }
  }

private:
  llvm::StringMap<Value> &tensors;
  std::vector<std::pair<std::string, Value>> saved;
};

LogicalResult GraphImporter::importSubgraph(const onnx::GraphProto &graph, ArrayRef<Value> inputs, Location loc,
                                            SmallVectorImpl<Value> &outputs) {
  if (graph.input_size() != static_cast<int>(inputs.size()))
    return emitError(loc) << "subgraph '" << graph.name() << "' declares " << graph.input_size()
                          << " inputs, the node gives it " << inputs.size();
  SubgraphScope scope(tensors, graph);
  for (int i = 0; i < graph.input_size(); ++i)
    tensors[graph.input(i).name()] = inputs[i];
  if (failed(importInitializers(graph)))
    return failure();
  declareTypes(graph);
  std::vector<int> order;
  if (failed(orderNodes(graph, order)))
    return failure();
  for (const auto &out : graph.output())
    ++useCounts[out.name()];
  for (int index : order)
    if (failed(importNode(graph.node(index), locOf(graph.node(index), index))))
      return failure();
  for (const auto &out : graph.output()) {
    Value v = tensors.lookup(out.name());
    if (!v)
      return emitError(loc) << "subgraph output '" << out.name() << "' is never produced";
    outputs.push_back(v);
  }
  return success();
}

void GraphImporter::reportSubgraphNodes(const onnx::NodeProto &node, const NodeReport &outer) {
  // A node inside an imported one was imported with it (or sits in an If branch not taken);
  // inside one that failed, it is checked on its own, so an unsupported op is named.
  forEachSubgraph(node, [&](const onnx::GraphProto &graph) {
    for (int i = 0; i < graph.node_size(); ++i) {
      const onnx::NodeProto &inner = graph.node(i);
      NodeReport report{nameOf(inner, i), inner.op_type(), NodeReport::Imported, "", outer.name};
      if (outer.status != NodeReport::Imported) {
        report.reason = unsupportedReason(inner);
        report.status = report.reason.empty() ? NodeReport::Blocked : NodeReport::Unsupported;
        if (report.reason.empty())
          report.reason = "inside '" + outer.name + "', which did not import";
      }
      options.reports->push_back(report);
      reportSubgraphNodes(inner, report);
    }
  });
}

FailureOr<Value> GraphImporter::boundInput(const onnx::ValueInfoProto &info, ArrayRef<double> values) {
  Location loc = NameLoc::get(StringAttr::get(context, info.name()), fileLoc);
  const auto &tt = info.type().tensor_type();
  // A dynamic 1-D input takes the bound value's length; any other shape comes from the model
  // or --input-shape.
  bool oneDimDynamic = tt.has_shape() && tt.shape().dim_size() == 1 && !tt.shape().dim(0).has_dim_value();
  bool shaped = llvm::any_of(options.inputShapes, [&](const auto &s) { return s.first == info.name(); });
  FailureOr<Type> type = failure();
  if (oneDimDynamic && !shaped) {
    Type elem = onnxElementType(context, tt.elem_type());
    if (!elem)
      return emitError(loc) << "graph input '" << info.name() << "' has unsupported element type " << tt.elem_type(),
             failure();
    type = sizedInputType(loc, info.name(), {static_cast<int64_t>(values.size())}, elem);
  } else {
    type = inputType(info);
  }
  if (failed(type))
    return failure();
  auto shapedType = cast<ShapedType>(*type);
  int64_t count = shapedType.getNumElements();
  if (values.size() != 1 && static_cast<int64_t>(values.size()) != count)
    return emitError(loc) << "--bind gives " << values.size() << " values for '" << info.name() << "', which has "
                          << count << " elements (give 1 to fill it, or all of them)",
           failure();
  std::vector<double> all(count, values.front());
  if (values.size() != 1)
    all.assign(values.begin(), values.end());
  ElementsAttr value = makeConstantFromDoubles(shapedType, all, "bound." + info.name());
  return builder.create<edge::ConstantOp>(loc, value.getType(), value).getResult();
}

OwningOpRef<ModuleOp> GraphImporter::run(const onnx::ModelProto &model, int64_t modelOpset) {
  opset = modelOpset;
  const onnx::GraphProto &graph = model.graph();
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  auto func = builder.create<func::FuncOp>(fileLoc, "main", builder.getFunctionType({}, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToEnd(body);

  // Graph inputs (old exports also list initializers as inputs: those are constants).
  llvm::StringSet<> initializerNames;
  for (const auto &init : graph.initializer())
    initializerNames.insert(init.name());
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames, boundNames;
  for (const auto &in : graph.input()) {
    if (initializerNames.contains(in.name()))
      continue;
    if (in.name().empty() || tensors.count(in.name()))
      return emitError(fileLoc) << "graph input '" << in.name() << "' is unnamed or repeated", nullptr;
    if (auto bound = llvm::find_if(options.binds, [&](const auto &b) { return b.first == in.name(); });
        bound != options.binds.end()) {
      FailureOr<Value> value = boundInput(in, bound->second);
      if (failed(value))
        return nullptr;
      tensors[in.name()] = *value;
      boundNames.push_back(in.name());
      continue;
    }
    FailureOr<Type> type = failure();
    {
      // In keep-going mode a bad input blocks its consumers instead of the whole import.
      ReasonCapture capture(context, options.reports != nullptr);
      type = inputType(in);
      if (failed(type) && options.reports) {
        unavailable[in.name()] = "graph input '" + in.name() + "': " + capture.reason();
        continue;
      }
    }
    if (failed(type))
      return nullptr;
    tensors[in.name()] = body->addArgument(*type, NameLoc::get(StringAttr::get(context, in.name()), fileLoc));
    argTypes.push_back(*type);
    argNames.push_back(in.name());
  }
  for (const auto &[name, shape] : options.inputShapes)
    if (!llvm::is_contained(argNames, name) && !llvm::is_contained(boundNames, name))
      return emitError(fileLoc) << "--input-shape names '" << name
                                << "', which is not a graph input", nullptr;
  for (const auto &[name, values] : options.binds)
    if (!llvm::is_contained(boundNames, name))
      return emitError(fileLoc) << "--bind names '" << name << "', which is not a graph input", nullptr;
  if (failed(importInitializers(graph)))
    return nullptr;
  declareTypes(graph);
  customOpUsed.assign(options.customOps.size(), false);

  std::vector<int> order;
  if (failed(orderNodes(graph, order)))
    return nullptr;
  for (const auto &out : graph.output())
    ++useCounts[out.name()];

  bool anyFailed = !unavailable.empty();
  llvm::StringMap<std::string> blockedBy; // tensor -> the unsupported node it comes from
  for (const auto &entry : unavailable)
    blockedBy[entry.getKey()] = entry.getValue();
  for (int index : order) {
    const onnx::NodeProto &node = graph.node(index);
    Location loc = locOf(node, index);
    NodeReport report{nodeName(loc), node.op_type(), NodeReport::Imported, ""};
    auto poison = [&](const std::string &origin) {
      for (const auto &out : node.output())
        blockedBy[out] = origin;
    };
    if (options.reports) {
      std::string origin;
      for (const auto &in : nodeInputs(node))
        if (auto it = blockedBy.find(in); it != blockedBy.end())
          origin = it->second;
      if (!origin.empty()) {
        report.status = NodeReport::Blocked;
        report.reason = origin.find(' ') == std::string::npos
                            ? "depends on unsupported node '" + origin + "'"
                            : "depends on " + origin;
        options.reports->push_back(report);
        reportSubgraphNodes(node, report);
        poison(origin);
        continue;
      }
    }
    // In keep-going mode, diagnostics become this node's reason instead of stopping.
    std::optional<ReasonCapture> capture(std::in_place, context, options.reports != nullptr);
    bool ok = succeeded(importNode(node, loc));
    std::string reason = capture->reason();
    capture.reset();
    if (!ok && !options.reports)
      return nullptr;
    if (!ok) {
      anyFailed = true;
      report.status = NodeReport::Unsupported;
      report.reason = reason;
      poison(report.name);
    }
    if (options.reports) {
      options.reports->push_back(report);
      reportSubgraphNodes(node, report);
    }
  }
  if (anyFailed)
    return nullptr;
  for (size_t i = 0; i < options.customOps.size(); ++i)
    if (!customOpUsed[i])
      return emitError(fileLoc) << "--custom-op " << options.customOps[i].spelled() << "="
                                << options.customOps[i].symbol << " matches no node of the model", nullptr;

  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const auto &out : graph.output()) {
    Value v = tensors.lookup(out.name());
    if (!v)
      return emitError(fileLoc) << "graph output '" << out.name() << "' is never produced", nullptr;
    results.push_back(v);
    resultTypes.push_back(v.getType());
  }
  if (results.empty())
    return emitError(fileLoc) << "the graph has no outputs", nullptr;
  builder.create<func::ReturnOp>(fileLoc, results);
  func.setFunctionType(builder.getFunctionType(argTypes, resultTypes));
  for (size_t i = 0; i < argNames.size(); ++i)
    func.setArgAttr(i, "edgec.name", builder.getStringAttr(argNames[i]));
  for (int i = 0; i < graph.output_size(); ++i)
    func.setResultAttr(i, "edgec.name", builder.getStringAttr(graph.output(i).name()));
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

std::string hashFile(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    return {};
  auto digest = llvm::SHA256::hash(llvm::arrayRefFromStringRef((*buffer)->getBuffer()));
  std::string hex;
  llvm::raw_string_ostream os(hex);
  for (uint8_t byte : digest)
    os << llvm::format_hex_no_prefix(byte, 2);
  return os.str();
}

OwningOpRef<ModuleOp> importOnnxFile(MLIRContext *context, const std::string &path,
                                     const ImportOptions &options) {
  context->loadDialect<edge::EdgeDialect, func::FuncDialect>();
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  if (llvm::sys::fs::is_directory(path))
    return emitError(fileLoc) << "is a directory, not an ONNX file", nullptr;
  uint64_t size = 0;
  if (llvm::sys::fs::file_size(path, size))
    return emitError(fileLoc) << "cannot read the file", nullptr;
  if (size > kMaxModelFileBytes)
    return emitError(fileLoc) << "the file is " << size
                              << " bytes; ONNX protobuf files must be under 2 GiB", nullptr;
  auto buffer = llvm::MemoryBuffer::getFile(path, false, false);
  if (!buffer)
    return emitError(fileLoc) << "cannot read the file", nullptr;
  std::vector<char> bytes((*buffer)->getBufferStart(), (*buffer)->getBufferEnd());
  onnx::ModelProto model;
  int64_t opset = 0;
  std::string error;
  if (!loadOnnxModel(bytes, model, opset, error, options.inputShapes))
    return emitError(fileLoc) << error, nullptr;
  return GraphImporter(context, path, options).run(model, opset);
}

std::vector<std::string> supportedOnnxOps() { return importableOps(); }

bool listOnnxNodes(const std::string &path, std::vector<OnnxNodeSummary> &nodes, std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path, false, false);
  if (!buffer) {
    error = "cannot read the file";
    return false;
  }
  std::vector<char> bytes((*buffer)->getBufferStart(), (*buffer)->getBufferEnd());
  onnx::ModelProto model;
  int64_t opset = 0;
  if (!loadOnnxModel(bytes, model, opset, error))
    return false;
  int index = 0;
  for (const auto &node : model.graph().node()) {
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    nodes.push_back({node.name().empty() ? node.op_type() + "_" + std::to_string(index) : node.name(),
                     node.op_type(), defaultDomain && findOpImporter(node.op_type(), opset)});
    ++index;
  }
  return true;
}

} // namespace edgec
