// Importers of ONNX's quantization ops. QuantizeLinear/DequantizeLinear carry their scale and
// zero point into `!quant.uniform` types; QLinearConv/QLinearMatMul/ConvInteger/MatMulInteger
// expand to dequantize -> float op -> quantize (or cast), which edge-fold-qdq turns back into
// integer kernels where one exists.
#include "compiler/import/NodeImporter.h"
#include "compiler/support/ConstantData.h"

#include <cmath>

using namespace mlir;

namespace edgec {
namespace {

/// Scale and zero point of one quantized tensor as an ONNX node gives them.
struct QuantParams {
  std::vector<double> scales;
  std::vector<int64_t> zeroPoints;
};

/// Reads the constant scale (input `si`) and optional zero point (input `zi`) of a node.
/// `storage` is set from the zero point's type when there is one.
LogicalResult readQuantParams(NodeImporter &n, int si, int zi, QuantParams &p, Type &storage) {
  ElementsAttr scale = n.constantInput(si);
  // QLinearConv/QLinearMatMul take and give integers: a float16 scale is just a number there
  // (exact in float32). Elsewhere it would make the float side float16.
  Type scaleType = scale ? cast<ShapedType>(scale.getType()).getElementType() : Type();
  bool integerOnly = StringRef(n.node.op_type()).starts_with("QLinear");
  if (!scale || !(scaleType.isF32() || (integerOnly && scaleType.isF16())))
    return n.fail("input " + std::to_string(si) + " (scale) must be a " +
                  (integerOnly ? "float32 or float16" : "float32") + " constant (computable at compile time)");
  if (cast<ShapedType>(scale.getType()).getRank() > 1)
    return n.fail("the scale must be a scalar or 1-D (or blocked, with block_size)");
  p.scales = getConstantAsDoubles(scale);
  if (n.input(zi)) {
    ElementsAttr zp = n.constantInput(zi);
    if (!zp || !cast<ShapedType>(zp.getType()).getElementType().isInteger())
      return n.fail("input " + std::to_string(zi) +
                    " (zero point) must be an integer constant (float8 and int4 are not supported)");
    p.zeroPoints = getConstantAsInts(zp);
    storage = cast<ShapedType>(zp.getType()).getElementType();
  }
  if (p.zeroPoints.empty())
    p.zeroPoints.assign(p.scales.size(), 0);
  if (p.zeroPoints.size() != p.scales.size())
    return n.fail("scale and zero point differ in size (" + std::to_string(p.scales.size()) + " vs " +
                  std::to_string(p.zeroPoints.size()) + ")");
  return success();
}

/// The quant type of a tensor of `shape` stored as `storage` with params `p` along `axis`.
FailureOr<Type> quantType(NodeImporter &n, Type storage, const QuantParams &p, ArrayRef<int64_t> shape,
                          int64_t axis) {
  auto integer = dyn_cast<IntegerType>(storage);
  if (!integer || !llvm::is_contained({8u, 16u, 32u}, integer.getWidth()) ||
      (integer.getWidth() == 32 && integer.isUnsigned()))
    return (void)n.fail("quantized data must be int8, uint8, int16, uint16 or int32"), failure();
  unsigned width = integer.getWidth();
  bool isSigned = !integer.isUnsigned();
  int64_t qmin = isSigned ? -(int64_t(1) << (width - 1)) : 0;
  int64_t qmax = isSigned ? (int64_t(1) << (width - 1)) - 1 : (int64_t(1) << width) - 1;
  for (size_t i = 0; i < p.scales.size(); ++i) {
    if (!std::isfinite(p.scales[i]) || p.scales[i] <= 0)
      return (void)n.fail("scale " + std::to_string(p.scales[i]) + " is not a positive finite number"), failure();
    if (p.zeroPoints[i] < qmin || p.zeroPoints[i] > qmax)
      return (void)n.fail("zero point " + std::to_string(p.zeroPoints[i]) + " is outside the range of its type"),
             failure();
  }
  MLIRContext *context = n.context();
  unsigned flags = isSigned ? quant::QuantizationFlags::Signed : 0;
  Type stored = IntegerType::get(context, width);
  Type f32 = Float32Type::get(context);
  int64_t rank = static_cast<int64_t>(shape.size());
  if (p.scales.size() == 1)
    return Type(quant::UniformQuantizedType::get(flags, stored, f32, p.scales[0], p.zeroPoints[0], qmin, qmax));
  int64_t a = normalizeAxis(axis, rank);
  if (a < 0 || a >= rank || shape[a] != static_cast<int64_t>(p.scales.size()))
    return (void)n.fail(std::to_string(p.scales.size()) + " per-axis scales do not match axis " + std::to_string(axis) +
                  " of the input"),
           failure();
  return Type(quant::UniformQuantizedPerAxisType::get(flags, stored, f32, p.scales, p.zeroPoints,
                                                      static_cast<int32_t>(a), qmin, qmax));
}

RankedTensorType withElement(Value v, Type element) {
  return RankedTensorType::get(typeOf(v).getShape(), element);
}

/// Integer tensor `x` seen as quantized with `q`, then dequantized to float32.
Value dequantize(NodeImporter &n, Value x, Type q) {
  Value quantized = n.createWithType<edge::StorageCastOp>(withElement(x, q), {x});
  if (!quantized)
    return {};
  return n.createWithType<edge::DequantizeOp>(withElement(x, Float32Type::get(n.context())), {quantized});
}

/// Float tensor `x` quantized with `q`, as ONNX's integer tensor.
Value quantize(NodeImporter &n, Value x, Type q) {
  Value quantized = n.createWithType<edge::QuantizeOp>(withElement(x, q), {x});
  if (!quantized)
    return {};
  return n.createWithType<edge::StorageCastOp>(withElement(x, edge::storageType(q)), {quantized});
}

/// Dequantizes node input `xi` with the scale/zero point at inputs `si`/`zi` along `axis`.
Value dequantizeInput(NodeImporter &n, int xi, int si, int zi, int64_t axis) {
  Value x = n.input(xi);
  QuantParams p;
  Type storage = typeOf(x).getElementType();
  if (failed(readQuantParams(n, si, zi, p, storage)))
    return {};
  if (storage != typeOf(x).getElementType())
    return (void)n.fail("the zero point's type differs from the data's"), Value();
  FailureOr<Type> q = quantType(n, storage, p, typeOf(x).getShape(), axis);
  return failed(q) ? Value() : dequantize(n, x, *q);
}

/// Quantizes float `y` with the scale/zero point at inputs `si`/`zi` (per tensor) and binds output 0.
LogicalResult quantizeResult(NodeImporter &n, Value y, int si, int zi) {
  if (!y)
    return failure();
  QuantParams p;
  Type storage = IntegerType::get(n.context(), 8, IntegerType::Unsigned);
  if (failed(readQuantParams(n, si, zi, p, storage)))
    return failure();
  FailureOr<Type> q = quantType(n, storage, p, typeOf(y).getShape(), 1);
  if (failed(q))
    return failure();
  return n.setResult(quantize(n, y, *q));
}

/// Integer input `xi` minus its zero point (input `zi`, optional) as float32: scale 1.
Value integerInput(NodeImporter &n, int xi, int zi, int64_t axis) {
  Value x = n.input(xi);
  QuantParams p;
  Type storage = typeOf(x).getElementType();
  if (n.input(zi)) {
    ElementsAttr zp = n.constantInput(zi);
    if (!zp || !cast<ShapedType>(zp.getType()).getElementType().isInteger())
      return (void)n.fail("input " + std::to_string(zi) + " (zero point) must be an integer constant"), Value();
    p.zeroPoints = getConstantAsInts(zp);
  } else {
    p.zeroPoints = {0};
  }
  p.scales.assign(p.zeroPoints.size(), 1.0);
  FailureOr<Type> q = quantType(n, storage, p, typeOf(x).getShape(), axis);
  return failed(q) ? Value() : dequantize(n, x, *q);
}

/// The exact int32 result of an integer op computed in float (exact below 2^24 per sum).
LogicalResult castToInt32(NodeImporter &n, Value y) {
  if (!y)
    return failure();
  Type i32 = IntegerType::get(n.context(), 32);
  return n.setResult(n.createWithType<edge::CastOp>(withElement(y, i32), {y},
                                                    {n.namedAttr("to", TypeAttr::get(i32))}));
}

Value castValue(NodeImporter &n, Value v, Type to) {
  return n.createWithType<edge::CastOp>(withElement(v, to), {v}, {n.namedAttr("to", TypeAttr::get(to))});
}

/// Scale or zero point known only at run time (dynamic quantization computes them from the
/// data): the same formulas in float ops, per tensor. Nothing here becomes an integer kernel.
bool runTimeParams(NodeImporter &n) {
  return !n.constantInput(1) || (n.input(2) && !n.constantInput(2));
}

/// Blocked quantization (opset 21 `block_size`): a constant scale or zero point with one value
/// per block of `block` consecutive elements along `axis`, repeated to the data's full shape
/// so the float-math path below applies it elementwise.
FailureOr<Value> expandBlocked(NodeImporter &n, int i, ArrayRef<int64_t> shape, int64_t axis, int64_t block) {
  ElementsAttr param = n.constantInput(i);
  int64_t rank = static_cast<int64_t>(shape.size()), a = normalizeAxis(axis, rank);
  if (!param || block <= 0 || a < 0 || a >= rank)
    return (void)n.fail("blocked quantization needs constant parameters, a positive block_size and a valid axis"),
           failure();
  ArrayRef<int64_t> pshape = cast<ShapedType>(param.getType()).getShape();
  bool matches = static_cast<int64_t>(pshape.size()) == rank;
  for (int64_t d = 0; matches && d < rank; ++d)
    matches = d == a ? pshape[d] == (shape[d] + block - 1) / block : pshape[d] == shape[d];
  if (!matches)
    return (void)n.fail("input " + std::to_string(i) + " has not the blocked shape for block_size " +
                        std::to_string(block)),
           failure();
  std::vector<double> values = getConstantAsDoubles(param), full;
  int64_t inner = 1, outer = 1;
  for (int64_t d = a + 1; d < rank; ++d)
    inner *= shape[d];
  for (int64_t d = 0; d < a; ++d)
    outer *= shape[d];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < shape[a]; ++k)
      for (int64_t j = 0; j < inner; ++j)
        full.push_back(values[(o * pshape[a] + k / block) * inner + j]);
  auto type = RankedTensorType::get(shape, cast<ShapedType>(param.getType()).getElementType());
  return n.constant(makeConstantFromDoubles(type, full, n.node.name() + ".blocked" + std::to_string(i)));
}

/// The scale and zero point of a Q/DQ computed as float math: as given, or expanded from blocks.
LogicalResult floatMathParams(NodeImporter &n, ArrayRef<int64_t> shape, Value &scale, Value &zp) {
  scale = n.input(1), zp = n.input(2);
  int64_t block = n.attrInt("block_size", 0);
  if (block == 0)
    return success();
  FailureOr<Value> s = expandBlocked(n, 1, shape, n.attrInt("axis", 1), block);
  if (failed(s))
    return failure();
  scale = *s;
  if (zp) {
    FailureOr<Value> z = expandBlocked(n, 2, shape, n.attrInt("axis", 1), block);
    if (failed(z))
      return failure();
    zp = *z;
  }
  return success();
}

LogicalResult quantizeAtRunTime(NodeImporter &n) {
  Value x = n.input(0), scale, zp;
  if (failed(floatMathParams(n, typeOf(x).getShape(), scale, zp)))
    return failure();
  bool blocked = n.attrInt("block_size", 0) != 0;
  Type f32 = Float32Type::get(n.context());
  Type storage = zp ? typeOf(zp).getElementType() : IntegerType::get(n.context(), 8, IntegerType::Unsigned);
  if (n.hasAttr("output_dtype") && n.attrInt("output_dtype", 0) != 0)
    storage = onnxElementType(n.context(), static_cast<int32_t>(n.attrInt("output_dtype", 0)));
  auto integer = dyn_cast<IntegerType>(storage);
  if ((!blocked && typeOf(scale).getNumElements() != 1) || !integer || integer.getWidth() > 16)
    return n.fail("a scale known only at run time must be one value, with an 8- or 16-bit zero point");
  int64_t qmin = integer.isUnsigned() ? 0 : -(int64_t(1) << (integer.getWidth() - 1));
  int64_t qmax = integer.isUnsigned() ? (int64_t(1) << integer.getWidth()) - 1 : -qmin - 1;
  Value q = binary(n, edge::BinaryKind::div, x, scale);
  q = unary(n, edge::UnaryKind::round, q);
  if (q && zp)
    q = binary(n, edge::BinaryKind::add, q, castValue(n, zp, f32));
  if (!q)
    return failure();
  q = unary(n, edge::UnaryKind::clip, q, static_cast<float>(qmin), static_cast<float>(qmax));
  return n.setResult(castValue(n, q, storage));
}

LogicalResult dequantizeAtRunTime(NodeImporter &n) {
  Value x = n.input(0), scale, zp;
  if (failed(floatMathParams(n, typeOf(x).getShape(), scale, zp)))
    return failure();
  if (n.attrInt("block_size", 0) == 0 && typeOf(scale).getNumElements() != 1)
    return n.fail("a scale known only at run time must be one value");
  Type f32 = Float32Type::get(n.context());
  Value v = castValue(n, x, f32);
  if (v && zp)
    v = binary(n, edge::BinaryKind::sub, v, castValue(n, zp, f32));
  return n.setResult(v ? binary(n, edge::BinaryKind::mul, v, scale) : Value());
}

} // namespace

LogicalResult importQuantizeLinear(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 3)))
    return failure();
  Value x = n.input(0);
  if (!typeOf(x).getElementType().isF32())
    return n.fail("expects a float32 input");
  if (runTimeParams(n) || n.attrInt("block_size", 0) != 0)
    return quantizeAtRunTime(n);
  QuantParams p;
  Type storage = IntegerType::get(n.context(), 8, IntegerType::Unsigned);
  if (n.hasAttr("output_dtype") && n.attrInt("output_dtype", 0) != 0)
    storage = onnxElementType(n.context(), static_cast<int32_t>(n.attrInt("output_dtype", 0)));
  if (failed(readQuantParams(n, 1, 2, p, storage)))
    return failure();
  FailureOr<Type> q = quantType(n, storage, p, typeOf(x).getShape(), n.attrInt("axis", 1));
  if (failed(q))
    return failure();
  return n.setResult(quantize(n, x, *q));
}

LogicalResult importDequantizeLinear(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 3)))
    return failure();
  if (runTimeParams(n) || n.attrInt("block_size", 0) != 0)
    return dequantizeAtRunTime(n);
  return n.setResult(dequantizeInput(n, 0, 1, 2, n.attrInt("axis", 1)));
}

LogicalResult importQLinearConv(NodeImporter &n) {
  if (failed(requireInputs(n, 8, 9)))
    return failure();
  Value x = dequantizeInput(n, 0, 1, 2, 1), w = dequantizeInput(n, 3, 4, 5, 0);
  if (!x || !w)
    return failure();
  Value bias;
  if (n.input(8)) {
    // The int32 bias is in units of x_scale * w_scale[c], zero point 0 (as float32 products).
    QuantParams xs, ws, bp;
    Type ignored;
    if (failed(readQuantParams(n, 1, 2, xs, ignored)) || failed(readQuantParams(n, 4, 5, ws, ignored)))
      return failure();
    for (double s : ws.scales)
      bp.scales.push_back(static_cast<float>(xs.scales[0]) * static_cast<float>(s));
    bp.zeroPoints.assign(bp.scales.size(), 0);
    FailureOr<Type> q = quantType(n, typeOf(n.input(8)).getElementType(), bp, typeOf(n.input(8)).getShape(), 0);
    if (failed(q))
      return failure();
    bias = dequantize(n, n.input(8), *q);
  }
  Value y;
  if (failed(importConv(n, x, w, bias, y)))
    return failure();
  return quantizeResult(n, y, 6, 7);
}

LogicalResult importQLinearMatMul(NodeImporter &n) {
  if (failed(requireInputs(n, 8, 8)))
    return failure();
  Value a = dequantizeInput(n, 0, 1, 2, -2), b = dequantizeInput(n, 3, 4, 5, -1);
  if (!a || !b)
    return failure();
  return quantizeResult(n, n.create<edge::MatMulOp>({a, b}), 6, 7);
}

LogicalResult importConvInteger(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 4)))
    return failure();
  Value x = integerInput(n, 0, 2, 1), w = integerInput(n, 1, 3, 0);
  if (!x || !w)
    return failure();
  Value y;
  if (failed(importConv(n, x, w, Value(), y)))
    return failure();
  return castToInt32(n, y);
}

LogicalResult importMatMulInteger(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 4)))
    return failure();
  Value a = integerInput(n, 0, 2, -2), b = integerInput(n, 1, 3, -1);
  if (!a || !b)
    return failure();
  return castToInt32(n, n.create<edge::MatMulOp>({a, b}));
}

} // namespace edgec
