// Lowering of ops on quantized tensors: integer kernels with their requantization worked out
// here (TFLM semantics: fixed-point multiplier and shift per output channel, clamp bounds).
#include "compiler/support/ConstantData.h"
#include "compiler/support/FixedPointMultiplier.h"
#include "compiler/support/NodeLocation.h"
#include "passes/compress/QuantTypes.h"
#include "passes/lower/Lowering.h"

#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;

namespace edgec {
namespace {

/// Builds the `quant` dictionary of an integer kernel.
class QuantAttrs {
public:
  explicit QuantAttrs(MLIRContext *context) : b(context) {}

  QuantAttrs &set(StringRef name, int64_t value) {
    attrs.set(name, b.getI32IntegerAttr(static_cast<int32_t>(value)));
    return *this;
  }
  /// Fixed-point multipliers and shifts of `reals` (one per output channel, or one).
  LogicalResult setMultipliers(ArrayRef<double> reals, Operation *op, StringRef multiplierName = "multiplier",
                               StringRef shiftName = "shift") {
    SmallVector<int32_t> multipliers, shifts;
    for (double real : reals) {
      int32_t m, s;
      if (!quantizeMultiplier(real, m, s))
        return op->emitError() << "requantization scale " << real << " is not a positive finite number";
      multipliers.push_back(m);
      shifts.push_back(s);
    }
    if (reals.size() == 1 && multiplierName != "multiplier") {
      set(multiplierName, multipliers[0]).set(shiftName, shifts[0]);
      return success();
    }
    attrs.set(multiplierName, b.getDenseI32ArrayAttr(multipliers));
    attrs.set(shiftName, b.getDenseI32ArrayAttr(shifts));
    return success();
  }
  DictionaryAttr get() { return attrs.getDictionary(b.getContext()); }

private:
  Builder b;
  NamedAttrList attrs;
};

/// Clamp bounds of an int8 output for a fused activation (TFLM CalculateActivationRangeQuantized).
std::pair<int64_t, int64_t> clampBounds(const QuantInfo &out, edge::ActivationKind act, float alpha, float beta) {
  auto quantize = [&](float v) { return out.zeroPoint() + static_cast<int64_t>(std::round(v / out.scale())); };
  int64_t lo = out.qmin, hi = out.qmax;
  if (act == edge::ActivationKind::relu) {
    lo = std::max(lo, quantize(0.0f));
  } else if (act == edge::ActivationKind::clip) {
    lo = std::max(lo, quantize(alpha));
    hi = std::min(hi, quantize(beta));
  }
  return {lo, hi};
}

template <typename OpTy>
std::pair<int64_t, int64_t> clampOf(OpTy op, const QuantInfo &out) {
  return clampBounds(out, op.getAct(), op.getActAlpha().convertToFloat(), op.getActBeta().convertToFloat());
}

/// input_offset / output_offset / act bounds shared by conv, gemm, global pool, requantize.
QuantAttrs &setOffsets(QuantAttrs &q, const QuantInfo &in, const QuantInfo &out, std::pair<int64_t, int64_t> clamp) {
  return q.set("input_offset", -in.zeroPoint())
      .set("output_offset", out.zeroPoint())
      .set("act_min", clamp.first)
      .set("act_max", clamp.second);
}

/// in_scale * weight_scale[c] / out_scale for each output channel, as TFLM (float scales, double math).
std::vector<double> channelScales(const QuantInfo &in, const QuantInfo &w, const QuantInfo &out, int64_t channels) {
  std::vector<double> reals;
  for (int64_t c = 0; c < channels; ++c)
    reals.push_back(static_cast<double>(static_cast<float>(in.scale())) *
                    static_cast<double>(static_cast<float>(w.scales[w.perTensor() ? 0 : c])) /
                    static_cast<double>(static_cast<float>(out.scale())));
  return reals;
}

/// The requantization of an int8 op with per-output-channel weights (conv, fully connected).
template <typename OpTy>
FailureOr<DictionaryAttr> channelRequant(OpTy op, Value input, Value weights, Value output) {
  QuantInfo i = *quantInfo(input.getType()), w = *quantInfo(weights.getType()), o = *quantInfo(output.getType());
  int64_t channels = cast<ShapedType>(weights.getType()).getDimSize(0);
  QuantAttrs attrs(op.getContext());
  setOffsets(attrs, i, o, clampOf(op, o)).set("per_channel", 1);
  if (failed(attrs.setMultipliers(channelScales(i, w, o, channels), op)))
    return failure();
  return attrs.get();
}

double ratio(double num, double den) {
  return static_cast<double>(static_cast<float>(num)) / static_cast<double>(static_cast<float>(den));
}

/// Elementwise functions tabulated for int8 lookups (in double; the table is the spec).
std::optional<double> evalUnary(edge::UnaryKind kind, double x, double alpha, double beta) {
  using K = edge::UnaryKind;
  switch (kind) {
  case K::relu: return std::max(x, 0.0);
  case K::clip: return std::min(std::max(x, alpha), beta);
  case K::sigmoid: return 1.0 / (1.0 + std::exp(-x));
  case K::tanh: return std::tanh(x);
  case K::leaky_relu: return x < 0 ? alpha * x : x;
  case K::neg: return -x;
  case K::abs: return std::fabs(x);
  case K::exp: return std::exp(x);
  case K::elu: return x < 0 ? alpha * (std::exp(x) - 1) : x;
  case K::selu: return x < 0 ? beta * alpha * (std::exp(x) - 1) : beta * x;
  case K::softplus: return std::log1p(std::exp(x));
  case K::softsign: return x / (1 + std::fabs(x));
  case K::hard_sigmoid: return std::min(std::max(alpha * x + beta, 0.0), 1.0);
  case K::hard_swish: return x * std::min(std::max(x / 6 + 0.5, 0.0), 1.0);
  case K::erf: return std::erf(x);
  case K::gelu: // alpha != 0: the tanh approximation
    return alpha != 0 ? 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)))
                      : 0.5 * x * (1 + std::erf(x / std::sqrt(2.0)));
  case K::sqrt: return std::sqrt(x);
  case K::log: return std::log(x);
  case K::reciprocal: return 1.0 / x;
  case K::ceil: return std::ceil(x);
  case K::floor: return std::floor(x);
  case K::round: return std::nearbyint(x);
  case K::sin: return std::sin(x);
  case K::cos: return std::cos(x);
  case K::sign: return static_cast<double>((x > 0) - (x < 0));
  default: return std::nullopt;
  }
}

/// {scales, zero_points} of a quantized type (what the report and the numpy model read).
DictionaryAttr paramsAttr(Builder &b, Type type) {
  std::optional<QuantInfo> info = quantInfo(type);
  if (!info)
    return b.getDictionaryAttr({});
  return b.getDictionaryAttr({b.getNamedAttr("scales", b.getDenseF64ArrayAttr(info->scales)),
                              b.getNamedAttr("zero_points", b.getDenseI64ArrayAttr(info->zeroPoints))});
}

} // namespace

LogicalResult Lowering::lowerQuantized(Operation *op, bool &handled) {
  Block *body = builder.getInsertionBlock();
  Operation *last = body->empty() ? nullptr : &body->back();
  if (failed(lowerQuantizedOp(op, handled)))
    return failure();
  // Integer kernels also record the graph-level parameters they were derived from.
  Builder b(op->getContext());
  SmallVector<Attribute> inputs;
  for (Value v : op->getOperands())
    inputs.push_back(paramsAttr(b, v.getType()));
  for (Operation &k : llvm::make_range(last ? std::next(last->getIterator()) : body->begin(), body->end()))
    if (k.hasAttr("quant") || isa<kernel::LookupOp>(k)) {
      k.setAttr("input_params", b.getArrayAttr(inputs));
      k.setAttr("output_params", paramsAttr(b, op->getResult(0).getType()));
    }
  return success();
}

FailureOr<Value> Lowering::kernelBias(Value bias, Value input, Value weights) {
  if (!bias)
    return Value();
  if (!isInt16Activation(input))
    return lookup(bias); // int32, quantized by edge-fold-qdq
  // 16x8: the float bias in int64 at input scale x weight scale, as TFLM.
  ElementsAttr attr;
  if (!matchPattern(bias, m_Constant(&attr)))
    return emitError(bias.getLoc(), "a 16x8 kernel's bias must be a float constant");
  std::vector<double> values = getConstantAsDoubles(attr);
  std::vector<double> scales = biasScales(*quantInfo(input.getType()), *quantInfo(weights.getType()),
                                          static_cast<int64_t>(values.size()));
  std::vector<int64_t> ints;
  for (size_t c = 0; c < values.size(); ++c) {
    double q = std::nearbyint(values[c] / scales[c]);
    if (!(std::fabs(q) <= 140737488355328.0)) // 2^47: TFLM's bound on the 16x8 accumulator
      return emitError(bias.getLoc()) << "bias " << values[c] << " of channel " << c
                                      << " does not fit a 16x8 kernel's accumulator";
    ints.push_back(static_cast<int64_t>(q));
  }
  auto type = RankedTensorType::get({static_cast<int64_t>(ints.size())}, IntegerType::get(builder.getContext(), 64));
  return global(makeConstantFromInts(type, ints, nodeName(bias.getLoc()) + ".bias_q64"), bias.getLoc());
}

LogicalResult Lowering::lowerQuantizedOp(Operation *op, bool &handled) {
  handled = false;
  bool anyQuantized = llvm::any_of(op->getOperandTypes(), [](Type t) { return edge::isQuantized(t); }) ||
                      llvm::any_of(op->getResultTypes(), [](Type t) { return edge::isQuantized(t); });
  if (!anyQuantized || isa<edge::ConstantOp>(op))
    return success();
  handled = true;
  Location loc = op->getLoc();
  MLIRContext *context = op->getContext();
  auto lowered = [&](Value out) {
    values.map(op->getResult(0), out);
    return success();
  };
  auto info = [](Value v) { return *quantInfo(v.getType()); };
  auto integerOnly = [&](ValueRange vs) -> LogicalResult {
    for (Value v : vs)
      if (!isIntegerActivation(v))
        return op->emitError() << "integer kernels take per-tensor int8 or symmetric int16 tensors, got "
                               << v.getType();
    return success();
  };
  // Kernels on int8 only keep their int8 names; any int16 operand or result takes the
  // mixed-precision kernel (quantized_mixed.h), which is told each width.
  auto impl = [](StringRef s8, ValueRange vs) {
    bool mixed = llvm::any_of(vs, [](Value v) { return isInt16Activation(v); });
    return mixed ? (s8.drop_back(3) + "_mixed").str() : s8.str();
  };

  if (auto cast = dyn_cast<edge::StorageCastOp>(op))
    return lowered(lookup(cast.getInput())); // the same bytes
  if (auto q = dyn_cast<edge::QuantizeOp>(op)) {
    Value out = destination(q.getOutput());
    QuantInfo o = info(q.getOutput());
    if (!edge::isQuantized(q.getInput().getType())) {
      SmallVector<float> scales(o.scales.begin(), o.scales.end());
      SmallVector<int32_t> zps(o.zeroPoints.begin(), o.zeroPoints.end());
      builder.create<kernel::QuantizeOp>(loc, lookup(q.getInput()), out, "edgec_quantize", std::max<int64_t>(o.axis, 0),
                                         scales, zps);
      return lowered(out);
    }
    if (failed(integerOnly({q.getInput(), q.getOutput()})))
      return failure();
    QuantInfo i = info(q.getInput());
    QuantAttrs attrs(context);
    setOffsets(attrs, i, o, {o.qmin, o.qmax});
    if (failed(attrs.setMultipliers({ratio(i.scale(), o.scale())}, op)))
      return failure();
    builder.create<kernel::RequantizeOp>(loc, lookup(q.getInput()), out,
                                         impl("edgec_requantize_s8", {q.getInput(), q.getOutput()}), attrs.get());
    return lowered(out);
  }
  if (auto dq = dyn_cast<edge::DequantizeOp>(op)) {
    Value out = destination(dq.getOutput());
    QuantInfo i = info(dq.getInput());
    SmallVector<float> scales(i.scales.begin(), i.scales.end());
    SmallVector<int32_t> zps(i.zeroPoints.begin(), i.zeroPoints.end());
    builder.create<kernel::DequantizeOp>(loc, lookup(dq.getInput()), out, "edgec_dequantize", std::max<int64_t>(i.axis, 0),
                                         scales, zps);
    return lowered(out);
  }
  // Data movement: the generic byte kernels, the parameters unchanged.
  if (isa<edge::ReshapeOp, edge::TransposeOp, edge::SliceOp, edge::ConcatOp, edge::IdentityOp>(op)) {
    handled = false;
    return success();
  }
  if (auto pad = dyn_cast<edge::PadOp>(op)) {
    if (failed(integerOnly({pad.getInput()})))
      return failure();
    Value out = destination(pad.getOutput());
    auto k = builder.create<kernel::PadOp>(loc, lookup(pad.getInput()), out, "edgec_pad_int", pad.getPads(),
                                           pad.getMode(), pad.getValue());
    k->setAttr("quant", QuantAttrs(context).set("fill", info(pad.getInput()).zeroPoint()).get());
    return lowered(out);
  }
  if (auto conv = dyn_cast<edge::ConvOp>(op)) {
    if (failed(integerOnly({conv.getInput(), conv.getOutput()})))
      return failure();
    FailureOr<DictionaryAttr> requant = channelRequant(conv, conv.getInput(), conv.getFilter(), conv.getOutput());
    if (failed(requant))
      return failure();
    FailureOr<Value> bias = kernelBias(conv.getBias(), conv.getInput(), conv.getFilter());
    if (failed(bias))
      return failure();
    Value out = destination(conv.getOutput());
    auto k = builder.create<kernel::ConvOp>(loc, lookup(conv.getInput()), lookup(conv.getFilter()), *bias, out,
                                            impl("edgec_conv_s8", {conv.getInput(), conv.getOutput()}),
                                            conv.getStrides(), conv.getDilations(), conv.getPads(),
                                            conv.getGroup(), conv.getAct(), conv.getActAlpha(), conv.getActBeta());
    k->setAttr("quant", *requant);
    return lowered(out);
  }
  if (auto gemm = dyn_cast<edge::GemmOp>(op)) {
    if (failed(integerOnly({gemm.getA(), gemm.getOutput()})) || !gemm.getTransB() || gemm.getTransA())
      return op->emitError("integer gemm needs A per-tensor int8 and B transposed ([N, K])");
    FailureOr<DictionaryAttr> requant = channelRequant(gemm, gemm.getA(), gemm.getB(), gemm.getOutput());
    if (failed(requant))
      return failure();
    FailureOr<Value> c = kernelBias(gemm.getC(), gemm.getA(), gemm.getB());
    if (failed(c))
      return failure();
    Value out = destination(gemm.getOutput());
    // A QDQ MatMul (marked by edge-fold-qdq) rounds once, as ONNX does; int16 keeps TFLM's.
    std::string name = impl("edgec_fully_connected_s8", {gemm.getA(), gemm.getOutput()});
    if (gemm->hasAttr("edgec.round_even") && name == "edgec_fully_connected_s8")
      name = "edgec_fully_connected_s8_round_even";
    auto k = builder.create<kernel::GemmOp>(loc, lookup(gemm.getA()), lookup(gemm.getB()), *c, out, name,
                                            gemm.getAlpha(), gemm.getBeta(),
                                            gemm.getTransA(), gemm.getTransB(), gemm.getAct(), gemm.getActAlpha(),
                                            gemm.getActBeta());
    k->setAttr("quant", *requant);
    return lowered(out);
  }
  if (auto binary = dyn_cast<edge::BinaryOp>(op)) {
    if (failed(integerOnly({binary.getLhs(), binary.getRhs(), binary.getOutput()})))
      return failure();
    QuantInfo a = info(binary.getLhs()), b = info(binary.getRhs()), o = info(binary.getOutput());
    auto clamp = clampOf(binary, o);
    QuantAttrs attrs(context);
    attrs.set("input1_offset", -a.zeroPoint())
        .set("input2_offset", -b.zeroPoint())
        .set("output_offset", o.zeroPoint())
        .set("act_min", clamp.first)
        .set("act_max", clamp.second);
    std::string kernelName;
    bool wide = isInt16Activation(binary.getLhs()) || isInt16Activation(binary.getRhs());
    if (binary.getKind() == edge::BinaryKind::mul) {
      kernelName = impl("edgec_mul_s8", {binary.getLhs(), binary.getRhs(), binary.getOutput()});
      if (failed(attrs.setMultipliers({static_cast<double>(static_cast<float>(a.scale())) *
                                       static_cast<double>(static_cast<float>(b.scale())) /
                                       static_cast<double>(static_cast<float>(o.scale()))},
                                      op, "output_multiplier", "output_shift")))
        return failure();
    } else if (binary.getKind() == edge::BinaryKind::add || binary.getKind() == edge::BinaryKind::sub) {
      // TFLM: both inputs rescaled to twice the larger scale, 20 bits of headroom.
      kernelName = impl(binary.getKind() == edge::BinaryKind::add ? "edgec_add_s8" : "edgec_sub_s8",
                        {binary.getLhs(), binary.getRhs(), binary.getOutput()});
      // TFLM's headroom: 20 bits for int8 inputs, 15 when an input is int16 (2^15 x 2^15 fits).
      const int leftShift = wide ? 15 : 20;
      double s1 = static_cast<float>(a.scale()), s2 = static_cast<float>(b.scale()), so = static_cast<float>(o.scale());
      double twiceMax = 2 * std::max(s1, s2);
      attrs.set("left_shift", leftShift);
      if (failed(attrs.setMultipliers({s1 / twiceMax}, op, "input1_multiplier", "input1_shift")) ||
          failed(attrs.setMultipliers({s2 / twiceMax}, op, "input2_multiplier", "input2_shift")) ||
          failed(attrs.setMultipliers({twiceMax / ((1 << leftShift) * so)}, op, "output_multiplier",
                                      "output_shift")))
        return failure();
    } else {
      return op->emitError() << "no integer kernel for '" << edge::stringifyBinaryKind(binary.getKind()) << "'";
    }
    Value out = destination(binary.getOutput());
    auto k = builder.create<kernel::BinaryOp>(loc, binary.getKind(), lookup(binary.getLhs()),
                                              lookup(binary.getRhs()), out, kernelName, binary.getAct(),
                                              binary.getActAlpha(), binary.getActBeta());
    k->setAttr("quant", attrs.get());
    return lowered(out);
  }
  if (auto pool = dyn_cast<edge::PoolOp>(op)) {
    if (failed(integerOnly({pool.getInput(), pool.getOutput()})))
      return failure();
    if (cast<ShapedType>(pool.getInput().getType()).getElementType() != cast<ShapedType>(pool.getType()).getElementType())
      return op->emitError("integer pooling keeps its input's scale and zero point");
    QuantInfo o = info(pool.getOutput());
    auto clamp = clampOf(pool, o);
    QuantAttrs attrs(context);
    attrs.set("act_min", clamp.first).set("act_max", clamp.second).set("zero_point", o.zeroPoint());
    bool isMax = pool.getKind() == edge::PoolKind::max;
    Value out = destination(pool.getOutput());
    auto k = builder.create<kernel::PoolOp>(loc, pool.getKind(), lookup(pool.getInput()), out,
                                            impl(isMax ? "edgec_maxpool_s8" : "edgec_avgpool_s8", {pool.getInput()}),
                                            pool.getKernelShape(),
                                            pool.getStrides(), pool.getDilations(), pool.getPads(),
                                            pool.getCountIncludePad(), pool.getAct(), pool.getActAlpha(),
                                            pool.getActBeta());
    k->setAttr("quant", attrs.get());
    return lowered(out);
  }
  if (auto pool = dyn_cast<edge::GlobalPoolOp>(op)) {
    if (failed(integerOnly({pool.getInput(), pool.getOutput()})))
      return failure();
    QuantInfo i = info(pool.getInput()), o = info(pool.getOutput());
    if (pool.getKind() != edge::PoolKind::avg)
      return op->emitError("no integer kernel for global max pooling");
    Value out = destination(pool.getOutput());
    auto shape = cast<ShapedType>(pool.getInput().getType()).getShape();
    int64_t pixels = 1;
    for (int64_t d : shape.drop_front().drop_back())
      pixels *= d;
    QuantAttrs attrs(context);
    setOffsets(attrs, i, o, {o.qmin, o.qmax}).set("per_channel", 0);
    if (failed(attrs.setMultipliers({ratio(i.scale(), o.scale()) / static_cast<double>(pixels)}, op)))
      return failure();
    auto k = builder.create<kernel::GlobalPoolOp>(loc, pool.getKind(), lookup(pool.getInput()), out,
                                                  impl("edgec_global_avgpool_s8", {pool.getInput(), pool.getOutput()}));
    k->setAttr("quant", attrs.get());
    return lowered(out);
  }
  if (auto resize = dyn_cast<edge::ResizeOp>(op)) {
    if (failed(integerOnly({resize.getInput()})) || resize.getMode() != edge::ResizeMode::nearest)
      return op->emitError("integer resize is nearest only");
    // Outside the input (tf_crop_and_resize) reads the extrapolation value, quantized.
    QuantInfo i = info(resize.getInput());
    double fill = std::nearbyint(resize.getExtrapolationValue().convertToFloat() / static_cast<float>(i.scale())) +
                  static_cast<double>(i.zeroPoint());
    Value out = destination(resize.getOutput());
    auto k = builder.create<kernel::ResizeOp>(
        loc, lookup(resize.getInput()), out, "edgec_resize_nearest_bytes", resize.getScales(), resize.getRoi(),
        resize.getMode(), resize.getCoordMode(), resize.getNearestMode(), resize.getCubicCoeffA(),
        resize.getExcludeOutside(), resize.getExtrapolationValue(), resize.getFromSizes());
    k->setAttr("quant", QuantAttrs(context)
                            .set("fill", static_cast<int64_t>(std::clamp(fill, static_cast<double>(i.qmin),
                                                                         static_cast<double>(i.qmax))))
                            .get());
    return lowered(out);
  }
  if (auto softmax = dyn_cast<edge::SoftmaxOp>(op)) {
    if (failed(integerOnly({softmax.getInput(), softmax.getOutput()})) || softmax.getLog())
      return op->emitError("integer softmax takes int8 in and out (not LogSoftmax)");
    QuantInfo i = info(softmax.getInput()), o = info(softmax.getOutput());
    // exp(-scale * d) for d = max - x in 0..255, in Q20; the kernel normalises by the sum.
    std::vector<int64_t> table;
    for (int64_t d = 0; d < 256; ++d)
      table.push_back(static_cast<int64_t>(
          std::nearbyint(1048576.0 * std::exp(-static_cast<double>(static_cast<float>(i.scale())) * d))));
    auto type = RankedTensorType::get({256}, IntegerType::get(context, 32));
    Value exp = global(makeConstantFromInts(type, table, nodeName(loc) + ".exp"), loc);
    Value out = destination(softmax.getOutput());
    auto k = builder.create<kernel::SoftmaxOp>(loc, lookup(softmax.getInput()), exp, out, "edgec_softmax_s8",
                                               softmax.getAxis(), false);
    Builder b(context);
    NamedAttrList attrs(QuantAttrs(context)
                            .set("output_offset", o.zeroPoint())
                            .set("act_min", o.qmin)
                            .set("act_max", o.qmax)
                            .get());
    // round(2^16 / output scale): int64, as it may pass 2^31.
    attrs.set("out_multiplier",
              b.getI64IntegerAttr(static_cast<int64_t>(std::nearbyint(65536.0 / static_cast<float>(o.scale())))));
    k->setAttr("quant", attrs.getDictionary(context));
    return lowered(out);
  }
  if (auto unary = dyn_cast<edge::UnaryOp>(op)) {
    if (failed(integerOnly({unary.getInput(), unary.getOutput()})))
      return failure();
    QuantInfo i = info(unary.getInput()), o = info(unary.getOutput());
    // int8 input: the function at all 256 inputs. int16 input: at every 128th input from
    // -32768 (513 points, the last past the range for the final slope), interpolated by the
    // kernel as TFLM's lut_int16.
    bool wideInput = i.bits == 16;
    std::vector<int64_t> table;
    for (int64_t k = 0; k < (wideInput ? 513 : 256); ++k) {
      int64_t x = wideInput ? -32768 + 128 * k : -128 + k;
      double real = static_cast<double>(x - i.zeroPoint()) * static_cast<float>(i.scale());
      std::optional<double> y = evalUnary(unary.getKind(), real, unary.getAlpha().convertToFloat(),
                                          unary.getBeta().convertToFloat());
      if (!y)
        return op->emitError() << "no integer table for '" << edge::stringifyUnaryKind(unary.getKind()) << "'";
      // Outside the function's domain (sqrt of a negative, log of 0): NaN reads as 0.0.
      double q = std::isnan(*y) ? static_cast<double>(o.zeroPoint())
                                : std::nearbyint(*y / static_cast<float>(o.scale())) + static_cast<double>(o.zeroPoint());
      table.push_back(static_cast<int64_t>(std::clamp(q, static_cast<double>(o.qmin), static_cast<double>(o.qmax))));
    }
    unsigned tableBits = wideInput ? 16 : o.bits;
    auto type = RankedTensorType::get({static_cast<int64_t>(table.size())}, IntegerType::get(context, tableBits));
    Value lut = global(makeConstantFromInts(type, table, nodeName(loc) + ".lut"), loc);
    Value out = destination(unary.getOutput());
    builder.create<kernel::LookupOp>(loc, lookup(unary.getInput()), lut, out,
                                     impl("edgec_lut_s8", {unary.getInput(), unary.getOutput()}));
    return lowered(out);
  }
  return op->emitError() << "no integer kernel for '" << op->getName() << "' on quantized tensors";
}

} // namespace edgec
