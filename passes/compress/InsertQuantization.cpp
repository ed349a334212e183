// edge-quantize: post-training int8 quantization from calibrated ranges. Every calibrated value
// gets quantize -> dequantize with asymmetric per-tensor int8 parameters, weights become
// symmetric int8 per output channel; edge-fold-qdq then turns the graph into integer ops.
#include "compiler/quant/RangeObserver.h"
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"
#include "passes/Passes.h"
#include "passes/compress/QuantTypes.h"

#include "mlir/IR/Matchers.h"

#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_EDGEQUANTIZE
#include "passes/Passes.h.inc"

namespace {

constexpr const char *kRangeAttr = "edgec.range";
constexpr const char *kExtentAttr = "edgec.extent";

/// int16 tensors leave one bit of headroom above the observed extent: held-out inputs went
/// up to 1.8x past the calibration set's extremes on the bundled classifiers, and 15 bits
/// still resolve far finer than int8.
constexpr double kInt16Headroom = 2.0;

/// x -> dequantize(quantize(x)) for every other user of x.
void insertQuantDequant(OpBuilder &b, Value x, Type element) {
  auto q = b.create<edge::QuantizeOp>(x.getLoc(), withElement(x.getType(), element), x);
  auto dq = b.create<edge::DequantizeOp>(x.getLoc(), x.getType(), q);
  x.replaceAllUsesExcept(dq, q);
}

/// The int8 type of a calibrated range [lo, hi].
Type rangeType(MLIRContext *context, DenseF32ArrayAttr range) {
  quant::QuantParams p = quant::asymmetricParams(range[0], range[1], -128, 127);
  return int8Type(context, p.scale, p.zeroPoint);
}

/// The symmetric int16 type of a value observed over `extent` (its full min/max).
Type int16RangeType(MLIRContext *context, DenseF32ArrayAttr extent) {
  double amax = std::max(std::fabs(static_cast<double>(extent[0])), std::fabs(static_cast<double>(extent[1])));
  return int16Type(context, amax > 0 ? kInt16Headroom * amax / 32767.0 : 1.0);
}

/// The layers --int16-layers (or --mixed-precision auto) promoted; every name must be found.
class Int16Layers {
public:
  explicit Int16Layers(ModuleOp module) {
    if (auto names = module->getAttrOfType<ArrayAttr>("edgec.int16_layers"))
      for (Attribute n : names)
        wanted.insert(cast<StringAttr>(n).getValue());
  }
  /// Whether the value named `name` is promoted (and marks it found). "all" promotes every
  /// calibrated value (TFLM's whole-model 16x8 mode).
  bool promoted(StringRef name) {
    if (wanted.contains("all"))
      return true;
    if (!wanted.contains(name))
      return false;
    found.insert(name);
    return true;
  }
  /// An error naming the layers that were asked for but are not calibrated values.
  LogicalResult check(ModuleOp module) const {
    std::vector<std::string> missing;
    for (const auto &name : wanted)
      if (!found.contains(name.getKey()) && name.getKey() != "all")
        missing.push_back(name.getKey().str());
    if (missing.empty())
      return success();
    std::sort(missing.begin(), missing.end());
    InFlightDiagnostic diag = module.emitError("--int16-layers: no quantized layer named ");
    for (size_t i = 0; i < missing.size(); ++i)
      diag << (i ? ", '" : "'") << missing[i] << "'";
    diag << " (layers are ONNX node names of ops with a computed result, or graph input names; "
            "report.json's layers[].name lists them)";
    return failure();
  }

private:
  llvm::StringSet<> wanted, found;
};

/// A float constant as dequantize(storage_cast(int8 constant)): symmetric per slice of `axis`
/// (-1: per tensor) for weights, or asymmetric per tensor for elementwise operands. Weight
/// scales are at least `minScales[slice]` where given (so the bias fits its int32).
Value quantizedConstant(OpBuilder &b, Location loc, ElementsAttr attr, int64_t axis, bool symmetric,
                        ArrayRef<double> minScales = {}) {
  auto type = cast<ShapedType>(attr.getType());
  std::vector<double> values = getConstantAsDoubles(attr);
  int64_t slices = axis < 0 ? 1 : type.getDimSize(axis);
  int64_t inner = 1;
  for (int64_t d = axis + 1; axis >= 0 && d < type.getRank(); ++d)
    inner *= type.getDimSize(d);
  auto slice = [&](size_t i) { return axis < 0 ? 0 : static_cast<int64_t>(i / inner) % slices; };
  std::vector<double> scales(slices);
  std::vector<int64_t> zeroPoints(slices, 0), q(values.size());
  if (symmetric) {
    std::vector<float> amax(slices, 0.0f);
    for (size_t i = 0; i < values.size(); ++i)
      amax[slice(i)] = std::max(amax[slice(i)], static_cast<float>(std::fabs(values[i])));
    for (int64_t s = 0; s < slices; ++s) {
      scales[s] = quant::symmetricParams(amax[s], 127).scale;
      if (static_cast<size_t>(s) < minScales.size() && scales[s] < minScales[s])
        scales[s] = static_cast<float>(minScales[s]);
    }
  } else {
    float lo = 0, hi = 0;
    for (double v : values) {
      lo = std::min(lo, static_cast<float>(v));
      hi = std::max(hi, static_cast<float>(v));
    }
    quant::QuantParams p = quant::asymmetricParams(lo, hi, -128, 127);
    scales[0] = p.scale;
    zeroPoints[0] = p.zeroPoint;
  }
  int64_t qmin = symmetric ? -127 : -128;
  for (size_t i = 0; i < values.size(); ++i) {
    int64_t s = slice(i);
    double r = std::nearbyint(values[i] / scales[s]) + static_cast<double>(zeroPoints[s]);
    q[i] = static_cast<int64_t>(std::clamp(r, static_cast<double>(qmin), 127.0));
  }
  MLIRContext *context = b.getContext();
  Type element = symmetric ? symmetricType(context, 8, scales, static_cast<int32_t>(std::max<int64_t>(axis, 0)))
                           : int8Type(context, scales[0], zeroPoints[0]);
  auto storage = RankedTensorType::get(type.getShape(), IntegerType::get(context, 8));
  Value raw = b.create<edge::ConstantOp>(loc, storage, makeConstantFromInts(storage, q, nodeName(loc) + ".q"));
  Value quantized = b.create<edge::StorageCastOp>(loc, RankedTensorType::get(type.getShape(), element), raw);
  return b.create<edge::DequantizeOp>(loc, type, quantized);
}

/// The quantize that produced the float `v` through a dequantize, if any.
Type quantizedTypeOf(Value v) {
  if (auto dq = v.getDefiningOp<edge::DequantizeOp>())
    return cast<ShapedType>(dq.getInput().getType()).getElementType();
  return {};
}

/// Per output channel, the smallest weight scale that keeps bias / (input scale x weight scale)
/// within 2^29, well inside the 2^30 edge-fold-qdq accepts: a channel of near-zero weights
/// would otherwise push its bias past int32 (and the kernel's sums past defined behaviour).
std::vector<double> biasScaleFloor(Operation *op, Value input, Value bias) {
  ElementsAttr attr;
  Type inputType = quantizedTypeOf(input);
  std::optional<QuantInfo> in = inputType ? quantInfo(inputType) : std::nullopt;
  // A 16-bit input's bias is int64 (16x8 kernels): no floor needed.
  if (!bias || !in || in->bits != 8 || !matchPattern(bias, m_Constant(&attr)))
    return {};
  std::vector<double> floor;
  for (double v : getConstantAsDoubles(attr))
    floor.push_back(std::fabs(v) / (static_cast<float>(in->scale()) * 536870912.0));
  return floor;
}

/// Replaces float constant operand `index` of `op` by its int8 form.
void quantizeConstantOperand(OpBuilder &b, Operation *op, unsigned index, int64_t axis, bool symmetric,
                             ArrayRef<double> minScales = {}) {
  ElementsAttr attr;
  Value v = op->getOperand(index);
  if (!matchPattern(v, m_Constant(&attr)) || !cast<ShapedType>(attr.getType()).getElementType().isF32())
    return;
  b.setInsertionPoint(op);
  op->setOperand(index, quantizedConstant(b, op->getLoc(), attr, axis, symmetric, minScales));
}

/// A graph output computed by an op without an integer kernel (a final softmax) stays float:
/// quantizing it would only round the result (and tie near-equal probabilities).
bool floatOnlyOutput(Operation *op) {
  bool integerKernel = isa<edge::ConvOp, edge::GemmOp, edge::BinaryOp, edge::PoolOp, edge::GlobalPoolOp,
                           edge::ConcatOp, edge::UnaryOp>(op);
  return !integerKernel && llvm::all_of(op->getUsers(), [](Operation *u) { return isa<func::ReturnOp>(u); });
}

/// --io int8: graph inputs arrive as int8 in their calibrated parameters, and outputs computed
/// in int8 leave as int8 (their parameters are in report.json), for raw sensor data.
void integerInterface(func::FuncOp func, OpBuilder &b) {
  Block &body = func.getBody().front();
  // What a caller needs to produce and read the int8 values: `edgec.quant` on the argument.
  auto params = [&](Type type) {
    QuantInfo info = *quantInfo(type);
    return b.getDictionaryAttr({b.getNamedAttr("scale", b.getF64FloatAttr(info.scale())),
                                b.getNamedAttr("zero_point", b.getI64IntegerAttr(info.zeroPoint()))});
  };
  SmallVector<Type> inputs(func.getArgumentTypes()), results(func.getResultTypes());
  for (BlockArgument arg : func.getArguments()) {
    auto q = arg.hasOneUse() ? dyn_cast<edge::QuantizeOp>(*arg.getUsers().begin()) : edge::QuantizeOp();
    if (!q || !isInt8PerTensor(q.getResult()))
      continue;
    auto i8 = withElement(arg.getType(), IntegerType::get(func.getContext(), 8));
    arg.setType(i8);
    inputs[arg.getArgNumber()] = i8;
    func.setArgAttr(arg.getArgNumber(), "edgec.quant", params(q.getType()));
    b.setInsertionPoint(q);
    q.replaceAllUsesWith(b.create<edge::StorageCastOp>(q.getLoc(), q.getType(), arg).getResult());
    q.erase();
  }
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  for (OpOperand &operand : ret->getOpOperands()) {
    auto dq = operand.get().getDefiningOp<edge::DequantizeOp>();
    if (!dq || !isInt8PerTensor(dq.getInput()))
      continue;
    b.setInsertionPoint(ret);
    auto i8 = withElement(dq.getType(), IntegerType::get(func.getContext(), 8));
    operand.set(b.create<edge::StorageCastOp>(dq.getLoc(), i8, dq.getInput()));
    results[operand.getOperandNumber()] = i8;
    func.setResultAttr(operand.getOperandNumber(), "edgec.quant", params(dq.getInput().getType()));
  }
  func.setType(FunctionType::get(func.getContext(), inputs, results));
}

struct EdgeQuantizePass : impl::EdgeQuantizeBase<EdgeQuantizePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!module->hasAttr("edgec.quantize"))
      return;
    MLIRContext *context = module.getContext();
    OpBuilder b(context);
    Int16Layers int16(module);
    // The type of a calibrated value: int16 where promoted, else int8 over its clip range.
    auto activationType = [&](StringRef name, DenseF32ArrayAttr range, DenseF32ArrayAttr extent) {
      return int16.promoted(name) ? int16RangeType(context, extent ? extent : range) : rangeType(context, range);
    };
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      // Graph inputs: quantized at the edge by one shared definition (edgec_quantize).
      b.setInsertionPointToStart(&func.getBody().front());
      for (BlockArgument arg : func.getArguments())
        if (auto range = func.getArgAttrOfType<DenseF32ArrayAttr>(arg.getArgNumber(), kRangeAttr)) {
          auto name = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "edgec.name");
          insertQuantDequant(b, arg,
                             activationType(name ? name.getValue() : "",  range,
                                            func.getArgAttrOfType<DenseF32ArrayAttr>(arg.getArgNumber(), kExtentAttr)));
        }
      SmallVector<Operation *> ops;
      for (Operation &op : func.getBody().front().without_terminator())
        ops.push_back(&op);
      for (Operation *op : ops) {
        // Weights: symmetric int8 per output channel; constant elementwise operands per tensor.
        if (auto conv = dyn_cast<edge::ConvOp>(op))
          quantizeConstantOperand(b, op, 1, 0, true, biasScaleFloor(op, conv.getInput(), conv.getBias()));
        else if (auto gemm = dyn_cast<edge::GemmOp>(op); gemm && gemm.getTransB())
          quantizeConstantOperand(b, op, 1, 0, true, biasScaleFloor(op, gemm.getA(), gemm.getC()));
        else if (isa<edge::BinaryOp>(op))
          for (unsigned i = 0; i < 2; ++i)
            quantizeConstantOperand(b, op, i, -1, false);
        if (op->getNumResults() != 1 || !cast<ShapedType>(op->getResult(0).getType()).getElementType().isF32())
          continue;
        b.setInsertionPointAfter(op);
        if (auto range = op->getAttrOfType<DenseF32ArrayAttr>(kRangeAttr)) {
          if (!floatOnlyOutput(op))
            insertQuantDequant(b, op->getResult(0),
                               activationType(nodeName(op->getLoc()), range,
                                              op->getAttrOfType<DenseF32ArrayAttr>(kExtentAttr)));
          op->removeAttr(kRangeAttr);
          op->removeAttr(kExtentAttr);
        } else if (keepsInputParams(op)) {
          // Data movement keeps its input's parameters.
          if (Type element = quantizedTypeOf(op->getOperand(0)))
            insertQuantDequant(b, op->getResult(0), element);
        }
      }
      for (BlockArgument arg : func.getArguments()) {
        func.removeArgAttr(arg.getArgNumber(), kRangeAttr);
        func.removeArgAttr(arg.getArgNumber(), kExtentAttr);
      }
      if (auto io = module->getAttrOfType<StringAttr>("edgec.io"); io && io.getValue() == "int8")
        integerInterface(func, b);
    }
    if (failed(int16.check(module)))
      signalPassFailure();
  }
};

} // namespace
} // namespace edgec
