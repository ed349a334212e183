// Shape inference and verifiers of the edge ops: ONNX's shape rules, with messages that show the values.
#include "compiler/dialect/Edge/EdgeDialect.h"
#include "compiler/support/ShapeString.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace edgec::edge;

namespace {

std::string shapeStr(ArrayRef<int64_t> shape) { return edgec::shapeString(shape); }

ShapedType shaped(Value v) { return cast<ShapedType>(v.getType()); }

/// Equal element types, or both quantized (their scales may differ: the result type says how
/// the op requantizes).
bool sameElementKind(Type a, Type b) {
  return a == b || (edgec::edge::isQuantized(a) && edgec::edge::isQuantized(b));
}

/// Output length of one sliding-window dim (conv and pool share it).
int64_t windowOutput(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                     int64_t padBegin, int64_t padEnd, bool ceilMode) {
  int64_t span = in + padBegin + padEnd - dilation * (kernel - 1) - 1;
  if (span < 0)
    return 0;
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  // ONNX (as onnxruntime): the last window must start inside input or begin padding.
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

/// Checks the window attributes of conv/pool and computes the output spatial dims.
LogicalResult inferWindow(std::optional<Location> loc, StringRef opName,
                          ArrayRef<int64_t> inSpatial, ArrayRef<int64_t> kernel,
                          ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                          ArrayRef<int64_t> pads, bool ceilMode,
                          SmallVectorImpl<int64_t> &outSpatial) {
  size_t n = inSpatial.size();
  if (n < 1 || n > 3)
    return emitOptionalError(loc, opName, ": expected 1 to 3 spatial dims, got ", n);
  if (kernel.size() != n || strides.size() != n || dilations.size() != n || pads.size() != 2 * n)
    return emitOptionalError(loc, opName, ": expected kernel/strides/dilations of ", n,
                             " values and pads of ", 2 * n, ", got ", kernel.size(), "/",
                             strides.size(), "/", dilations.size(), " and ", pads.size());
  for (size_t i = 0; i < n; ++i) {
    if (kernel[i] < 1 || strides[i] < 1 || dilations[i] < 1)
      return emitOptionalError(loc, opName, ": kernel, stride and dilation must be >= 1, got ",
                               kernel[i], ", ", strides[i], ", ", dilations[i], " in dim ", i);
    if (pads[i] < 0 || pads[i + n] < 0)
      return emitOptionalError(loc, opName, ": negative padding in dim ", i);
    int64_t out = windowOutput(inSpatial[i], kernel[i], strides[i], dilations[i], pads[i],
                               pads[i + n], ceilMode);
    if (out < 1)
      return emitOptionalError(loc, opName, ": window of ", dilations[i] * (kernel[i] - 1) + 1,
                               " (kernel ", kernel[i], ", dilation ", dilations[i],
                               ") does not fit input dim ", i, " of ", inSpatial[i],
                               " with pads ", pads[i], "+", pads[i + n]);
    outSpatial.push_back(out);
  }
  return success();
}

/// Splits an image shape into batch, channels and spatial dims by layout.
void splitImage(ArrayRef<int64_t> shape, Layout layout, int64_t &batch, int64_t &channels,
                SmallVectorImpl<int64_t> &spatial) {
  batch = shape[0];
  if (layout == Layout::nchw) {
    channels = shape[1];
    spatial.assign(shape.begin() + 2, shape.end());
  } else {
    channels = shape.back();
    spatial.assign(shape.begin() + 1, shape.end() - 1);
  }
}

SmallVector<int64_t> joinImage(int64_t batch, int64_t channels, ArrayRef<int64_t> spatial,
                               Layout layout) {
  SmallVector<int64_t> shape{batch};
  if (layout == Layout::nchw)
    shape.push_back(channels);
  shape.append(spatial.begin(), spatial.end());
  if (layout == Layout::nhwc)
    shape.push_back(channels);
  return shape;
}

} // namespace

//===----------------------------------------------------------------------===//
// constant
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                           Adaptor adaptor, SmallVectorImpl<Type> &types) {
  if (!adaptor.getValue())
    return emitOptionalError(loc, "edge.constant: missing value");
  types.push_back(adaptor.getValue().getType());
  return success();
}

//===----------------------------------------------------------------------===//
// conv
//===----------------------------------------------------------------------===//

LogicalResult ConvOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput()), w = shaped(adaptor.getFilter());
  if (in.getRank() < 3 || in.getRank() > 5 || w.getRank() != in.getRank())
    return emitOptionalError(loc, "conv: expected input and filter of equal rank 3 to 5, got ",
                             shapeStr(in.getShape()), " and ", shapeStr(w.getShape()));
  Layout layout = adaptor.getLayout();
  int64_t group = adaptor.getGroup();
  int64_t batch, channels;
  SmallVector<int64_t> spatial, kernel, outSpatial;
  splitImage(in.getShape(), layout, batch, channels, spatial);
  int64_t outChannels = w.getDimSize(0);
  int64_t filterIn = layout == Layout::nchw ? w.getDimSize(1) : w.getDimSize(w.getRank() - 1);
  if (layout == Layout::nchw)
    kernel.assign(w.getShape().begin() + 2, w.getShape().end());
  else
    kernel.assign(w.getShape().begin() + 1, w.getShape().end() - 1);
  if (group < 1 || channels % group != 0 || outChannels % group != 0 ||
      filterIn * group != channels)
    return emitOptionalError(loc, "conv: input has ", channels, " channels, filter ",
                             shapeStr(w.getShape()), " expects ", filterIn, " per group x ",
                             group, " groups (output channels ", outChannels,
                             " must divide by the group count too)");
  if (adaptor.getBias()) {
    auto b = shaped(adaptor.getBias());
    if (b.getRank() != 1 || b.getDimSize(0) != outChannels)
      return emitOptionalError(loc, "conv: bias shape ", shapeStr(b.getShape()),
                               " does not match ", outChannels, " output channels");
  }
  if (failed(inferWindow(loc, "conv", spatial, kernel, adaptor.getStrides(),
                         adaptor.getDilations(), adaptor.getPads(), false, outSpatial)))
    return failure();
  types.push_back(
      RankedTensorType::get(joinImage(batch, outChannels, outSpatial, layout), in.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// gemm, matmul
//===----------------------------------------------------------------------===//

LogicalResult GemmOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto a = shaped(adaptor.getA()), b = shaped(adaptor.getB());
  if (a.getRank() != 2 || b.getRank() != 2)
    return emitOptionalError(loc, "gemm: expected 2-d A and B, got ", shapeStr(a.getShape()),
                             " and ", shapeStr(b.getShape()));
  int64_t m = adaptor.getTransA() ? a.getDimSize(1) : a.getDimSize(0);
  int64_t ka = adaptor.getTransA() ? a.getDimSize(0) : a.getDimSize(1);
  int64_t kb = adaptor.getTransB() ? b.getDimSize(1) : b.getDimSize(0);
  int64_t n = adaptor.getTransB() ? b.getDimSize(0) : b.getDimSize(1);
  if (ka != kb)
    return emitOptionalError(loc, "gemm: inner dims differ: A gives K=", ka, ", B gives K=", kb);
  if (adaptor.getC()) {
    auto c = shaped(adaptor.getC());
    SmallVector<int64_t> out;
    if (c.getRank() > 2 ||
        !OpTrait::util::getBroadcastedShape({m, n}, c.getShape(), out) ||
        out != SmallVector<int64_t>{m, n})
      return emitOptionalError(loc, "gemm: C of shape ", shapeStr(c.getShape()),
                               " does not broadcast to ", m, "x", n);
  }
  types.push_back(RankedTensorType::get({m, n}, a.getElementType()));
  return success();
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto a = shaped(adaptor.getA()), b = shaped(adaptor.getB());
  if (a.getRank() < 1 || b.getRank() < 1)
    return emitOptionalError(loc, "matmul: operands must have rank >= 1");
  // numpy: a 1-d A is a row vector, a 1-d B a column vector; both are dropped after.
  SmallVector<int64_t> as(a.getShape()), bs(b.getShape());
  if (a.getRank() == 1)
    as.insert(as.begin(), 1);
  if (b.getRank() == 1)
    bs.push_back(1);
  if (as.back() != bs[bs.size() - 2])
    return emitOptionalError(loc, "matmul: inner dims differ: ", shapeStr(a.getShape()), " x ",
                             shapeStr(b.getShape()));
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(ArrayRef<int64_t>(as).drop_back(2),
                                          ArrayRef<int64_t>(bs).drop_back(2), batch))
    return emitOptionalError(loc, "matmul: batch dims do not broadcast: ",
                             shapeStr(a.getShape()), " x ", shapeStr(b.getShape()));
  SmallVector<int64_t> out(batch);
  if (a.getRank() != 1)
    out.push_back(as[as.size() - 2]);
  if (b.getRank() != 1)
    out.push_back(bs.back());
  types.push_back(RankedTensorType::get(out, a.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// elementwise
//===----------------------------------------------------------------------===//

LogicalResult BinaryOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto a = shaped(adaptor.getLhs()), b = shaped(adaptor.getRhs());
  if (!sameElementKind(a.getElementType(), b.getElementType()))
    return emitOptionalError(loc, "binary: element types differ: ", a.getElementType(), " and ",
                             b.getElementType());
  SmallVector<int64_t> out;
  if (!OpTrait::util::getBroadcastedShape(a.getShape(), b.getShape(), out))
    return emitOptionalError(loc, "binary: shapes ", shapeStr(a.getShape()), " and ",
                             shapeStr(b.getShape()), " do not broadcast");
  bool logical = adaptor.getKind() == BinaryKind::And || adaptor.getKind() == BinaryKind::Or ||
                 adaptor.getKind() == BinaryKind::Xor;
  if (logical != a.getElementType().isInteger(1))
    return emitOptionalError(loc, "binary ", stringifyBinaryKind(adaptor.getKind()), ": ",
                             logical ? "expects boolean operands, got " : "does not take booleans, got ",
                             a.getElementType());
  types.push_back(RankedTensorType::get(out, a.getElementType()));
  return success();
}

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto a = shaped(adaptor.getLhs()), b = shaped(adaptor.getRhs());
  if (a.getElementType() != b.getElementType() || isQuantized(a.getElementType()))
    return emitOptionalError(loc, "compare: element types differ or are quantized: ", a.getElementType(),
                             " and ", b.getElementType());
  SmallVector<int64_t> out;
  if (!OpTrait::util::getBroadcastedShape(a.getShape(), b.getShape(), out))
    return emitOptionalError(loc, "compare: shapes ", shapeStr(a.getShape()), " and ",
                             shapeStr(b.getShape()), " do not broadcast");
  types.push_back(RankedTensorType::get(out, IntegerType::get(context, 1)));
  return success();
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto c = shaped(adaptor.getCondition()), x = shaped(adaptor.getX()), y = shaped(adaptor.getY());
  if (!c.getElementType().isInteger(1))
    return emitOptionalError(loc, "select: the condition must be boolean, got ", c.getElementType());
  if (x.getElementType() != y.getElementType() || isQuantized(x.getElementType()))
    return emitOptionalError(loc, "select: element types differ or are quantized: ", x.getElementType(),
                             " and ", y.getElementType());
  SmallVector<int64_t> xy, out;
  if (!OpTrait::util::getBroadcastedShape(x.getShape(), y.getShape(), xy) ||
      !OpTrait::util::getBroadcastedShape(c.getShape(), xy, out))
    return emitOptionalError(loc, "select: shapes ", shapeStr(c.getShape()), ", ", shapeStr(x.getShape()),
                             " and ", shapeStr(y.getShape()), " do not broadcast");
  types.push_back(RankedTensorType::get(out, x.getElementType()));
  return success();
}

LogicalResult BroadcastOp::verify() {
  auto in = shaped(getInput()), out = shaped(getOutput());
  SmallVector<int64_t> joined;
  if (in.getElementType() != out.getElementType() || in.getRank() > out.getRank() ||
      !OpTrait::util::getBroadcastedShape(in.getShape(), out.getShape(), joined) || joined != out.getShape())
    return emitOpError() << "cannot broadcast " << in << " to " << out;
  return success();
}

LogicalResult LayerNormOp::verify() {
  auto in = shaped(getInput());
  int64_t rank = in.getRank(), axis = getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError() << "axis " << axis << " is out of range for rank " << rank;
  if (!isa<FloatType>(in.getElementType()))
    return emitOpError() << "expects a float input, got " << in.getElementType();
  for (Value v : {getScale(), getBias()})
    if (v && shaped(v).getShape() != in.getShape().drop_front(axis))
      return emitOpError() << "scale and bias must have the normalized dims "
                           << shapeStr(in.getShape().drop_front(axis)) << ", got " << shapeStr(shaped(v).getShape());
  if (shaped(getOutput()).getShape() != in.getShape())
    return emitOpError() << "result shape differs from the input's";
  return success();
}

LogicalResult ArgReduceOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput());
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= in.getRank())
    return emitOptionalError(loc, "arg_reduce: axis ", axis, " is out of range for rank ", in.getRank());
  SmallVector<int64_t> out(in.getShape());
  if (adaptor.getKeepdims())
    out[axis] = 1;
  else
    out.erase(out.begin() + axis);
  types.push_back(RankedTensorType::get(out, IntegerType::get(context, 64)));
  return success();
}

LogicalResult AttentionOp::verify() {
  auto q = shaped(getQ()), k = shaped(getK()), v = shaped(getV()), out = shaped(getOutput());
  int64_t rank = q.getRank();
  if (rank < 2 || k.getRank() != rank || v.getRank() != rank || out.getRank() != rank)
    return emitOpError() << "q, k, v and the result must have one rank of at least 2";
  if (!q.getElementType().isF32() || k.getElementType() != q.getElementType() ||
      v.getElementType() != q.getElementType() || out.getElementType() != q.getElementType())
    return emitOpError() << "expects float32 operands and result";
  if (q.getShape().drop_back(2) != k.getShape().drop_back(2) || q.getShape().drop_back(2) != v.getShape().drop_back(2))
    return emitOpError() << "q, k and v must have the same leading dims";
  if (k.getShape().back() != q.getShape().back())
    return emitOpError() << "k's last dim (" << k.getShape().back() << ") must equal q's (" << q.getShape().back() << ")";
  if (v.getDimSize(rank - 2) != k.getDimSize(rank - 2))
    return emitOpError() << "v has " << v.getDimSize(rank - 2) << " rows, k " << k.getDimSize(rank - 2);
  SmallVector<int64_t> expected(q.getShape());
  expected.back() = v.getShape().back();
  if (out.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "result shape must be " << shapeStr(expected);
  return success();
}

LogicalResult TopKOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput());
  int64_t axis = adaptor.getAxis(), k = adaptor.getK();
  if (axis < 0 || axis >= in.getRank())
    return emitOptionalError(loc, "top_k: axis ", axis, " is out of range for rank ", in.getRank());
  if (k < 0 || k > in.getDimSize(axis))
    return emitOptionalError(loc, "top_k: k = ", k, " is outside [0, ", in.getDimSize(axis), "]");
  SmallVector<int64_t> out(in.getShape());
  out[axis] = k;
  types.push_back(RankedTensorType::get(out, in.getElementType()));
  types.push_back(RankedTensorType::get(out, IntegerType::get(context, 64)));
  return success();
}

LogicalResult CumSumOp::verify() {
  // The attribute is a signless I64Attr, returned unsigned: read it signed so -1 is refused.
  int64_t rank = shaped(getInput()).getRank(), axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= rank)
    return emitOpError() << "axis " << axis << " is out of range for rank " << rank;
  return success();
}

LogicalResult GatherElementsOp::verify() {
  auto data = shaped(getData()), idx = shaped(getIndices()), out = shaped(getOutput());
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= data.getRank())
    return emitOpError() << "axis " << axis << " is out of range for rank " << data.getRank();
  if (idx.getRank() != data.getRank() || !idx.getElementType().isInteger() || idx.getElementType().isInteger(1))
    return emitOpError() << "indices must be integers of the data's rank";
  for (int64_t d = 0; d < data.getRank(); ++d)
    if (d != axis && idx.getDimSize(d) > data.getDimSize(d))
      return emitOpError() << "indices dim " << d << " (" << idx.getDimSize(d) << ") exceeds the data's ("
                           << data.getDimSize(d) << ")";
  if (out.getShape() != idx.getShape() || out.getElementType() != data.getElementType())
    return emitOpError() << "the result must have the indices' shape and the data's element type";
  return success();
}

LogicalResult RecurrentOp::verify() {
  StringRef kind = getKind(), direction = getDirection();
  int64_t gates = kind == "lstm" ? 4 : kind == "gru" ? 3 : kind == "rnn" ? 1 : 0;
  if (!gates)
    return emitOpError() << "kind must be \"lstm\", \"gru\" or \"rnn\", got \"" << kind << "\"";
  if (direction != "forward" && direction != "reverse" && direction != "bidirectional")
    return emitOpError() << "direction must be forward, reverse or bidirectional, got \"" << direction << "\"";
  int64_t dirs = direction == "bidirectional" ? 2 : 1, hidden = getHiddenSize();
  auto x = shaped(getX());
  if (x.getRank() != 3 || !x.getElementType().isF32())
    return emitOpError() << "expects a float32 X of rank 3 [seq, batch, input], got " << x;
  int64_t seq = x.getDimSize(0), batch = x.getDimSize(1), input = x.getDimSize(2);
  if (hidden < 1)
    return emitOpError() << "hidden_size must be positive";
  auto expect = [&](Value v, ArrayRef<int64_t> shape, StringRef what, Type element) -> LogicalResult {
    if (!v)
      return success();
    auto t = shaped(v);
    if (t.getShape() != shape || t.getElementType() != element)
      return emitOpError() << what << " must be " << shapeStr(shape) << " of " << element << ", got " << t;
    return success();
  };
  Type f32 = x.getElementType(), i32 = IntegerType::get(getContext(), 32);
  if (failed(expect(getW(), {dirs, gates * hidden, input}, "W", f32)) ||
      failed(expect(getR(), {dirs, gates * hidden, hidden}, "R", f32)) ||
      failed(expect(getB(), {dirs, 2 * gates * hidden}, "B", f32)) ||
      failed(expect(getSequenceLens(), {batch}, "sequence_lens", i32)) ||
      failed(expect(getInitialH(), {dirs, batch, hidden}, "initial_h", f32)) ||
      failed(expect(getInitialC(), {dirs, batch, hidden}, "initial_c", f32)) ||
      failed(expect(getP(), {dirs, 3 * hidden}, "P", f32)) ||
      failed(expect(getY(), {seq, dirs, batch, hidden}, "Y", f32)) ||
      failed(expect(getYH(), {dirs, batch, hidden}, "Y_h", f32)))
    return failure();
  bool lstm = kind == "lstm";
  if (getYC().size() != (lstm ? 1u : 0u))
    return emitOpError() << (lstm ? "lstm has one Y_c result" : "only lstm has a Y_c result");
  if (lstm && failed(expect(getYC()[0], {dirs, batch, hidden}, "Y_c", f32)))
    return failure();
  if (!lstm && (getInitialC() || getP() || getInputForget()))
    return emitOpError() << "initial_c, peepholes and input_forget are lstm's only";
  if (kind != "gru" && getLinearBeforeReset())
    return emitOpError() << "linear_before_reset is gru's only";
  size_t count = static_cast<size_t>(dirs * (lstm ? 3 : gates == 3 ? 2 : 1));
  if (getActivations().size() != count || getActivationAlpha().size() != count ||
      getActivationBeta().size() != count)
    return emitOpError() << "expects " << count << " activations, alphas and betas (every direction's)";
  static const llvm::StringLiteral known[] = {"Sigmoid", "Tanh", "Relu", "HardSigmoid", "LeakyRelu", "Affine",
                                "ScaledTanh", "Elu", "Softsign", "Softplus", "ThresholdedRelu"};
  for (Attribute a : getActivations())
    if (!llvm::is_contained(known, cast<StringAttr>(a).getValue()))
      return emitOpError() << "unknown activation " << a;
  if (getClip() && !(getClip()->convertToFloat() > 0))
    return emitOpError() << "clip must be positive";
  return success();
}

/// Only a quantized op may change its element type (its scale and zero point).
static LogicalResult verifySameElementUnlessQuantized(Operation *op, Type in, Type out) {
  if (in != out && !(isQuantized(in) && isQuantized(out)))
    return op->emitOpError() << "element type changes from " << in << " to " << out
                             << " (only a quantized op may change its scale)";
  return success();
}

LogicalResult SoftmaxOp::verify() {
  if (failed(verifySameElementUnlessQuantized(*this, shaped(getInput()).getElementType(),
                                              cast<ShapedType>(getType()).getElementType())))
    return failure();
  int64_t rank = cast<ShapedType>(getType()).getRank();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= rank)
    return emitOpError() << "axis " << axis << " out of range for rank " << rank
                         << " (normalized at import)";
  return success();
}

//===----------------------------------------------------------------------===//
// pooling, batch norm
//===----------------------------------------------------------------------===//

LogicalResult PoolOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput());
  if (in.getRank() < 3 || in.getRank() > 5)
    return emitOptionalError(loc, "pool: expected input of rank 3 to 5, got ",
                             shapeStr(in.getShape()));
  int64_t batch, channels;
  SmallVector<int64_t> spatial, outSpatial;
  splitImage(in.getShape(), adaptor.getLayout(), batch, channels, spatial);
  if (failed(inferWindow(loc, "pool", spatial, adaptor.getKernelShape(), adaptor.getStrides(),
                         adaptor.getDilations(), adaptor.getPads(), adaptor.getCeilMode(),
                         outSpatial)))
    return failure();
  types.push_back(RankedTensorType::get(joinImage(batch, channels, outSpatial, adaptor.getLayout()),
                                        in.getElementType()));
  return success();
}

LogicalResult MaxPoolWithIndicesOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                                     Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput());
  if (in.getRank() < 3 || in.getRank() > 5)
    return emitOptionalError(loc, "max_pool_with_indices: expected input of rank 3 to 5, got ",
                             shapeStr(in.getShape()));
  int64_t batch, channels;
  SmallVector<int64_t> spatial, outSpatial;
  splitImage(in.getShape(), adaptor.getLayout(), batch, channels, spatial);
  if (failed(inferWindow(loc, "max_pool_with_indices", spatial, adaptor.getKernelShape(),
                         adaptor.getStrides(), adaptor.getDilations(), adaptor.getPads(),
                         adaptor.getCeilMode(), outSpatial)))
    return failure();
  SmallVector<int64_t> shape = joinImage(batch, channels, outSpatial, adaptor.getLayout());
  types.push_back(RankedTensorType::get(shape, in.getElementType()));
  types.push_back(RankedTensorType::get(shape, IntegerType::get(context, 64)));
  return success();
}

LogicalResult GlobalPoolOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                             Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput());
  if (in.getRank() < 3)
    return emitOptionalError(loc, "global_pool: expected rank >= 3, got ",
                             shapeStr(in.getShape()));
  int64_t batch, channels;
  SmallVector<int64_t> spatial;
  splitImage(in.getShape(), adaptor.getLayout(), batch, channels, spatial);
  SmallVector<int64_t> ones(spatial.size(), 1);
  types.push_back(RankedTensorType::get(joinImage(batch, channels, ones, adaptor.getLayout()),
                                        in.getElementType()));
  return success();
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput());
  if (in.getRank() < 2)
    return emitOptionalError(loc, "batch_norm: expected rank >= 2, got ",
                             shapeStr(in.getShape()));
  int64_t channels =
      adaptor.getLayout() == Layout::nchw ? in.getDimSize(1) : in.getDimSize(in.getRank() - 1);
  for (Value v : {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(), adaptor.getVariance()}) {
    auto t = shaped(v);
    if (t.getRank() != 1 || t.getDimSize(0) != channels)
      return emitOptionalError(loc, "batch_norm: parameter of shape ", shapeStr(t.getShape()),
                               " does not match ", channels, " channels");
  }
  types.push_back(in);
  return success();
}

LogicalResult BatchNormTrainingOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                                    Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput());
  if (in.getRank() < 2)
    return emitOptionalError(loc, "batch_norm_training: expected rank >= 2, got ", shapeStr(in.getShape()));
  for (Value v : {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(), adaptor.getVariance()}) {
    auto t = shaped(v);
    if (t.getRank() != 1 || t.getDimSize(0) != in.getDimSize(1))
      return emitOptionalError(loc, "batch_norm_training: parameter of shape ", shapeStr(t.getShape()),
                               " does not match ", in.getDimSize(1), " channels");
  }
  types.push_back(in);
  types.push_back(adaptor.getMean().getType());
  types.push_back(adaptor.getVariance().getType());
  return success();
}

//===----------------------------------------------------------------------===//
// data movement
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = cast<ShapedType>(getInput().getType()), out = cast<ShapedType>(getType());
  if (in.getNumElements() != out.getNumElements())
    return emitOpError() << "cannot reshape " << shapeStr(in.getShape()) << " ("
                         << in.getNumElements() << " elements) to " << shapeStr(out.getShape())
                         << " (" << out.getNumElements() << " elements)";
  if (in.getElementType() != out.getElementType())
    return emitOpError() << "element type changes from " << in.getElementType() << " to "
                         << out.getElementType();
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (static_cast<int64_t>(perm.size()) != in.getRank())
    return emitOptionalError(loc, "transpose: perm has ", perm.size(), " entries for rank ",
                             in.getRank());
  SmallVector<bool> seen(perm.size(), false);
  SmallVector<int64_t> out;
  for (int64_t p : perm) {
    if (p < 0 || p >= in.getRank() || seen[p])
      return emitOptionalError(loc, "transpose: perm is not a permutation of 0..",
                               in.getRank() - 1);
    seen[p] = true;
    out.push_back(in.getDimSize(p));
  }
  types.push_back(RankedTensorType::get(out, in.getElementType()));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  if (adaptor.getInputs().empty())
    return emitOptionalError(loc, "concat: needs at least one input");
  auto first = shaped(adaptor.getInputs().front());
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= first.getRank())
    return emitOptionalError(loc, "concat: axis ", axis, " out of range for rank ",
                             first.getRank());
  SmallVector<int64_t> out(first.getShape());
  out[axis] = 0;
  for (Value v : adaptor.getInputs()) {
    auto t = shaped(v);
    bool ok = t.getRank() == first.getRank() && sameElementKind(t.getElementType(), first.getElementType());
    for (int64_t d = 0; ok && d < t.getRank(); ++d)
      ok = d == axis || t.getDimSize(d) == first.getDimSize(d);
    if (!ok)
      return emitOptionalError(loc, "concat: input ", shapeStr(t.getShape()),
                               " does not match ", shapeStr(first.getShape()),
                               " outside axis ", axis);
    out[axis] += t.getDimSize(axis);
  }
  types.push_back(RankedTensorType::get(out, first.getElementType()));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto data = shaped(adaptor.getData()), idx = shaped(adaptor.getIndices());
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= data.getRank())
    return emitOptionalError(loc, "gather: axis ", axis, " out of range for rank ",
                             data.getRank());
  if (!idx.getElementType().isInteger(32) && !idx.getElementType().isInteger(64))
    return emitOptionalError(loc, "gather: indices must be int32 or int64");
  SmallVector<int64_t> out(data.getShape().take_front(axis));
  out.append(idx.getShape().begin(), idx.getShape().end());
  out.append(data.getShape().begin() + axis + 1, data.getShape().end());
  types.push_back(RankedTensorType::get(out, data.getElementType()));
  return success();
}

LogicalResult CastOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &types) {
  Type to = adaptor.getTo();
  if (!to.isIntOrFloat())
    return emitOptionalError(loc, "cast: unsupported target type ", to);
  types.push_back(RankedTensorType::get(shaped(adaptor.getInput()).getShape(), to));
  return success();
}

namespace edgec::edge {
/// ONNX Slice normalization for one axis: clamped start and the element count.
void normalizeSlice(int64_t dim, int64_t start, int64_t end, int64_t step, int64_t &first,
                    int64_t &count) {
  if (start < 0)
    start += dim;
  if (end < 0)
    end += dim;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    count = end > start ? (end - start + step - 1) / step : 0;
  } else {
    start = std::clamp<int64_t>(start, 0, dim - 1);
    end = std::clamp<int64_t>(end, -1, dim - 1);
    count = start > end ? (start - end + (-step) - 1) / (-step) : 0;
  }
  first = start;
}
} // namespace edgec::edge

LogicalResult SliceOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput());
  ArrayRef<int64_t> starts = adaptor.getStarts(), ends = adaptor.getEnds(),
                    axes = adaptor.getAxes(), steps = adaptor.getSteps();
  if (starts.size() != ends.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return emitOptionalError(loc, "slice: starts/ends/axes/steps differ in length");
  SmallVector<int64_t> out(in.getShape());
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t axis = axes[i] < 0 ? axes[i] + in.getRank() : axes[i];
    if (axis < 0 || axis >= in.getRank())
      return emitOptionalError(loc, "slice: axis ", axes[i], " out of range for rank ",
                               in.getRank());
    if (steps[i] == 0)
      return emitOptionalError(loc, "slice: step must not be 0");
    int64_t first, count;
    normalizeSlice(in.getDimSize(axis), starts[i], ends[i], steps[i], first, count);
    out[axis] = count;
  }
  types.push_back(RankedTensorType::get(out, in.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// conv_transpose, pad, resize, reduce
//===----------------------------------------------------------------------===//

LogicalResult ConvTransposeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                                Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput()), w = shaped(adaptor.getFilter());
  if (in.getRank() < 3 || in.getRank() > 5 || w.getRank() != in.getRank())
    return emitOptionalError(loc, "conv_transpose: expected input and filter of equal rank 3 to 5, got ",
                             shapeStr(in.getShape()), " and ", shapeStr(w.getShape()));
  Layout layout = adaptor.getLayout();
  int64_t group = adaptor.getGroup();
  int64_t batch, channels;
  SmallVector<int64_t> spatial, kernel;
  splitImage(in.getShape(), layout, batch, channels, spatial);
  size_t s = spatial.size();
  int64_t perGroupOut = layout == Layout::nchw ? w.getDimSize(1) : w.getDimSize(w.getRank() - 1);
  if (layout == Layout::nchw)
    kernel.assign(w.getShape().begin() + 2, w.getShape().end());
  else
    kernel.assign(w.getShape().begin() + 1, w.getShape().end() - 1);
  if (group < 1 || w.getDimSize(0) != channels || channels % group != 0)
    return emitOptionalError(loc, "conv_transpose: input has ", channels, " channels, filter ",
                             shapeStr(w.getShape()), " expects ", w.getDimSize(0), " in ", group,
                             " groups");
  int64_t outChannels = perGroupOut * group;
  if (adaptor.getBias()) {
    auto b = shaped(adaptor.getBias());
    if (b.getRank() != 1 || b.getDimSize(0) != outChannels)
      return emitOptionalError(loc, "conv_transpose: bias shape ", shapeStr(b.getShape()),
                               " does not match ", outChannels, " output channels");
  }
  ArrayRef<int64_t> strides = adaptor.getStrides(), dilations = adaptor.getDilations(),
                    pads = adaptor.getPads(), outputPadding = adaptor.getOutputPadding();
  if (strides.size() != s || dilations.size() != s || pads.size() != 2 * s || outputPadding.size() != s)
    return emitOptionalError(loc, "conv_transpose: window attributes do not match ", s, " spatial dims");
  SmallVector<int64_t> outSpatial;
  for (size_t i = 0; i < s; ++i) {
    if (strides[i] < 1 || dilations[i] < 1 || kernel[i] < 1 || outputPadding[i] < 0)
      return emitOptionalError(loc, "conv_transpose: stride, dilation and kernel must be >= 1 in dim ", i);
    int64_t out = strides[i] * (spatial[i] - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1 -
                  pads[i] - pads[i + s];
    if (out < 1)
      return emitOptionalError(loc, "conv_transpose: output dim ", i, " would be ", out);
    outSpatial.push_back(out);
  }
  types.push_back(RankedTensorType::get(joinImage(batch, outChannels, outSpatial, layout),
                                        in.getElementType()));
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput());
  ArrayRef<int64_t> pads = adaptor.getPads();
  int64_t rank = in.getRank();
  if (static_cast<int64_t>(pads.size()) != 2 * rank)
    return emitOptionalError(loc, "pad: expected ", 2 * rank, " pads for rank ", rank, ", got ",
                             pads.size());
  SmallVector<int64_t> out;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = in.getDimSize(d) + pads[d] + pads[d + rank];
    if (size < 0)
      return emitOptionalError(loc, "pad: dim ", d, " of ", in.getDimSize(d), " cropped below zero");
    if (adaptor.getMode() == PadMode::reflect && (pads[d] >= in.getDimSize(d) || pads[d + rank] >= in.getDimSize(d)) &&
        (pads[d] > 0 || pads[d + rank] > 0))
      return emitOptionalError(loc, "pad: reflect pads of dim ", d, " must be smaller than its size ",
                               in.getDimSize(d));
    if (adaptor.getMode() != PadMode::constant && in.getDimSize(d) == 0 && size > 0)
      return emitOptionalError(loc, "pad: cannot ", stringifyPadMode(adaptor.getMode()), "-pad an empty dim");
    out.push_back(size);
  }
  types.push_back(RankedTensorType::get(out, in.getElementType()));
  return success();
}

LogicalResult ResizeOp::verify() {
  auto in = cast<ShapedType>(getInput().getType()), out = cast<ShapedType>(getType());
  if (in.getRank() != out.getRank() || static_cast<int64_t>(getScales().size()) != in.getRank())
    return emitOpError() << "expected " << in.getRank() << " scales and an output of the same rank";
  if (getCoordMode() == CoordMode::tf_crop_and_resize &&
      static_cast<int64_t>(getRoi().size()) != 2 * in.getRank())
    return emitOpError() << "tf_crop_and_resize needs a roi of " << 2 * in.getRank() << " values";
  if (in.getElementType() != out.getElementType())
    return emitOpError() << "element type changes";
  return success();
}

LogicalResult ReduceOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto in = shaped(adaptor.getInput());
  SmallVector<int64_t> out;
  for (int64_t axis : adaptor.getAxes())
    if (axis < 0 || axis >= in.getRank())
      return emitOptionalError(loc, "reduce: axis ", axis, " out of range for rank ", in.getRank());
  for (int64_t d = 0; d < in.getRank(); ++d) {
    bool reduced = llvm::is_contained(adaptor.getAxes(), d);
    if (!reduced)
      out.push_back(in.getDimSize(d));
    else if (adaptor.getKeepdims())
      out.push_back(1);
  }
  types.push_back(RankedTensorType::get(out, in.getElementType()));
  return success();
}

ParseResult parseUnaryTypes(OpAsmParser &parser, Type &input, Type &output);
void printUnaryTypes(OpAsmPrinter &printer, Operation *, Type input, Type output);

#define GET_OP_CLASSES
#include "compiler/dialect/Edge/EdgeOps.cpp.inc"

//===----------------------------------------------------------------------===//
// quantized types, quantize, dequantize
//===----------------------------------------------------------------------===//

namespace edgec::edge {

bool isQuantized(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    type = shaped.getElementType();
  return isa<quant::QuantizedType>(type);
}

Type storageType(Type element) {
  if (auto q = dyn_cast<quant::QuantizedType>(element)) {
    // Signedness is a flag of the quant type; the run-time buffers say it in the type.
    unsigned width = q.getStorageTypeIntegralWidth();
    return IntegerType::get(element.getContext(), width,
                            q.isSigned() ? IntegerType::Signless : IntegerType::Unsigned);
  }
  return element;
}

bool compatibleReturnTypes(TypeRange inferred, TypeRange actual) {
  if (inferred.size() != actual.size())
    return false;
  for (auto [a, b] : llvm::zip(inferred, actual)) {
    if (a == b)
      continue;
    auto sa = dyn_cast<ShapedType>(a), sb = dyn_cast<ShapedType>(b);
    if (!sa || !sb || sa.getShape() != sb.getShape() ||
        !(isQuantized(sa.getElementType()) || isQuantized(sb.getElementType())))
      return false;
  }
  return true;
}

bool compatibleIndexReturnTypes(TypeRange inferred, TypeRange actual) {
  if (inferred.empty() || inferred.size() != actual.size() ||
      !compatibleReturnTypes(inferred.drop_back(), actual.drop_back()))
    return false;
  auto want = cast<ShapedType>(inferred.back()), got = cast<ShapedType>(actual.back());
  return want == got || (got.getShape() == want.getShape() && got.getElementType().isSignlessInteger(32));
}

} // namespace edgec::edge

namespace {
/// Shared checks of quantize/dequantize: equal shapes, and a per-axis axis inside the rank.
LogicalResult verifyQuantCast(Operation *op, ShapedType quantized, ShapedType other) {
  if (quantized.getShape() != other.getShape())
    return op->emitOpError() << "input and output shapes differ: " << shapeStr(other.getShape())
                             << " vs " << shapeStr(quantized.getShape());
  auto element = dyn_cast<quant::QuantizedType>(quantized.getElementType());
  if (!element)
    return op->emitOpError() << "expected a quantized element type, got " << quantized.getElementType();
  if (auto axis = dyn_cast<quant::UniformQuantizedPerAxisType>(element)) {
    if (axis.getQuantizedDimension() >= quantized.getRank() ||
        static_cast<int64_t>(axis.getScales().size()) != quantized.getDimSize(axis.getQuantizedDimension()))
      return op->emitOpError() << "per-axis parameters (" << axis.getScales().size() << " on axis "
                               << axis.getQuantizedDimension() << ") do not match shape "
                               << shapeStr(quantized.getShape());
  } else if (!isa<quant::UniformQuantizedType>(element)) {
    return op->emitOpError() << "only uniform quantization is supported, got " << element;
  }
  return success();
}
} // namespace

LogicalResult QuantizeOp::verify() {
  auto in = shaped(getInput()), out = cast<ShapedType>(getType());
  if (!isa<FloatType>(in.getElementType()) && !isQuantized(in))
    return emitOpError() << "expected a float or quantized input, got " << in.getElementType();
  return verifyQuantCast(*this, out, in);
}

LogicalResult DequantizeOp::verify() {
  auto in = shaped(getInput()), out = cast<ShapedType>(getType());
  if (!isa<FloatType>(out.getElementType()))
    return emitOpError() << "expected a float result, got " << out.getElementType();
  return verifyQuantCast(*this, in, out);
}

LogicalResult StorageCastOp::verify() {
  auto in = shaped(getInput()), out = cast<ShapedType>(getType());
  bool inQ = isQuantized(in), outQ = isQuantized(out);
  if (inQ == outQ)
    return emitOpError() << "expected exactly one side quantized, got " << in.getElementType()
                         << " and " << out.getElementType();
  ShapedType quantized = inQ ? in : out, integer = inQ ? out : in;
  if (storageType(quantized.getElementType()) != integer.getElementType() ||
      in.getShape() != out.getShape())
    return emitOpError() << "quantized " << quantized << " is not stored as " << integer;
  return verifyQuantCast(*this, quantized, integer);
}

OpFoldResult StorageCastOp::fold(FoldAdaptor) {
  // Casting there and back again is the value itself.
  if (auto inner = getInput().getDefiningOp<StorageCastOp>())
    if (inner.getInput().getType() == getType())
      return inner.getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// unary
//===----------------------------------------------------------------------===//

/// `: type`, or `: in -> out` when a quantized op changes the scale.
ParseResult parseUnaryTypes(OpAsmParser &parser, Type &input, Type &output) {
  if (parser.parseType(input))
    return failure();
  output = input;
  if (succeeded(parser.parseOptionalArrow()))
    return parser.parseType(output);
  return success();
}

void printUnaryTypes(OpAsmPrinter &printer, Operation *, Type input, Type output) {
  printer << input;
  if (input != output)
    printer << " -> " << output;
}

LogicalResult UnaryOp::verify() {
  if ((getKind() == UnaryKind::Not) != shaped(getInput()).getElementType().isInteger(1))
    return emitOpError() << "'" << stringifyUnaryKind(getKind()) << "' on " << shaped(getInput()).getElementType()
                         << " is not defined ('not' is the boolean op, the others are numeric)";
  return verifySameElementUnlessQuantized(*this, shaped(getInput()).getElementType(),
                                          cast<ShapedType>(getType()).getElementType());
}

LogicalResult CustomOp::verify() {
  StringRef symbol = getSymbol();
  bool identifier = !symbol.empty() && !llvm::isDigit(symbol.front()) &&
                    llvm::all_of(symbol, [](char c) { return llvm::isAlnum(c) || c == '_'; });
  if (!identifier)
    return emitOpError() << "symbol '" << symbol << "' is not a C identifier";
  if (getOutputs().empty())
    return emitOpError() << "needs at least one result";
  // What edgec_attr can carry (edgec/custom_op.h).
  for (NamedAttribute a : getOnnxAttrs()) {
    Attribute v = a.getValue();
    auto i = dyn_cast<IntegerAttr>(v);
    auto f = dyn_cast<FloatAttr>(v);
    if (!(i && i.getType().isInteger(64)) && !(f && f.getType().isF32()) &&
        !isa<StringAttr, DenseI64ArrayAttr, DenseF32ArrayAttr>(v))
      return emitOpError() << "attribute '" << a.getName().getValue() << "' is " << v
                           << "; custom ops take i64, f32, string, array<i64> or array<f32>";
  }
  return success();
}
