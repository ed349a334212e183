// edge-lower-to-kernel: bufferize the graph function into kernel calls on memrefs, choosing kernel variants.
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"
#include "passes/Passes.h"
#include "passes/lower/Lowering.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"

#include <cmath>

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_EDGELOWERTOKERNEL
#include "passes/Passes.h.inc"

namespace {

/// Picks the conv kernel variant: the specialised ones are faster on their shapes.
StringRef convKernel(edge::ConvOp op) {
  auto in = cast<ShapedType>(op.getInput().getType());
  int64_t channels = in.getDimSize(in.getRank() - 1);
  if (op.getGroup() > 1 && static_cast<int64_t>(op.getGroup()) == channels)
    return "edgec_conv_depthwise_f32";
  auto filter = cast<ShapedType>(op.getFilter().getType());
  bool unitWindow = true;
  for (int64_t d = 1; d < filter.getRank() - 1; ++d)
    unitWindow &= filter.getDimSize(d) == 1;
  for (int64_t s : op.getStrides())
    unitWindow &= s == 1;
  for (int64_t p : op.getPads())
    unitWindow &= p == 0;
  if (unitWindow && op.getGroup() == 1)
    return "edgec_conv_pointwise_f32";
  return "edgec_conv_f32";
}

} // namespace

MemRefType bufferType(Value tensor) {
  auto t = cast<ShapedType>(tensor.getType());
  return MemRefType::get(t.getShape(), edge::storageType(t.getElementType()));
}

Value Lowering::destination(Value tensor) {
  auto it = outputIndex.find(tensor);
  if (it != outputIndex.end() && !outputWritten[it->second]) {
    outputWritten[it->second] = true;
    return kernelFunc.getArgument(numInputs + it->second);
  }
  return builder.create<memref::AllocOp>(tensor.getLoc(), bufferType(tensor));
}

Value Lowering::global(ElementsAttr value, Location loc) {
  auto type = MemRefType::get(cast<ShapedType>(value.getType()).getShape(),
                              cast<ShapedType>(value.getType()).getElementType());
  std::string name = "cst" + std::to_string(globalCount++);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(kernelFunc);
  auto g = builder.create<memref::GlobalOp>(loc, name, builder.getStringAttr("private"), type,
                                            value, /*constant=*/true, IntegerAttr());
  symbols.insert(g);
  builder.setInsertionPointToEnd(&kernelFunc.getBody().front());
  return builder.create<memref::GetGlobalOp>(loc, type, g.getSymName());
}

LogicalResult Lowering::lowerBatchNorm(edge::BatchNormOp op) {
  int64_t rank = cast<ShapedType>(op.getType()).getRank();
  int64_t axis = op.getLayout() == edge::Layout::nhwc ? rank - 1 : 1;
  SmallVector<std::vector<double>> params;
  for (Value v : {op.getScale(), op.getBias(), op.getMean(), op.getVariance()}) {
    ElementsAttr attr;
    if (!matchPattern(v, m_Constant(&attr))) {
      // Parameters known only at run time: the kernel normalizes with them directly.
      Value out = destination(op.getOutput());
      builder.create<kernel::BatchNormOp>(op.getLoc(), lookup(op.getInput()), lookup(op.getScale()),
                                          lookup(op.getBias()), lookup(op.getMean()), lookup(op.getVariance()),
                                          out, "edgec_batchnorm_f32", axis, op.getEpsilon());
      values.map(op.getOutput(), out);
      return success();
    }
    params.push_back(getConstantAsDoubles(attr));
  }
  float eps = op.getEpsilon().convertToFloat();
  std::vector<double> scale(params[0].size()), shift(params[0].size());
  for (size_t c = 0; c < scale.size(); ++c) {
    float s = static_cast<float>(params[0][c]) / std::sqrt(static_cast<float>(params[3][c]) + eps);
    scale[c] = s;
    shift[c] = static_cast<float>(params[1][c]) - static_cast<float>(params[2][c]) * s;
  }
  auto type = cast<ShapedType>(op.getScale().getType());
  std::string base = nodeName(op.getLoc());
  Value s = global(makeConstantFromDoubles(type, scale, base + ".scale"), op.getLoc());
  Value t = global(makeConstantFromDoubles(type, shift, base + ".shift"), op.getLoc());
  Value out = destination(op.getOutput());
  builder.create<kernel::ChannelAffineOp>(op.getLoc(), lookup(op.getInput()), s, t, out,
                                          "edgec_channel_affine_f32", axis);
  values.map(op.getOutput(), out);
  return success();
}

namespace {

/// Suffix of a kernel's typed variant ("f32", "i64"...), "" if the type has none.
std::string typeSuffix(Type t) {
  if (t.isInteger(1)) return "u8"; // booleans are 0/1 bytes
  if (t.isF32()) return "f32";
  if (t.isF64()) return "f64";
  if (t.isF16()) return "f16";
  if (t.isBF16()) return "bf16";
  if (t.isUnsignedInteger(8)) return "u8";
  if (t.isUnsignedInteger(16)) return "u16";
  if (t.isUnsignedInteger(32)) return "u32";
  if (t.isUnsignedInteger(64)) return "u64";
  if (t.isSignlessInteger(8)) return "i8";
  if (t.isSignlessInteger(16)) return "i16";
  if (t.isSignlessInteger(32)) return "i32";
  if (t.isSignlessInteger(64)) return "i64";
  return "";
}

/// The typed variant `base_<suffix>` when the kernel family has one for this element type.
std::string typedKernel(StringRef base, Type elem, ArrayRef<StringRef> suffixes) {
  std::string sfx = typeSuffix(elem);
  if (!sfx.empty() && llvm::is_contained(suffixes, StringRef(sfx)))
    return (base + "_" + sfx).str();
  return "";
}

/// Element types a buffer may have at run time (float16 & co. have no kernels yet).
bool runtimeType(Type t) {
  return t.isF32() || t.isF64() || t.isF16() || t.isBF16() || t.isFloat8E4M3FN() ||
         t.isFloat8E4M3FNUZ() || t.isFloat8E5M2() || t.isFloat8E5M2FNUZ() || t.isInteger(1) || t.isInteger(8) ||
         t.isInteger(16) || t.isInteger(32) || t.isInteger(64);
}

} // namespace

LogicalResult Lowering::lowerOp(Operation *op) {
  Location loc = op->getLoc();
  if (!isa<edge::ConstantOp>(op))
    for (Type t : op->getResultTypes())
      if (!runtimeType(edge::storageType(cast<ShapedType>(t).getElementType())))
        return op->emitError() << "tensors of " << cast<ShapedType>(t).getElementType()
                               << " are not supported at run time";
  // The data result decides (MaxPool's Indices are int64 by definition).
  auto requireF32 = [&]() -> LogicalResult {
    Type t = cast<ShapedType>(op->getResult(0).getType()).getElementType();
    if (!t.isF32())
      return op->emitError() << "computing in " << t << " at run time is not supported yet (float32 only)";
    return success();
  };
  auto lowered = [&](Value out) {
    values.map(op->getResult(0), out);
    return success();
  };
  if (auto c = dyn_cast<edge::ConstantOp>(op))
    return values.map(c.getOutput(), global(c.getValue(), loc)), success();
  bool quantized = false;
  if (failed(lowerQuantized(op, quantized)))
    return failure();
  if (quantized)
    return success();
  if (auto r = dyn_cast<edge::ReshapeOp>(op))
    return lowered(builder.create<kernel::ReshapeOp>(loc, bufferType(r.getOutput()),
                                                     lookup(r.getInput())));
  if (auto id = dyn_cast<edge::IdentityOp>(op))
    return lowered(lookup(id.getInput()));
  // Data movement works on any element type.
  if (auto s = dyn_cast<edge::SliceOp>(op)) {
    auto in = cast<ShapedType>(s.getInput().getType());
    SmallVector<int64_t> starts(in.getRank(), 0), steps(in.getRank(), 1);
    for (size_t i = 0; i < s.getAxes().size(); ++i) {
      int64_t axis = s.getAxes()[i] < 0 ? s.getAxes()[i] + in.getRank() : s.getAxes()[i];
      int64_t count;
      edge::normalizeSlice(in.getDimSize(axis), s.getStarts()[i], s.getEnds()[i], s.getSteps()[i],
                           starts[axis], count);
      steps[axis] = s.getSteps()[i];
    }
    Value out = destination(s.getOutput());
    builder.create<kernel::SliceOp>(loc, lookup(s.getInput()), out, "edgec_slice", starts, steps);
    return lowered(out);
  }
  if (auto g = dyn_cast<edge::GatherOp>(op)) {
    Value out = destination(g.getOutput());
    builder.create<kernel::GatherOp>(loc, lookup(g.getData()), lookup(g.getIndices()), out,
                                     "edgec_gather", g.getAxis());
    return lowered(out);
  }
  if (auto c = dyn_cast<edge::CastOp>(op)) {
    Value out = destination(c.getOutput());
    builder.create<kernel::CastOp>(loc, lookup(c.getInput()), out, "edgec_cast_sat", c.getSaturate());
    return lowered(out);
  }
  if (auto p = dyn_cast<edge::PadOp>(op)) {
    Value out = destination(p.getOutput());
    builder.create<kernel::PadOp>(loc, lookup(p.getInput()), out, "edgec_pad", p.getPads(),
                                  p.getMode(), p.getValue());
    return lowered(out);
  }
  if (auto t = dyn_cast<edge::TransposeOp>(op)) {
    Value out = destination(t.getOutput());
    builder.create<kernel::TransposeOp>(loc, lookup(t.getInput()), out, "edgec_transpose",
                                        t.getPerm());
    return lowered(out);
  }
  if (auto c = dyn_cast<edge::ConcatOp>(op)) {
    SmallVector<Value> inputs;
    for (Value v : c.getInputs())
      inputs.push_back(lookup(v));
    Value out = destination(c.getOutput());
    builder.create<kernel::ConcatOp>(loc, inputs, out, "edgec_concat", c.getAxis());
    return lowered(out);
  }
  if (auto c = dyn_cast<edge::CustomOp>(op)) {
    // The user's function takes any element type; it writes every output buffer.
    SmallVector<Value> inputs, outputs;
    for (Value v : c.getInputs())
      inputs.push_back(lookup(v));
    for (Value v : c.getOutputs())
      outputs.push_back(destination(v));
    builder.create<kernel::CustomOp>(loc, inputs, outputs, c.getSymbol(), c.getOpType(), c.getDomain(),
                                     c.getOnnxAttrs());
    for (auto [result, buffer] : llvm::zip(c.getOutputs(), outputs))
      values.map(result, buffer);
    return success();
  }
  // Elementwise math, reductions and max pooling pick the kernel variant of the element type.
  Type elem = cast<ShapedType>(op->getResult(0).getType()).getElementType();
  if (auto b = dyn_cast<edge::BinaryOp>(op)) {
    std::string impl = typedKernel("edgec_binary", elem, {"f32", "f64", "f16", "bf16", "i8", "u8", "i16", "i32", "i64", "u16", "u32", "u64"});
    if (impl.empty())
      return op->emitError() << "elementwise math on " << elem << " is not supported";
    Value out = destination(b.getOutput());
    builder.create<kernel::BinaryOp>(loc, b.getKind(), lookup(b.getLhs()), lookup(b.getRhs()), out, impl,
                                     b.getAct(), b.getActAlpha(), b.getActBeta());
    return lowered(out);
  }
  if (auto u = dyn_cast<edge::UnaryOp>(op)) {
    using K = edge::UnaryKind;
    bool integerSafe = llvm::is_contained({K::relu, K::clip, K::neg, K::abs, K::sign, K::ceil, K::floor, K::round, K::Not}, u.getKind());
    std::string impl = typedKernel("edgec_unary", elem, {"f32", "f64", "i8", "u8", "i16", "i32", "i64", "u16", "u32", "u64"});
    if (impl.empty() || (!isa<FloatType>(elem) && !integerSafe))
      return op->emitError() << "'" << edge::stringifyUnaryKind(u.getKind()) << "' on " << elem << " is not supported";
    Value out = destination(u.getOutput());
    builder.create<kernel::UnaryOp>(loc, u.getKind(), lookup(u.getInput()), out, impl, u.getAlpha(), u.getBeta());
    return lowered(out);
  }
  if (auto c = dyn_cast<edge::CompareOp>(op)) {
    Type operand = cast<ShapedType>(c.getLhs().getType()).getElementType();
    std::string impl = typedKernel("edgec_compare", operand, {"f32", "f64", "i8", "u8", "i16", "i32", "i64", "u16", "u32", "u64"});
    if (impl.empty())
      return op->emitError() << "comparisons of " << operand << " are not supported";
    Value out = destination(c.getOutput());
    builder.create<kernel::CompareOp>(loc, c.getKind(), lookup(c.getLhs()), lookup(c.getRhs()), out, impl);
    return lowered(out);
  }
  if (auto s = dyn_cast<edge::SelectOp>(op)) {
    Value out = destination(s.getOutput());
    builder.create<kernel::SelectOp>(loc, lookup(s.getCondition()), lookup(s.getX()), lookup(s.getY()), out,
                                     "edgec_select");
    return lowered(out);
  }
  if (auto b = dyn_cast<edge::BroadcastOp>(op)) {
    Value out = destination(b.getOutput());
    builder.create<kernel::BroadcastOp>(loc, lookup(b.getInput()), out, "edgec_broadcast");
    return lowered(out);
  }
  if (auto a = dyn_cast<edge::ArgReduceOp>(op)) {
    Type in = cast<ShapedType>(a.getInput().getType()).getElementType();
    std::string impl = typedKernel("edgec_arg_reduce", in, {"f32", "f64", "i8", "u8", "i32", "i64"});
    if (impl.empty())
      return op->emitError() << "ArgMax/ArgMin on " << in << " is not supported";
    if (cast<ShapedType>(a.getOutput().getType()).getElementType().isInteger(32))
      impl += "_idx32"; // indices narrowed by edge-narrow-indices
    Value out = destination(a.getOutput());
    builder.create<kernel::ArgReduceOp>(loc, a.getKind(), lookup(a.getInput()), out, impl, a.getAxis(),
                                        a.getSelectLastIndex());
    return lowered(out);
  }
  if (auto a = dyn_cast<edge::AttentionOp>(op)) {
    if (failed(requireF32()))
      return failure();
    // One row of scores at a time: Lk floats of scratch, not Lq x Lk.
    int64_t keys = cast<ShapedType>(a.getK().getType()).getShape().drop_back().back();
    Value scores = builder.create<memref::AllocOp>(loc, MemRefType::get({keys}, builder.getF32Type()));
    Value out = destination(a.getOutput());
    builder.create<kernel::AttentionOp>(loc, lookup(a.getQ()), lookup(a.getK()), lookup(a.getV()), scores, out,
                                        "edgec_attention_f32", a.getScale());
    return lowered(out);
  }
  if (auto t = dyn_cast<edge::TopKOp>(op)) {
    Type in = cast<ShapedType>(t.getInput().getType()).getElementType();
    std::string impl = typedKernel("edgec_top_k", in, {"f32", "f64", "i8", "u8", "i32", "i64", "u32", "u64"});
    if (impl.empty())
      return op->emitError() << "TopK on " << in << " is not supported";
    if (cast<ShapedType>(t.getIndices().getType()).getElementType().isInteger(32))
      impl += "_idx32"; // indices narrowed by edge-narrow-indices
    Value top = destination(t.getValues()), at = destination(t.getIndices());
    builder.create<kernel::TopKOp>(loc, lookup(t.getInput()), top, at, impl, t.getAxis(), t.getLargest());
    values.map(t.getIndices(), at);
    return lowered(top);
  }
  if (auto c = dyn_cast<edge::CumSumOp>(op)) {
    std::string impl = typedKernel("edgec_cumsum", elem, {"f32", "f64", "i32", "i64", "u32", "u64"});
    if (impl.empty())
      return op->emitError() << "CumSum on " << elem << " is not supported";
    Value out = destination(c.getOutput());
    builder.create<kernel::CumSumOp>(loc, lookup(c.getInput()), out, impl, c.getAxis(), c.getExclusive(),
                                     c.getReverse());
    return lowered(out);
  }
  if (auto g = dyn_cast<edge::GatherElementsOp>(op)) {
    Value out = destination(g.getOutput());
    builder.create<kernel::GatherElementsOp>(loc, lookup(g.getData()), lookup(g.getIndices()), out,
                                             "edgec_gather_elements", g.getAxis());
    return lowered(out);
  }
  if (auto r = dyn_cast<edge::ReduceOp>(op)) {
    // Booleans reduce as bytes (ReduceMax/Min are Any/All on 0/1).
    bool boolMinMax = elem.isInteger(1) && (r.getKind() == edge::ReduceKind::max || r.getKind() == edge::ReduceKind::min);
    std::string impl = boolMinMax ? "edgec_reduce_u8"
                                  : typedKernel("edgec_reduce", elem, {"f32", "f64", "i8", "u8", "i16", "i32", "i64", "u16", "u32", "u64"});
    if (impl.empty())
      return op->emitError() << "reductions on " << elem << " are not supported";
    Value out = destination(r.getOutput());
    builder.create<kernel::ReduceOp>(loc, r.getKind(), lookup(r.getInput()), out, impl, r.getAxes());
    return lowered(out);
  }
  if (auto p = dyn_cast<edge::PoolOp>(op)) {
    if (p.getLayout() != edge::Layout::nhwc)
      return op->emitError("pool must be channels-last before lowering (run edge-to-nhwc)");
    bool isMax = p.getKind() == edge::PoolKind::max;
    std::string impl = isMax ? typedKernel("edgec_maxpool", elem, {"f32", "f64", "i8", "u8"})
                             : typedKernel("edgec_avgpool", elem, {"f32"});
    if (impl.empty())
      return op->emitError() << "pooling on " << elem << " is not supported";
    Value out = destination(p.getOutput());
    builder.create<kernel::PoolOp>(loc, p.getKind(), lookup(p.getInput()), out, impl, p.getKernelShape(),
                                   p.getStrides(), p.getDilations(), p.getPads(), p.getCountIncludePad(),
                                   p.getAct(), p.getActAlpha(), p.getActBeta());
    return lowered(out);
  }
  if (auto m = dyn_cast<edge::MatMulOp>(op); m && (elem.isF32() || elem.isF64())) {
    Value out = destination(m.getOutput());
    builder.create<kernel::MatMulOp>(loc, lookup(m.getA()), lookup(m.getB()), out,
                                     elem.isF32() ? "edgec_matmul_f32" : "edgec_matmul_f64", m.getAct(),
                                     m.getActAlpha(), m.getActBeta());
    return lowered(out);
  }
  if (failed(requireF32()))
    return failure();
  if (auto bn = dyn_cast<edge::BatchNormOp>(op))
    return lowerBatchNorm(bn);
  if (auto ln = dyn_cast<edge::LayerNormOp>(op)) {
    Value out = destination(ln.getOutput());
    Value scale = ln.getScale() ? lookup(ln.getScale()) : Value(), bias = ln.getBias() ? lookup(ln.getBias()) : Value();
    builder.create<kernel::LayerNormOp>(loc, lookup(ln.getInput()), scale, bias, out, "edgec_layer_norm_f32",
                                        ln.getAxis(), ln.getEpsilon());
    return lowered(out);
  }
  if (auto rc = dyn_cast<edge::RecurrentOp>(op)) {
    // Y only when something reads it; Y_h (and Y_c) hold the running state, so always.
    Value yh = destination(rc.getYH());
    Value y = rc.getY().use_empty() ? Value() : destination(rc.getY());
    Value yc = rc.getYC().empty() ? Value() : destination(rc.getYC()[0]);
    auto x = cast<ShapedType>(rc.getX().getType());
    int64_t gates = rc.getKind() == "lstm" ? 4 : rc.getKind() == "gru" ? 3 : 1, hidden = rc.getHiddenSize();
    int64_t words = x.getDimSize(0) * x.getDimSize(1) * gates * hidden + (gates + 1) * hidden;
    Value work = builder.create<memref::AllocOp>(loc, MemRefType::get({words}, builder.getF32Type()));
    SmallVector<Value> operands{lookup(rc.getX()), lookup(rc.getW()), lookup(rc.getR())};
    SmallVector<int32_t> segments{1, 1, 1};
    for (Value v : {rc.getB(), rc.getSequenceLens(), rc.getInitialH(), rc.getInitialC(), rc.getP()}) {
      if (v)
        operands.push_back(lookup(v));
      segments.push_back(v ? 1 : 0);
    }
    // Outputs last, Y (ONNX's output 0, what a trace shows) the very last when present.
    operands.append({work, yh});
    segments.append({1, 1});
    for (Value v : {yc, y}) {
      if (v)
        operands.push_back(v);
      segments.push_back(v ? 1 : 0);
    }
    SmallVector<NamedAttribute> attrs{
        builder.getNamedAttr("impl", builder.getStringAttr("edgec_recurrent_f32")),
        builder.getNamedAttr("kind", rc.getKindAttr()), builder.getNamedAttr("direction", rc.getDirectionAttr()),
        builder.getNamedAttr("hidden_size", rc.getHiddenSizeAttr()),
        builder.getNamedAttr("activations", rc.getActivationsAttr()),
        builder.getNamedAttr("activation_alpha", rc.getActivationAlphaAttr()),
        builder.getNamedAttr("activation_beta", rc.getActivationBetaAttr()),
        builder.getNamedAttr("input_forget", builder.getBoolAttr(rc.getInputForget())),
        builder.getNamedAttr("linear_before_reset", builder.getBoolAttr(rc.getLinearBeforeReset())),
        builder.getNamedAttr("operandSegmentSizes", builder.getDenseI32ArrayAttr(segments))};
    if (rc.getClipAttr())
      attrs.push_back(builder.getNamedAttr("clip", rc.getClipAttr()));
    builder.create<kernel::RecurrentOp>(loc, TypeRange{}, operands, attrs);
    if (y)
      values.map(rc.getY(), y);
    if (yc)
      values.map(rc.getYC()[0], yc);
    values.map(rc.getYH(), yh);
    return success();
  }
  if (auto bn = dyn_cast<edge::BatchNormTrainingOp>(op)) {
    Value out = destination(bn.getOutput()), mean = destination(bn.getRunningMean()),
          var = destination(bn.getRunningVar());
    builder.create<kernel::BatchNormTrainingOp>(loc, lookup(bn.getInput()), lookup(bn.getScale()),
                                                lookup(bn.getBias()), lookup(bn.getMean()),
                                                lookup(bn.getVariance()), out, mean, var,
                                                "edgec_batchnorm_training_f32", bn.getEpsilon(),
                                                bn.getMomentum());
    values.map(bn.getRunningMean(), mean);
    values.map(bn.getRunningVar(), var);
    return lowered(out);
  }
  if (auto ct = dyn_cast<edge::ConvTransposeOp>(op)) {
    if (ct.getLayout() != edge::Layout::nhwc)
      return op->emitError("conv_transpose must be channels-last before lowering (run edge-to-nhwc)");
    Value out = destination(ct.getOutput());
    Value bias = ct.getBias() ? lookup(ct.getBias()) : Value();
    builder.create<kernel::ConvTransposeOp>(loc, lookup(ct.getInput()), lookup(ct.getFilter()), bias,
                                            out, "edgec_conv_transpose_f32", ct.getStrides(),
                                            ct.getDilations(), ct.getPads(), ct.getGroup(), ct.getAct(),
                                            ct.getActAlpha(), ct.getActBeta());
    return lowered(out);
  }
  if (auto r = dyn_cast<edge::ResizeOp>(op)) {
    Value out = destination(r.getOutput());
    builder.create<kernel::ResizeOp>(loc, lookup(r.getInput()), out, "edgec_resize_f32", r.getScales(),
                                     r.getRoi(), r.getMode(), r.getCoordMode(), r.getNearestMode(),
                                     r.getCubicCoeffA(), r.getExcludeOutside(), r.getExtrapolationValue(),
                                     r.getFromSizes());
    return lowered(out);
  }
  if (auto conv = dyn_cast<edge::ConvOp>(op)) {
    if (conv.getLayout() != edge::Layout::nhwc)
      return op->emitError("conv must be channels-last before lowering (run edge-to-nhwc)");
    Value out = destination(conv.getOutput());
    Value bias = conv.getBias() ? lookup(conv.getBias()) : Value();
    builder.create<kernel::ConvOp>(loc, lookup(conv.getInput()), lookup(conv.getFilter()), bias,
                                   out, convKernel(conv), conv.getStrides(), conv.getDilations(),
                                   conv.getPads(), conv.getGroup(), conv.getAct(),
                                   conv.getActAlpha(), conv.getActBeta());
    return lowered(out);
  }
  if (auto g = dyn_cast<edge::GemmOp>(op)) {
    Value out = destination(g.getOutput());
    Value c = g.getC() ? lookup(g.getC()) : Value();
    builder.create<kernel::GemmOp>(loc, lookup(g.getA()), lookup(g.getB()), c, out,
                                   "edgec_gemm_f32", g.getAlpha(), g.getBeta(), g.getTransA(),
                                   g.getTransB(), g.getAct(), g.getActAlpha(), g.getActBeta());
    return lowered(out);
  }
  if (auto s = dyn_cast<edge::SoftmaxOp>(op)) {
    Value out = destination(s.getOutput());
    builder.create<kernel::SoftmaxOp>(loc, lookup(s.getInput()), Value(), out,
                                      s.getLog() ? "edgec_log_softmax_f32" : "edgec_softmax_f32",
                                      s.getAxis(), s.getLog());
    return lowered(out);
  }
  if (auto p = dyn_cast<edge::MaxPoolWithIndicesOp>(op)) {
    if (p.getLayout() != edge::Layout::nhwc)
      return op->emitError("pool must be channels-last before lowering (run edge-to-nhwc)");
    Value out = destination(p.getOutput()), indices = destination(p.getIndices());
    builder.create<kernel::MaxPoolIndicesOp>(loc, lookup(p.getInput()), out, indices,
                                             "edgec_maxpool_indices_f32", p.getKernelShape(),
                                             p.getStrides(), p.getDilations(), p.getPads(),
                                             p.getStorageOrder());
    values.map(p.getIndices(), indices);
    return lowered(out);
  }
  if (auto p = dyn_cast<edge::GlobalPoolOp>(op)) {
    if (p.getLayout() != edge::Layout::nhwc)
      return op->emitError("global pool must be channels-last before lowering (run edge-to-nhwc)");
    Value out = destination(p.getOutput());
    bool isMax = p.getKind() == edge::PoolKind::max;
    builder.create<kernel::GlobalPoolOp>(loc, p.getKind(), lookup(p.getInput()), out,
                                         isMax ? "edgec_global_maxpool_f32"
                                               : "edgec_global_avgpool_f32");
    return lowered(out);
  }
  return op->emitError() << "no kernel for '" << op->getName() << "'";
}

LogicalResult Lowering::run() {
  FunctionType type = graph.getFunctionType();
  numInputs = type.getNumInputs();
  SmallVector<Type> argTypes;
  for (Type t : type.getInputs())
    argTypes.push_back(MemRefType::get(cast<ShapedType>(t).getShape(),
                                       edge::storageType(cast<ShapedType>(t).getElementType())));
  for (Type t : type.getResults())
    argTypes.push_back(MemRefType::get(cast<ShapedType>(t).getShape(),
                                       edge::storageType(cast<ShapedType>(t).getElementType())));
  builder.setInsertionPoint(graph);
  kernelFunc = builder.create<func::FuncOp>(graph.getLoc(), graph.getName(),
                                            builder.getFunctionType(argTypes, {}));
  // Argument names and roles survive: inputs first, then one output buffer per result.
  for (unsigned i = 0; i < numInputs; ++i)
    kernelFunc.setArgAttrs(i, graph.getArgAttrDict(i));
  for (unsigned i = 0; i < type.getNumResults(); ++i) {
    NamedAttrList attrs(graph.getResultAttrDict(i));
    attrs.set("edgec.output", builder.getUnitAttr());
    kernelFunc.setArgAttrs(numInputs + i, attrs.getDictionary(builder.getContext()));
  }
  Block *body = kernelFunc.addEntryBlock();
  for (unsigned i = 0; i < numInputs; ++i)
    values.map(graph.getArgument(i), kernelFunc.getArgument(i));

  auto ret = cast<func::ReturnOp>(graph.getBody().front().getTerminator());
  outputWritten.assign(ret.getNumOperands(), false);
  for (auto [i, v] : llvm::enumerate(ret.getOperands()))
    if (v.getDefiningOp() && !isa<edge::ConstantOp, edge::ReshapeOp, edge::IdentityOp, edge::StorageCastOp>(v.getDefiningOp()))
      outputIndex.try_emplace(v, i);

  builder.setInsertionPointToEnd(body);
  for (Operation &op : graph.getBody().front().without_terminator()) {
    Operation *last = body->empty() ? nullptr : &body->back();
    if (failed(lowerOp(&op)))
      return failure();
    // Layout facts the tracer needs travel with the kernel call(s) the op became.
    Block::iterator it = last ? std::next(last->getIterator()) : body->begin();
    for (; it != body->end(); ++it)
      for (StringRef attr : {"edgec.layout", "edgec.layout_transpose", "edgec.observe", "edgec.float_reason"})
        if (Attribute value = op.getAttr(attr); value && isa<kernel::KernelDialect>(it->getDialect()))
          it->setAttr(attr, value);
  }
  // Outputs not written in place (graph inputs, constants, views, repeats) are copied.
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    Value dst = kernelFunc.getArgument(numInputs + i);
    if (lookup(v) != dst)
      builder.create<kernel::CopyOp>(ret.getLoc(), lookup(v), dst, "edgec_copy");
  }
  builder.create<func::ReturnOp>(ret.getLoc());
  graph.erase();
  // Constants no kernel reads (a 16x8 conv's float bias, replaced by its int64 form) leave
  // the weights.
  for (Operation &op : llvm::make_early_inc_range(*body))
    if (auto get = dyn_cast<memref::GetGlobalOp>(op); get && get->use_empty())
      get.erase();
  for (auto global : llvm::make_early_inc_range(module.getOps<memref::GlobalOp>()))
    if (SymbolTable::symbolKnownUseEmpty(global, module))
      global.erase();
  return success();
}

namespace {

struct EdgeLowerToKernelPass : impl::EdgeLowerToKernelBase<EdgeLowerToKernelPass> {
  void runOnOperation() override {
    SmallVector<func::FuncOp> graphs(getOperation().getOps<func::FuncOp>());
    for (func::FuncOp graph : graphs) {
      if (graph.getFunctionType().getNumResults() == 0 && !graph.isExternal())
        continue; // already lowered
      if (failed(Lowering(getOperation(), graph).run()))
        return signalPassFailure();
    }
  }
};
} // namespace
} // namespace edgec
