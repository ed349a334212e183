// edge dialect -> ONNX (opset 21): one node per edge op (two for a fused activation or a
// requantization), constants as deduplicated initializers. Inverts compiler/import's mapping.
#include "compiler/export/OnnxExporter.h"
#include "compiler/dialect/Edge/EdgeDialect.h"
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <onnx/onnx_pb.h>

#include <cfloat>
#include <climits>
#include <cmath>
#include <set>

using namespace mlir;

namespace edgec {
namespace {

/// ONNX's TensorProto data type of an element type (a quantized one's storage); 0 if none.
int32_t onnxDataType(Type type) {
  type = edge::storageType(type);
  if (type.isF32()) return onnx::TensorProto::FLOAT;
  if (type.isF64()) return onnx::TensorProto::DOUBLE;
  if (type.isF16()) return onnx::TensorProto::FLOAT16;
  if (type.isBF16()) return onnx::TensorProto::BFLOAT16;
  // Float8 codes (onnx >= 1.14); libonnx 1.12's enum predates them.
  if (type.isFloat8E4M3FN()) return 17;
  if (type.isFloat8E4M3FNUZ()) return 18;
  if (type.isFloat8E5M2()) return 19;
  if (type.isFloat8E5M2FNUZ()) return 20;
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer)
    return 0;
  bool isUnsigned = integer.isUnsigned();
  switch (integer.getWidth()) {
  case 1: return onnx::TensorProto::BOOL;
  case 8: return isUnsigned ? onnx::TensorProto::UINT8 : onnx::TensorProto::INT8;
  case 16: return isUnsigned ? onnx::TensorProto::UINT16 : onnx::TensorProto::INT16;
  case 32: return isUnsigned ? onnx::TensorProto::UINT32 : onnx::TensorProto::INT32;
  case 64: return isUnsigned ? onnx::TensorProto::UINT64 : onnx::TensorProto::INT64;
  default: return 0;
  }
}

const char *unaryOpType(edge::UnaryKind kind) {
  using K = edge::UnaryKind;
  switch (kind) {
  case K::relu: return "Relu";
  case K::clip: return "Clip";
  case K::sigmoid: return "Sigmoid";
  case K::tanh: return "Tanh";
  case K::leaky_relu: return "LeakyRelu";
  case K::neg: return "Neg";
  case K::abs: return "Abs";
  case K::exp: return "Exp";
  case K::log: return "Log";
  case K::sqrt: return "Sqrt";
  case K::reciprocal: return "Reciprocal";
  case K::elu: return "Elu";
  case K::selu: return "Selu";
  case K::softplus: return "Softplus";
  case K::softsign: return "Softsign";
  case K::hard_sigmoid: return "HardSigmoid";
  case K::hard_swish: return "HardSwish";
  case K::erf: return "Erf";
  case K::ceil: return "Ceil";
  case K::floor: return "Floor";
  case K::round: return "Round";
  case K::sin: return "Sin";
  case K::cos: return "Cos";
  case K::sign: return "Sign";
  case K::Not: return "Not";
  case K::gelu: return "Gelu";
  }
  return nullptr;
}

const char *binaryOpType(edge::BinaryKind kind) {
  using K = edge::BinaryKind;
  switch (kind) {
  case K::add: return "Add";
  case K::sub: return "Sub";
  case K::mul: return "Mul";
  case K::div: return "Div";
  case K::pow: return "Pow";
  case K::min: return "Min";
  case K::max: return "Max";
  case K::prelu: return "PRelu";
  case K::And: return "And";
  case K::Or: return "Or";
  case K::Xor: return "Xor";
  }
  return nullptr;
}

const char *reduceOpType(edge::ReduceKind kind) {
  using K = edge::ReduceKind;
  switch (kind) {
  case K::sum: return "ReduceSum";
  case K::mean: return "ReduceMean";
  case K::max: return "ReduceMax";
  case K::min: return "ReduceMin";
  case K::prod: return "ReduceProd";
  case K::l1: return "ReduceL1";
  case K::l2: return "ReduceL2";
  case K::log_sum: return "ReduceLogSum";
  case K::log_sum_exp: return "ReduceLogSumExp";
  case K::sum_square: return "ReduceSumSquare";
  }
  return nullptr;
}

/// The error for an op with no ONNX form; the caller streams the reason.
InFlightDiagnostic unsupported(Operation *op) {
  return emitError(op->getLoc()) << "cannot export '" << op->getName() << "' to ONNX: ";
}

onnx::AttributeProto *addAttr(onnx::NodeProto &node, StringRef name, onnx::AttributeProto::AttributeType type) {
  onnx::AttributeProto *a = node.add_attribute();
  a->set_name(name.str());
  a->set_type(type);
  return a;
}
void setInt(onnx::NodeProto &node, StringRef name, int64_t v) {
  addAttr(node, name, onnx::AttributeProto::INT)->set_i(v);
}
void setFloat(onnx::NodeProto &node, StringRef name, float v) {
  addAttr(node, name, onnx::AttributeProto::FLOAT)->set_f(v);
}
void setString(onnx::NodeProto &node, StringRef name, StringRef v) {
  addAttr(node, name, onnx::AttributeProto::STRING)->set_s(v.str());
}
void setInts(onnx::NodeProto &node, StringRef name, ArrayRef<int64_t> v) {
  onnx::AttributeProto *a = addAttr(node, name, onnx::AttributeProto::INTS);
  for (int64_t x : v)
    a->add_ints(x);
}

/// The ONNX names one edge op exports under: its node's and its results' tensors'.
struct Names {
  std::string node;
  SmallVector<std::string> results;
};

class GraphExporter {
public:
  GraphExporter(MLIRContext *context, onnx::GraphProto &graph) : context(context), graph(graph) {}
  LogicalResult run(func::FuncOp func);

private:
  std::string fresh(llvm::StringSet<> &taken, StringRef base);
  std::string freshTensor(StringRef base) { return fresh(tensorNames, base); }
  std::string freshNode(StringRef base) { return fresh(nodeNames, base); }
  LogicalResult valueInfo(onnx::ValueInfoProto &info, Value value, StringRef name);

  /// Initializers: from a constant (deduplicated), or built for an attribute ONNX takes as input.
  std::string initializer(StringRef base, ShapedType type, ArrayRef<char> bytes);
  std::string constant(ElementsAttr value, StringRef base);
  std::string ints(StringRef base, ArrayRef<int64_t> values);
  std::string numbers(StringRef base, Type element, ArrayRef<int64_t> shape, ArrayRef<double> values);

  onnx::NodeProto &node(StringRef opType, StringRef name, ArrayRef<std::string> inputs,
                        ArrayRef<std::string> outputs);
  std::string in(Value v) { return names.lookup(v); }
  LogicalResult nameOperands(Operation *op, StringRef nodeBase);
  LogicalResult exportOp(Operation *op);

  void unary(edge::UnaryKind kind, float alpha, float beta, Type element, const std::string &input,
             const std::string &output, const std::string &name);
  struct QuantInputs {
    std::string scale, zeroPoint;
    int64_t axis = -1; // per tensor
  };
  QuantInputs quantInputs(quant::QuantizedType type, StringRef base);
  void dequantizeNode(quant::QuantizedType type, const std::string &input, const std::string &output,
                      const std::string &name);

  template <typename ConvOp>
  onnx::NodeProto &convNode(StringRef opType, ConvOp op, const Names &n);
  LogicalResult emit(edge::ConvOp op, const Names &n);
  LogicalResult emit(edge::ConvTransposeOp op, const Names &n);
  LogicalResult emit(edge::GemmOp op, const Names &n);
  LogicalResult emit(edge::MatMulOp op, const Names &n);
  LogicalResult emit(edge::BinaryOp op, const Names &n);
  LogicalResult emit(edge::UnaryOp op, const Names &n);
  LogicalResult emit(edge::SoftmaxOp op, const Names &n);
  LogicalResult emit(edge::PoolOp op, const Names &n);
  LogicalResult emit(edge::MaxPoolWithIndicesOp op, const Names &n);
  LogicalResult emit(edge::GlobalPoolOp op, const Names &n);
  template <typename BatchNormOp>
  onnx::NodeProto &batchNormNode(BatchNormOp op, const Names &n);
  LogicalResult emit(edge::BatchNormOp op, const Names &n);
  LogicalResult emit(edge::BatchNormTrainingOp op, const Names &n);
  LogicalResult emit(edge::ReshapeOp op, const Names &n);
  LogicalResult emit(edge::TransposeOp op, const Names &n);
  LogicalResult emit(edge::ConcatOp op, const Names &n);
  LogicalResult emit(edge::IdentityOp op, const Names &n);
  LogicalResult emit(edge::GatherOp op, const Names &n);
  LogicalResult emit(edge::CastOp op, const Names &n);
  LogicalResult emit(edge::SliceOp op, const Names &n);
  LogicalResult emit(edge::PadOp op, const Names &n);
  LogicalResult emit(edge::ResizeOp op, const Names &n);
  LogicalResult emit(edge::ReduceOp op, const Names &n);
  LogicalResult emit(edge::CompareOp op, const Names &n);
  LogicalResult emit(edge::SelectOp op, const Names &n);
  LogicalResult emit(edge::BroadcastOp op, const Names &n);
  LogicalResult emit(edge::LayerNormOp op, const Names &n);
  LogicalResult emit(edge::ArgReduceOp op, const Names &n);
  LogicalResult emit(edge::TopKOp op, const Names &n);
  LogicalResult emit(edge::AttentionOp op, const Names &n);
  LogicalResult emit(edge::CumSumOp op, const Names &n);
  LogicalResult emit(edge::GatherElementsOp op, const Names &n);
  LogicalResult emit(edge::RecurrentOp op, const Names &n);
  LogicalResult emit(edge::QuantizeOp op, const Names &n);
  LogicalResult emit(edge::DequantizeOp op, const Names &n);
  LogicalResult emit(edge::CustomOp op, const Names &n);

  MLIRContext *context;
  onnx::GraphProto &graph;
  DenseMap<Value, std::string> names;
  DenseMap<Attribute, std::string> initializers;
  /// The graph output name a value takes when its op produces it.
  DenseMap<Value, std::string> outputNames;
  llvm::StringSet<> tensorNames, nodeNames;
};

std::string GraphExporter::fresh(llvm::StringSet<> &taken, StringRef base) {
  std::string name = base.empty() ? "t" : base.str();
  for (int i = 1; !taken.insert(name).second; ++i)
    name = base.str() + "_" + std::to_string(i);
  return name;
}

/// A graph input's or output's name, element type and static shape.
LogicalResult GraphExporter::valueInfo(onnx::ValueInfoProto &info, Value value, StringRef name) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  int32_t dataType = type ? onnxDataType(type.getElementType()) : 0;
  if (!dataType)
    return failure();
  info.set_name(name.str());
  auto *tensor = info.mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(dataType);
  auto *shape = tensor->mutable_shape();
  for (int64_t d : type.getShape())
    shape->add_dim()->set_dim_value(d);
  return success();
}

std::string GraphExporter::initializer(StringRef base, ShapedType type, ArrayRef<char> bytes) {
  onnx::TensorProto *t = graph.add_initializer();
  t->set_name(freshTensor(base));
  t->set_data_type(onnxDataType(type.getElementType()));
  for (int64_t d : type.getShape())
    t->add_dims(d);
  t->set_raw_data(bytes.data(), bytes.size());
  return t->name();
}

std::string GraphExporter::constant(ElementsAttr value, StringRef base) {
  auto [it, inserted] = initializers.try_emplace(value, "");
  if (inserted)
    it->second = initializer(base, cast<ShapedType>(value.getType()), getConstantBytes(value));
  return it->second;
}

std::string GraphExporter::ints(StringRef base, ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())}, IntegerType::get(context, 64));
  return initializer(base, type, ArrayRef<char>(reinterpret_cast<const char *>(values.data()), values.size() * 8));
}

std::string GraphExporter::numbers(StringRef base, Type element, ArrayRef<int64_t> shape, ArrayRef<double> values) {
  auto type = RankedTensorType::get(shape, element);
  return initializer(base, type, getConstantBytes(makeConstantFromDoubles(type, values, base)));
}

onnx::NodeProto &GraphExporter::node(StringRef opType, StringRef name, ArrayRef<std::string> inputs,
                                     ArrayRef<std::string> outputs) {
  onnx::NodeProto *n = graph.add_node();
  n->set_op_type(opType.str());
  n->set_name(name.str());
  for (const std::string &i : inputs)
    n->add_input(i);
  for (const std::string &o : outputs)
    n->add_output(o);
  return *n;
}

/// Constant operands become initializers when first used, named after their weight
/// (resource), their ONNX initializer, or else the consuming node and operand position.
LogicalResult GraphExporter::nameOperands(Operation *op, StringRef nodeBase) {
  for (OpOperand &operand : op->getOpOperands()) {
    Value v = operand.get();
    if (names.count(v))
      continue;
    auto c = v.getDefiningOp<edge::ConstantOp>();
    if (!c)
      return unsupported(op) << "operand " << operand.getOperandNumber() << " is not produced before it";
    std::string base = nodeBase.str() + "_in" + std::to_string(operand.getOperandNumber());
    auto resource = dyn_cast<DenseResourceElementsAttr>(c.getValue());
    if (resource)
      base = resource.getRawHandle().getKey().str();
    else if (nodeOpType(c.getLoc()).empty() && !nodeName(c.getLoc()).empty())
      base = nodeName(c.getLoc());
    if (edge::isQuantized(c.getType()))
      return unsupported(c) << "a constant of quantized type has no ONNX form (export before edge-fold-qdq)";
    if (resource && !resource.getRawHandle().getBlob())
      return unsupported(c) << "the constant's data is missing";
    names[v] = constant(c.getValue(), base);
  }
  return success();
}

/// Why `op` cannot be exported at all, whatever its kind: the module is past graph level.
LogicalResult checkGraphLevel(Operation *op) {
  if (!isa<edge::EdgeDialect>(op->getDialect()))
    return unsupported(op) << "not an edge graph op (export a module before edge-lower-to-kernel)";
  if (auto layout = op->getAttrOfType<edge::LayoutAttr>("layout"); layout && layout.getValue() == edge::Layout::nhwc)
    return unsupported(op) << "it is in NHWC layout (export a module before edge-to-nhwc)";
  auto quantized = [](TypeRange types) { return llvm::any_of(types, [](Type t) { return edge::isQuantized(t); }); };
  if (!isa<edge::QuantizeOp, edge::DequantizeOp, edge::StorageCastOp>(op) &&
      (quantized(op->getOperandTypes()) || quantized(op->getResultTypes())))
    return unsupported(op) << "it computes on quantized tensors (export a module before edge-fold-qdq)";
  for (Value r : op->getResults())
    if (auto t = dyn_cast<RankedTensorType>(r.getType()); !t || !onnxDataType(t.getElementType()))
      return unsupported(op) << "its result type " << r.getType() << " has no ONNX form";
  return success();
}

LogicalResult GraphExporter::exportOp(Operation *op) {
  if (isa<edge::ConstantOp>(op))
    return success(); // exported where used
  if (failed(checkGraphLevel(op)))
    return failure();
  std::string base = nodeName(op->getLoc());
  if (base.empty())
    base = op->getName().stripDialect().str();
  if (failed(nameOperands(op, base)))
    return failure();
  // The same bits under another type: ONNX sees one tensor.
  if (auto cast = dyn_cast<edge::StorageCastOp>(op)) {
    names[cast.getOutput()] = in(cast.getInput());
    return success();
  }
  // A fused activation (edge-fuse-activations) becomes its own node after the op's, named,
  // like the tensor it writes, after the activation's ONNX node where the location keeps it.
  auto act = op->getAttrOfType<edge::ActivationKindAttr>("act");
  bool fused = act && act.getValue() != edge::ActivationKind::none;
  std::string actBase = fused ? lastNodeName(op->getLoc()) : "";
  if (fused && (actBase.empty() || actBase == base))
    actBase = base + "_act";
  Names n{freshNode(base), {}};
  for (OpResult r : op->getResults()) {
    std::string out = outputNames.lookup(r);
    unsigned i = r.getResultNumber();
    std::string stem = i ? base + "_" + std::to_string(i) : fused ? actBase : base;
    n.results.push_back(!out.empty() ? out : freshTensor(stem));
    names[r] = n.results.back();
  }
  Names main = n;
  if (fused)
    main.results[0] = freshTensor(base);
  LogicalResult done =
      TypeSwitch<Operation *, LogicalResult>(op)
          .Case<edge::ConvOp, edge::ConvTransposeOp, edge::GemmOp, edge::MatMulOp, edge::BinaryOp, edge::UnaryOp,
                edge::SoftmaxOp, edge::PoolOp, edge::MaxPoolWithIndicesOp, edge::GlobalPoolOp, edge::BatchNormOp,
                edge::BatchNormTrainingOp, edge::ReshapeOp, edge::TransposeOp, edge::ConcatOp, edge::IdentityOp,
                edge::GatherOp, edge::CastOp, edge::SliceOp, edge::PadOp, edge::ResizeOp, edge::ReduceOp,
                edge::CompareOp, edge::SelectOp, edge::BroadcastOp, edge::LayerNormOp, edge::ArgReduceOp, edge::TopKOp, edge::AttentionOp,
                edge::CumSumOp, edge::GatherElementsOp, edge::RecurrentOp, edge::QuantizeOp,
                edge::DequantizeOp, edge::CustomOp>([&](auto typed) { return emit(typed, main); })
          .Default([&](Operation *) -> LogicalResult { return unsupported(op) << "no ONNX mapping for this op"; });
  if (failed(done) || !fused)
    return done;
  auto kind = edge::symbolizeUnaryKind(edge::stringifyActivationKind(act.getValue()));
  if (!kind)
    return unsupported(op) << "unknown fused activation";
  auto alpha = op->getAttrOfType<FloatAttr>("act_alpha"), beta = op->getAttrOfType<FloatAttr>("act_beta");
  unary(*kind, alpha ? static_cast<float>(alpha.getValueAsDouble()) : 0.0f,
        beta ? static_cast<float>(beta.getValueAsDouble()) : 0.0f,
        cast<ShapedType>(op->getResult(0).getType()).getElementType(), main.results[0], n.results[0],
        freshNode(actBase));
  return success();
}

void GraphExporter::unary(edge::UnaryKind kind, float alpha, float beta, Type element, const std::string &input,
                          const std::string &output, const std::string &name) {
  using K = edge::UnaryKind;
  if (kind == K::clip) {
    // Clip's bounds are inputs since opset 11; an unbounded side (the importer's -/+FLT_MAX) is left out.
    node("Clip", name,
         {input, alpha > -FLT_MAX ? numbers(name + "_min", element, {}, {alpha}) : "",
          beta < FLT_MAX ? numbers(name + "_max", element, {}, {beta}) : ""},
         {output});
    return;
  }
  onnx::NodeProto &n = node(unaryOpType(kind), name, {input}, {output});
  switch (kind) {
  case K::leaky_relu:
  case K::elu: setFloat(n, "alpha", alpha); break;
  case K::selu:
    setFloat(n, "alpha", alpha);
    setFloat(n, "gamma", beta);
    break;
  case K::hard_sigmoid:
    setFloat(n, "alpha", alpha);
    setFloat(n, "beta", beta);
    break;
  case K::gelu: setString(n, "approximate", alpha != 0 ? "tanh" : "none"); break;
  default: break;
  }
}

//===----------------------------------------------------------------------===//
// One function per op kind
//===----------------------------------------------------------------------===//

/// Inputs with an optional last one (a bias) left out when absent.
SmallVector<std::string> withOptional(SmallVector<std::string> inputs, const std::string &optional) {
  if (!optional.empty())
    inputs.push_back(optional);
  return inputs;
}

/// Conv and ConvTranspose: X, W and the optional bias; the window attributes but pads.
template <typename ConvOp>
onnx::NodeProto &GraphExporter::convNode(StringRef opType, ConvOp op, const Names &n) {
  auto &c = node(opType, n.node,
                 withOptional({in(op.getInput()), in(op.getFilter())}, op.getBias() ? in(op.getBias()) : ""),
                 n.results);
  setInts(c, "kernel_shape", cast<ShapedType>(op.getFilter().getType()).getShape().drop_front(2));
  setInts(c, "strides", op.getStrides());
  setInts(c, "dilations", op.getDilations());
  setInt(c, "group", static_cast<int64_t>(op.getGroup()));
  return c;
}

LogicalResult GraphExporter::emit(edge::ConvOp op, const Names &n) {
  setInts(convNode("Conv", op, n), "pads", op.getPads());
  return success();
}

LogicalResult GraphExporter::emit(edge::ConvTransposeOp op, const Names &n) {
  // A negative end pad (the importer's form of output_shape) grows the output: output_padding.
  SmallVector<int64_t> pads(op.getPads()), outputPadding(op.getOutputPadding());
  size_t s = outputPadding.size();
  for (size_t i = 0; i < s; ++i) {
    if (pads[i] < 0)
      return unsupported(op) << "a negative begin pad has no ONNX form";
    if (pads[s + i] < 0) {
      outputPadding[i] -= pads[s + i];
      pads[s + i] = 0;
    }
  }
  auto &c = convNode("ConvTranspose", op, n);
  setInts(c, "pads", pads);
  setInts(c, "output_padding", outputPadding);
  return success();
}

LogicalResult GraphExporter::emit(edge::GemmOp op, const Names &n) {
  auto &g = node("Gemm", n.node, withOptional({in(op.getA()), in(op.getB())}, op.getC() ? in(op.getC()) : ""),
                 n.results);
  setFloat(g, "alpha", op.getAlpha().convertToFloat());
  setFloat(g, "beta", op.getBeta().convertToFloat());
  setInt(g, "transA", op.getTransA());
  setInt(g, "transB", op.getTransB());
  return success();
}

LogicalResult GraphExporter::emit(edge::MatMulOp op, const Names &n) {
  node("MatMul", n.node, {in(op.getA()), in(op.getB())}, n.results);
  return success();
}

LogicalResult GraphExporter::emit(edge::BinaryOp op, const Names &n) {
  node(binaryOpType(op.getKind()), n.node, {in(op.getLhs()), in(op.getRhs())}, n.results);
  return success();
}

LogicalResult GraphExporter::emit(edge::UnaryOp op, const Names &n) {
  unary(op.getKind(), op.getAlpha().convertToFloat(), op.getBeta().convertToFloat(),
        op.getInput().getType().getElementType(), in(op.getInput()), n.results[0], n.node);
  return success();
}

LogicalResult GraphExporter::emit(edge::SoftmaxOp op, const Names &n) {
  setInt(node(op.getLog() ? "LogSoftmax" : "Softmax", n.node, {in(op.getInput())}, n.results), "axis",
         static_cast<int64_t>(op.getAxis()));
  return success();
}

/// A pool's window. ceil_mode only where it changes the output size: with the same size both
/// modes take the same windows, and the shape inference of MaxPool before opset 22 gets some
/// ceil cases wrong.
template <typename PoolOp>
void setPoolWindow(onnx::NodeProto &node, PoolOp op) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape(), out = op.getOutput().getType().getShape();
  ArrayRef<int64_t> kernel = op.getKernelShape(), strides = op.getStrides(), dilations = op.getDilations(),
                    pads = op.getPads();
  size_t s = kernel.size();
  bool ceil = false;
  for (size_t i = 0; i < s; ++i) {
    int64_t span = in[i + 2] + pads[i] + pads[i + s] - ((kernel[i] - 1) * dilations[i] + 1);
    ceil |= out[i + 2] != span / strides[i] + 1;
  }
  setInts(node, "kernel_shape", kernel);
  setInts(node, "strides", strides);
  setInts(node, "dilations", dilations);
  setInts(node, "pads", pads);
  setInt(node, "ceil_mode", ceil);
}

LogicalResult GraphExporter::emit(edge::PoolOp op, const Names &n) {
  bool max = op.getKind() == edge::PoolKind::max;
  auto &p = node(max ? "MaxPool" : "AveragePool", n.node, {in(op.getInput())}, n.results);
  setPoolWindow(p, op);
  if (!max)
    setInt(p, "count_include_pad", op.getCountIncludePad());
  return success();
}

LogicalResult GraphExporter::emit(edge::MaxPoolWithIndicesOp op, const Names &n) {
  auto &p = node("MaxPool", n.node, {in(op.getInput())}, n.results);
  setPoolWindow(p, op);
  setInt(p, "storage_order", static_cast<int64_t>(op.getStorageOrder()));
  return success();
}

LogicalResult GraphExporter::emit(edge::GlobalPoolOp op, const Names &n) {
  node(op.getKind() == edge::PoolKind::max ? "GlobalMaxPool" : "GlobalAveragePool", n.node, {in(op.getInput())},
       n.results);
  return success();
}

template <typename BatchNormOp>
onnx::NodeProto &GraphExporter::batchNormNode(BatchNormOp op, const Names &n) {
  auto &b = node("BatchNormalization", n.node,
                 {in(op.getInput()), in(op.getScale()), in(op.getBias()), in(op.getMean()), in(op.getVariance())},
                 n.results);
  setFloat(b, "epsilon", op.getEpsilon().convertToFloat());
  return b;
}

LogicalResult GraphExporter::emit(edge::BatchNormOp op, const Names &n) {
  batchNormNode(op, n);
  return success();
}

LogicalResult GraphExporter::emit(edge::BatchNormTrainingOp op, const Names &n) {
  auto &b = batchNormNode(op, n);
  setFloat(b, "momentum", op.getMomentum().convertToFloat());
  setInt(b, "training_mode", 1);
  return success();
}

LogicalResult GraphExporter::emit(edge::ReshapeOp op, const Names &n) {
  ArrayRef<int64_t> shape = op.getOutput().getType().getShape();
  auto &r = node("Reshape", n.node, {in(op.getInput()), ints(n.node + "_shape", shape)}, n.results);
  // A 0 in the shape would copy the input's dim unless allowzero says it is a size.
  if (llvm::is_contained(shape, 0))
    setInt(r, "allowzero", 1);
  return success();
}

LogicalResult GraphExporter::emit(edge::TransposeOp op, const Names &n) {
  setInts(node("Transpose", n.node, {in(op.getInput())}, n.results), "perm", op.getPerm());
  return success();
}

LogicalResult GraphExporter::emit(edge::ConcatOp op, const Names &n) {
  SmallVector<std::string> inputs;
  for (Value v : op.getInputs())
    inputs.push_back(in(v));
  setInt(node("Concat", n.node, inputs, n.results), "axis", static_cast<int64_t>(op.getAxis()));
  return success();
}

LogicalResult GraphExporter::emit(edge::IdentityOp op, const Names &n) {
  node("Identity", n.node, {in(op.getInput())}, n.results);
  return success();
}

LogicalResult GraphExporter::emit(edge::GatherOp op, const Names &n) {
  setInt(node("Gather", n.node, {in(op.getData()), in(op.getIndices())}, n.results), "axis",
         static_cast<int64_t>(op.getAxis()));
  return success();
}

LogicalResult GraphExporter::emit(edge::CastOp op, const Names &n) {
  auto &c = node("Cast", n.node, {in(op.getInput())}, n.results);
  setInt(c, "to", onnxDataType(op.getTo()));
  if (!op.getSaturate())
    setInt(c, "saturate", 0);
  return success();
}

LogicalResult GraphExporter::emit(edge::SliceOp op, const Names &n) {
  node("Slice", n.node,
       {in(op.getInput()), ints(n.node + "_starts", op.getStarts()), ints(n.node + "_ends", op.getEnds()),
        ints(n.node + "_axes", op.getAxes()), ints(n.node + "_steps", op.getSteps())},
       n.results);
  return success();
}

LogicalResult GraphExporter::emit(edge::PadOp op, const Names &n) {
  SmallVector<std::string> inputs{in(op.getInput()), ints(n.node + "_pads", op.getPads())};
  if (op.getMode() == edge::PadMode::constant)
    inputs.push_back(numbers(n.node + "_value", op.getInput().getType().getElementType(), {},
                             {op.getValue().convertToDouble()}));
  setString(node("Pad", n.node, inputs, n.results), "mode", edge::stringifyPadMode(op.getMode()));
  return success();
}

LogicalResult GraphExporter::emit(edge::ResizeOp op, const Names &n) {
  // Sizes when the import had them (the kernel then uses exact output/input ratios), else scales.
  Type f32 = Float32Type::get(context);
  std::string roi, scales, sizes;
  if (!op.getRoi().empty())
    roi = numbers(n.node + "_roi", f32, {static_cast<int64_t>(op.getRoi().size())},
                  SmallVector<double>(op.getRoi().begin(), op.getRoi().end()));
  ArrayRef<int64_t> from = op.getInput().getType().getShape(), to = op.getOutput().getType().getShape();
  for (size_t i = 0; !op.getFromSizes() && i < from.size(); ++i)
    if (static_cast<int64_t>(std::floor(static_cast<float>(from[i]) * op.getScales()[i])) != to[i])
      return unsupported(op) << "output dim " << i << " (" << to[i] << ") is not floor(" << from[i] << " x scale "
                             << op.getScales()[i]
                             << ") (a keep_aspect_ratio_policy resize), which ONNX's scales cannot express";
  if (op.getFromSizes())
    sizes = ints(n.node + "_sizes", to);
  else
    scales = numbers(n.node + "_scales", f32, {static_cast<int64_t>(op.getScales().size())},
                     SmallVector<double>(op.getScales().begin(), op.getScales().end()));
  SmallVector<std::string> inputs{in(op.getInput()), roi, scales};
  if (!sizes.empty())
    inputs.push_back(sizes);
  auto &r = node("Resize", n.node, inputs, n.results);
  setString(r, "mode", edge::stringifyResizeMode(op.getMode()));
  setString(r, "coordinate_transformation_mode", edge::stringifyCoordMode(op.getCoordMode()));
  setString(r, "nearest_mode", edge::stringifyNearestMode(op.getNearestMode()));
  setFloat(r, "cubic_coeff_a", op.getCubicCoeffA().convertToFloat());
  setInt(r, "exclude_outside", op.getExcludeOutside());
  setFloat(r, "extrapolation_value", op.getExtrapolationValue().convertToFloat());
  return success();
}

LogicalResult GraphExporter::emit(edge::ReduceOp op, const Names &n) {
  // Opset 18+: axes are an input; none means "reduce nothing" only with noop_with_empty_axes.
  SmallVector<std::string> inputs{in(op.getInput())};
  if (!op.getAxes().empty())
    inputs.push_back(ints(n.node + "_axes", op.getAxes()));
  auto &r = node(reduceOpType(op.getKind()), n.node, inputs, n.results);
  setInt(r, "keepdims", op.getKeepdims());
  if (op.getAxes().empty())
    setInt(r, "noop_with_empty_axes", 1);
  return success();
}

LogicalResult GraphExporter::emit(edge::CompareOp op, const Names &n) {
  const char *types[] = {"Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual"};
  node(types[static_cast<int>(op.getKind())], n.node, {in(op.getLhs()), in(op.getRhs())}, n.results);
  return success();
}

LogicalResult GraphExporter::emit(edge::SelectOp op, const Names &n) {
  node("Where", n.node, {in(op.getCondition()), in(op.getX()), in(op.getY())}, n.results);
  return success();
}

LogicalResult GraphExporter::emit(edge::BroadcastOp op, const Names &n) {
  node("Expand", n.node, {in(op.getInput()), ints(n.node + "_shape", op.getType().getShape())}, n.results);
  return success();
}

LogicalResult GraphExporter::emit(edge::LayerNormOp op, const Names &n) {
  // ONNX requires Scale: an absent one (InstanceNormalization's core) is ones.
  auto type = op.getInput().getType();
  ArrayRef<int64_t> normalized = type.getShape().drop_front(op.getAxis());
  std::string scale = op.getScale() ? in(op.getScale())
                                    : numbers(n.node + "_scale", type.getElementType(), normalized,
                                              std::vector<double>(RankedTensorType::get(normalized, type.getElementType()).getNumElements(), 1.0));
  auto &ln = node("LayerNormalization", n.node, {in(op.getInput()), scale, op.getBias() ? in(op.getBias()) : ""}, n.results);
  setInt(ln, "axis", op.getAxis());
  setFloat(ln, "epsilon", op.getEpsilon().convertToFloat());
  return success();
}

LogicalResult GraphExporter::emit(edge::ArgReduceOp op, const Names &n) {
  auto &a = node(op.getKind() == edge::ArgKind::max ? "ArgMax" : "ArgMin", n.node, {in(op.getInput())}, n.results);
  setInt(a, "axis", op.getAxis());
  setInt(a, "keepdims", op.getKeepdims());
  setInt(a, "select_last_index", op.getSelectLastIndex());
  return success();
}

/// ONNX below opset 23 has no attention op: the primitives it was recognized from.
LogicalResult GraphExporter::emit(edge::AttentionOp op, const Names &n) {
  int64_t rank = cast<ShapedType>(op.getK().getType()).getRank();
  SmallVector<int64_t> perm;
  for (int64_t i = 0; i < rank; ++i)
    perm.push_back(i);
  std::swap(perm[rank - 2], perm[rank - 1]);
  std::string kT = freshTensor(n.node + "_kT"), scores = freshTensor(n.node + "_scores"),
              scaled = freshTensor(n.node + "_scaled"), probs = freshTensor(n.node + "_probs");
  setInts(node("Transpose", freshNode(n.node + "_transpose"), {in(op.getK())}, {kT}), "perm", perm);
  node("MatMul", freshNode(n.node + "_qk"), {in(op.getQ()), kT}, {scores});
  std::string scale = numbers(n.node + "_scale", Float32Type::get(context), {}, {op.getScale().convertToDouble()});
  node("Mul", freshNode(n.node + "_scale"), {scores, scale}, {scaled});
  setInt(node("Softmax", freshNode(n.node + "_softmax"), {scaled}, {probs}), "axis", -1);
  node("MatMul", n.node, {probs, in(op.getV())}, n.results);
  return success();
}

LogicalResult GraphExporter::emit(edge::TopKOp op, const Names &n) {
  std::string k = numbers(n.node + "_k", IntegerType::get(context, 64), {1}, {static_cast<double>(op.getK())});
  auto &t = node("TopK", n.node, {in(op.getInput()), k}, n.results);
  setInt(t, "axis", op.getAxis());
  setInt(t, "largest", op.getLargest());
  return success();
}

LogicalResult GraphExporter::emit(edge::CumSumOp op, const Names &n) {
  // CumSum's axis is a 0-D tensor.
  std::string axis = numbers(n.node + "_axis", IntegerType::get(context, 64), {}, {static_cast<double>(op.getAxis())});
  auto &c = node("CumSum", n.node, {in(op.getInput()), axis}, n.results);
  setInt(c, "exclusive", op.getExclusive());
  setInt(c, "reverse", op.getReverse());
  return success();
}

LogicalResult GraphExporter::emit(edge::GatherElementsOp op, const Names &n) {
  setInt(node("GatherElements", n.node, {in(op.getData()), in(op.getIndices())}, n.results), "axis", op.getAxis());
  return success();
}

LogicalResult GraphExporter::emit(edge::RecurrentOp op, const Names &n) {
  StringRef kind = op.getKind();
  SmallVector<std::string> inputs{in(op.getX()), in(op.getW()), in(op.getR())};
  for (Value v : {op.getB(), op.getSequenceLens(), op.getInitialH(), op.getInitialC(), op.getP()})
    inputs.push_back(v ? in(v) : "");
  while (inputs.back().empty())
    inputs.pop_back();
  auto &r = node(kind == "lstm" ? "LSTM" : kind == "gru" ? "GRU" : "RNN", n.node, inputs, n.results);
  setInt(r, "hidden_size", op.getHiddenSize());
  setString(r, "direction", op.getDirection());
  // Alpha and beta go to the activations that take them, in order (as the importer reads them).
  onnx::AttributeProto *names = addAttr(r, "activations", onnx::AttributeProto::STRINGS);
  std::vector<float> alphas, betas;
  for (auto [i, a] : llvm::enumerate(op.getActivations())) {
    StringRef name = cast<StringAttr>(a).getValue();
    names->add_strings(name.str());
    if (llvm::is_contained({"HardSigmoid", "LeakyRelu", "Affine", "ScaledTanh", "Elu", "ThresholdedRelu"}, name))
      alphas.push_back(op.getActivationAlpha()[i]);
    if (llvm::is_contained({"HardSigmoid", "Affine", "ScaledTanh"}, name))
      betas.push_back(op.getActivationBeta()[i]);
  }
  for (auto [attr, values] : {std::make_pair("activation_alpha", &alphas), std::make_pair("activation_beta", &betas)})
    if (!values->empty()) {
      onnx::AttributeProto *f = addAttr(r, attr, onnx::AttributeProto::FLOATS);
      for (float v : *values)
        f->add_floats(v);
    }
  if (op.getClip())
    setFloat(r, "clip", op.getClip()->convertToFloat());
  if (op.getInputForget())
    setInt(r, "input_forget", 1);
  if (op.getLinearBeforeReset())
    setInt(r, "linear_before_reset", 1);
  return success();
}

/// The node as the model had it (domain, op type, attributes), with its outputs' types in
/// value_info: what importing the export with --custom-op again needs.
LogicalResult GraphExporter::emit(edge::CustomOp op, const Names &n) {
  SmallVector<std::string> inputs;
  for (Value v : op.getInputs())
    inputs.push_back(in(v));
  auto &c = node(op.getOpType(), n.node, inputs, n.results);
  c.set_domain(op.getDomain().str());
  for (NamedAttribute a : op.getOnnxAttrs()) {
    StringRef name = a.getName().getValue();
    if (auto i = dyn_cast<IntegerAttr>(a.getValue()))
      setInt(c, name, i.getInt());
    else if (auto f = dyn_cast<FloatAttr>(a.getValue()))
      setFloat(c, name, static_cast<float>(f.getValueAsDouble()));
    else if (auto str = dyn_cast<StringAttr>(a.getValue()))
      setString(c, name, str.getValue());
    else if (auto ints = dyn_cast<DenseI64ArrayAttr>(a.getValue()))
      setInts(c, name, ints.asArrayRef());
    else {
      onnx::AttributeProto *floats = addAttr(c, name, onnx::AttributeProto::FLOATS);
      for (float f : cast<DenseF32ArrayAttr>(a.getValue()).asArrayRef())
        floats->add_floats(f);
    }
  }
  for (auto [result, name] : llvm::zip(op.getOutputs(), n.results))
    if (outputNames.lookup(result).empty() && failed(valueInfo(*graph.add_value_info(), result, name)))
      return unsupported(op) << "its result type " << result.getType() << " has no ONNX form";
  return success();
}

GraphExporter::QuantInputs GraphExporter::quantInputs(quant::QuantizedType type, StringRef base) {
  QuantInputs q;
  SmallVector<double> scales, zeroPoints;
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type)) {
    scales.assign(perAxis.getScales().begin(), perAxis.getScales().end());
    zeroPoints.assign(perAxis.getZeroPoints().begin(), perAxis.getZeroPoints().end());
    q.axis = perAxis.getQuantizedDimension();
  } else {
    auto uniform = cast<quant::UniformQuantizedType>(type);
    scales.push_back(uniform.getScale());
    zeroPoints.push_back(static_cast<double>(uniform.getZeroPoint()));
  }
  SmallVector<int64_t> shape;
  if (q.axis >= 0)
    shape.push_back(static_cast<int64_t>(scales.size()));
  q.scale = numbers(base.str() + "_scale", Float32Type::get(context), shape, scales);
  q.zeroPoint = numbers(base.str() + "_zero_point", edge::storageType(type), shape, zeroPoints);
  return q;
}

void GraphExporter::dequantizeNode(quant::QuantizedType type, const std::string &input, const std::string &output,
                                   const std::string &name) {
  QuantInputs q = quantInputs(type, name);
  auto &d = node("DequantizeLinear", name, {input, q.scale, q.zeroPoint}, {output});
  if (q.axis >= 0)
    setInt(d, "axis", q.axis);
}

/// QuantizeLinear gives 8- and 16-bit integers; DequantizeLinear also takes int32.
LogicalResult checkStorage(Operation *op, quant::QuantizedType type, bool dequantize) {
  unsigned width = type.getStorageTypeIntegralWidth();
  if (width == 8 || width == 16 || (dequantize && width == 32 && type.isSigned()))
    return success();
  return unsupported(op) << "ONNX has no " << (type.isSigned() ? "" : "u") << "int" << width << " "
                         << (dequantize ? "DequantizeLinear" : "QuantizeLinear");
}

LogicalResult GraphExporter::emit(edge::DequantizeOp op, const Names &n) {
  auto type = cast<quant::QuantizedType>(op.getInput().getType().getElementType());
  if (failed(checkStorage(op, type, true)))
    return failure();
  dequantizeNode(type, in(op.getInput()), n.results[0], n.node);
  return success();
}

LogicalResult GraphExporter::emit(edge::QuantizeOp op, const Names &n) {
  auto type = cast<quant::QuantizedType>(op.getOutput().getType().getElementType());
  if (failed(checkStorage(op, type, false)))
    return failure();
  std::string input = in(op.getInput());
  // A requantization (quantized input): through float, as ONNX has no integer-to-integer form.
  if (auto from = dyn_cast<quant::QuantizedType>(op.getInput().getType().getElementType())) {
    if (failed(checkStorage(op, from, true)))
      return failure();
    std::string real = freshTensor(n.node + "_real");
    dequantizeNode(from, input, real, freshNode(n.node + "_dequantize"));
    input = real;
  }
  QuantInputs q = quantInputs(type, n.node);
  auto &node_ = node("QuantizeLinear", n.node, {input, q.scale, q.zeroPoint}, n.results);
  if (q.axis >= 0)
    setInt(node_, "axis", q.axis);
  return success();
}

//===----------------------------------------------------------------------===//
// The graph
//===----------------------------------------------------------------------===//

LogicalResult GraphExporter::run(func::FuncOp func) {
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  auto nameOf = [&](ArrayAttr attrs, unsigned i, StringRef fallback) {
    auto dict = attrs ? dyn_cast_or_null<DictionaryAttr>(attrs[i]) : DictionaryAttr();
    auto name = dict ? dict.getAs<StringAttr>("edgec.name") : StringAttr();
    return name ? name.str() : fallback.str() + std::to_string(i);
  };
  // Graph input and output names are the model's: reserved before any other tensor is named.
  SmallVector<std::string> outputs;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    std::string name = nameOf(func.getAllArgAttrs(), i, "input_");
    tensorNames.insert(name);
    names[func.getArgument(i)] = name;
    if (failed(valueInfo(*graph.add_input(), func.getArgument(i), name)))
      return emitError(func.getLoc()) << "cannot export to ONNX: graph input '" << name << "' has type "
                                      << func.getArgument(i).getType()
                                      << ", not a tensor ONNX knows (export a module before edge-lower-to-kernel)";
  }
  for (unsigned i = 0; i < ret.getNumOperands(); ++i) {
    outputs.push_back(nameOf(func.getAllResultAttrs(), i, "output_"));
    tensorNames.insert(outputs.back());
    outputNames.try_emplace(ret.getOperand(i), outputs.back());
  }
  for (Operation &op : func.getBody().front().without_terminator())
    if (failed(exportOp(&op)))
      return failure();
  if (failed(nameOperands(ret, "output")))
    return failure();
  for (unsigned i = 0; i < ret.getNumOperands(); ++i) {
    Value v = ret.getOperand(i);
    // An input, a constant, a storage cast's source or a value returned twice: copied out.
    if (names[v] != outputs[i])
      node("Identity", freshNode(outputs[i]), {names[v]}, {outputs[i]});
    if (failed(valueInfo(*graph.add_output(), v, outputs[i])))
      return emitError(ret.getLoc()) << "cannot export to ONNX: graph output '" << outputs[i] << "' has type "
                                     << v.getType() << ", not a tensor ONNX knows";
  }
  return success();
}

} // namespace

LogicalResult exportOnnx(ModuleOp module, StringRef graphName, std::string &bytes) {
  bytes.clear();
  auto funcs = module.getOps<func::FuncOp>();
  if (std::distance(funcs.begin(), funcs.end()) != 1)
    return emitError(module.getLoc()) << "cannot export to ONNX: expected one graph function";
  func::FuncOp func = *funcs.begin();
  if (!func.getBody().hasOneBlock())
    return emitError(func.getLoc()) << "cannot export to ONNX: the graph function has no single body block";

  onnx::ModelProto model;
  model.set_ir_version(kExportIrVersion);
  model.set_producer_name("edgec");
  model.set_producer_version(EDGEC_VERSION);
  auto *opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(kExportOpset);
  if (auto phase = module->getAttrOfType<StringAttr>("edgec.completed_phase")) {
    auto *prop = model.add_metadata_props();
    prop->set_key("edgec.completed_phase");
    prop->set_value(phase.str());
  }
  onnx::GraphProto *graph = model.mutable_graph();
  graph->set_name(graphName.str());
  if (failed(GraphExporter(module.getContext(), *graph).run(func)))
    return failure();
  // Custom ops' domains (version 1: edgec knows nothing of their versions).
  std::set<std::string> domains;
  func.walk([&](edge::CustomOp op) {
    if (!op.getDomain().empty() && op.getDomain() != "ai.onnx")
      domains.insert(op.getDomain().str());
  });
  for (const std::string &domain : domains) {
    auto *custom = model.add_opset_import();
    custom->set_domain(domain);
    custom->set_version(1);
  }
  // Protobuf cannot write (or read) a message of 2 GiB or more.
  if (model.ByteSizeLong() > static_cast<size_t>(INT_MAX))
    return emitError(module.getLoc()) << "cannot export to ONNX: the model needs " << model.ByteSizeLong()
                                      << " bytes, more than one protobuf file holds (2 GiB)";
  if (!model.SerializeToString(&bytes))
    return emitError(module.getLoc()) << "cannot export to ONNX: protobuf serialization failed";
  return success();
}

} // namespace edgec
