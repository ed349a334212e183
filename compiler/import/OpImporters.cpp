// The import table: one function per ONNX op type (opset >= 13 semantics; older models are upgraded first).
#include "compiler/import/NodeImporter.h"
#include "compiler/support/ConstantData.h"

#include <cfloat>
#include <numeric>

using namespace mlir;

namespace edgec {
namespace {

LogicalResult checkAxis(NodeImporter &n, int64_t axis, int64_t rank, int64_t &out) {
  out = normalizeAxis(axis, rank);
  if (out < 0 || out >= rank)
    return n.fail("axis " + std::to_string(axis) + " is out of range for rank " +
                  std::to_string(rank));
  return success();
}

/// Explicit pads for a conv/pool from `pads` or `auto_pad` (SAME_* split as ONNX says).
LogicalResult windowPads(NodeImporter &n, ArrayRef<int64_t> inSpatial, ArrayRef<int64_t> kernel,
                         ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                         SmallVectorImpl<int64_t> &pads) {
  size_t s = inSpatial.size();
  std::string autoPad = n.attrString("auto_pad", "NOTSET");
  pads.assign(2 * s, 0);
  if (autoPad == "NOTSET") {
    if (auto given = n.attrInts("pads")) {
      if (given->size() != 2 * s)
        return n.fail("'pads' has " + std::to_string(given->size()) + " values, expected " +
                      std::to_string(2 * s));
      pads.assign(given->begin(), given->end());
    }
    return success();
  }
  if (autoPad == "VALID")
    return success();
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return n.fail("unknown auto_pad '" + autoPad + "'");
  for (size_t i = 0; i < s; ++i) {
    int64_t out = (inSpatial[i] + strides[i] - 1) / strides[i];
    int64_t total = std::max<int64_t>(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - inSpatial[i]);
    int64_t small = total / 2, large = total - small;
    pads[i] = autoPad == "SAME_UPPER" ? small : large;
    pads[i + s] = autoPad == "SAME_UPPER" ? large : small;
  }
  return success();
}

/// Reads strides/dilations (default 1) with the expected count.
LogicalResult windowAttr(NodeImporter &n, StringRef name, size_t count, SmallVectorImpl<int64_t> &out) {
  out.assign(count, 1);
  if (auto given = n.attrInts(name)) {
    if (given->size() != count)
      return n.fail("'" + name + "' has " + std::to_string(given->size()) + " values, expected " +
                    std::to_string(count));
    out.assign(given->begin(), given->end());
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Convolution, linear algebra
//===----------------------------------------------------------------------===//

/// The window of a Conv or ConvTranspose: kernel from the weight, strides and dilations.
struct ConvWindow {
  size_t spatial = 0;
  SmallVector<int64_t> kernel, strides, dilations;
};

LogicalResult convWindow(NodeImporter &n, Value x, Value weight, ConvWindow &w) {
  auto xt = typeOf(x), wt = typeOf(weight);
  if (xt.getRank() < 3 || xt.getRank() > 5 || wt.getRank() != xt.getRank())
    return n.fail("expects input and weight of equal rank 3 to 5 (1-3 spatial dims)");
  w.spatial = xt.getRank() - 2;
  w.kernel.assign(wt.getShape().begin() + 2, wt.getShape().end());
  if (auto ks = n.attrInts("kernel_shape"); ks && SmallVector<int64_t>(ks->begin(), ks->end()) != w.kernel)
    return n.fail("'kernel_shape' disagrees with the weight's shape");
  if (failed(windowAttr(n, "strides", w.spatial, w.strides)) ||
      failed(windowAttr(n, "dilations", w.spatial, w.dilations)))
    return failure();
  for (size_t i = 0; i < w.spatial; ++i)
    if (w.strides[i] < 1 || w.dilations[i] < 1)
      return n.fail("strides and dilations must be >= 1");
  return success();
}

LogicalResult importConv(NodeImporter &n) {
  Value result;
  if (failed(requireInputs(n, 2, 3)) || failed(importConv(n, n.input(0), n.input(1), n.input(2), result)))
    return failure();
  return n.setResult(result);
}

LogicalResult importGemm(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 3)))
    return failure();
  SmallVector<Value> operands{n.input(0), n.input(1)};
  if (Value c = n.input(2))
    operands.push_back(c);
  return n.setResult(n.create<edge::GemmOp>(
      operands, {n.namedAttr("alpha", n.builder.getF32FloatAttr(n.attrFloat("alpha", 1.0f))),
                 n.namedAttr("beta", n.builder.getF32FloatAttr(n.attrFloat("beta", 1.0f))),
                 n.namedAttr("trans_a", n.builder.getBoolAttr(n.attrInt("transA", 0) != 0)),
                 n.namedAttr("trans_b", n.builder.getBoolAttr(n.attrInt("transB", 0) != 0))}));
}

LogicalResult importMatMul(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)))
    return failure();
  return n.setResult(n.create<edge::MatMulOp>({n.input(0), n.input(1)}));
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

template <edge::BinaryKind Kind>
LogicalResult importBinary(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)))
    return failure();
  return n.setResult(binary(n, Kind, n.input(0), n.input(1)));
}

template <edge::UnaryKind Kind>
LogicalResult importUnary(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  // Neg, Abs, Sign and Relu are defined on integers too (shape arithmetic uses them).
  bool integerToo = Kind == edge::UnaryKind::neg || Kind == edge::UnaryKind::abs ||
                    Kind == edge::UnaryKind::sign || Kind == edge::UnaryKind::relu;
  Type element = typeOf(n.input(0)).getElementType();
  if (!isa<FloatType>(element) && !(integerToo && element.isInteger() && !element.isInteger(1)))
    return n.fail(integerToo ? "expects a number input" : "expects a float input");
  // The op's parameters with ONNX's defaults; the kernels read them as alpha/beta.
  float alpha = 0.0f, beta = 0.0f;
  switch (Kind) {
  case edge::UnaryKind::leaky_relu: alpha = n.attrFloat("alpha", 0.01f); break;
  case edge::UnaryKind::elu: alpha = n.attrFloat("alpha", 1.0f); break;
  case edge::UnaryKind::selu:
    alpha = n.attrFloat("alpha", 1.67326319217681884765625f);
    beta = n.attrFloat("gamma", 1.05070102214813232421875f);
    break;
  case edge::UnaryKind::hard_sigmoid:
    alpha = n.attrFloat("alpha", 0.2f);
    beta = n.attrFloat("beta", 0.5f);
    break;
  default: break;
  }
  n.setOutput(0, unary(n, Kind, n.input(0), alpha, beta));
  return success();
}

LogicalResult importClip(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 3)))
    return failure();
  // Bounds computed at run time (a spectrogram's top-dB floor: max(x) - 80) are min(max(x, lo), hi)
  // as elementwise ops, which is Clip's definition, NaN and lo > hi included.
  if ((n.input(1) && !n.constantInput(1)) || (n.input(2) && !n.constantInput(2))) {
    Value y = n.input(0);
    for (int i = 1; i <= 2 && y; ++i)
      if (n.input(i))
        y = binary(n, i == 1 ? edge::BinaryKind::max : edge::BinaryKind::min, y, n.input(i));
    return n.setResult(y);
  }
  float bounds[2] = {-FLT_MAX, FLT_MAX};
  for (int i = 1; i <= 2; ++i) {
    if (!n.input(i))
      continue;
    ElementsAttr c = n.constantInput(i);
    if (!c || cast<ShapedType>(c.getType()).getNumElements() != 1)
      return n.fail(std::string(i == 1 ? "min" : "max") + " must be a constant scalar");
    bounds[i - 1] = static_cast<float>(getConstantAsDoubles(c)[0]);
  }
  n.setOutput(0, unary(n, edge::UnaryKind::clip, n.input(0), bounds[0], bounds[1]));
  return success();
}

LogicalResult importSoftmax(NodeImporter &n, bool log) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  Value x = n.input(0);
  int64_t axis;
  if (failed(checkAxis(n, n.attrInt("axis", -1), typeOf(x).getRank(), axis)))
    return failure();
  n.setOutput(0, n.createWithType<edge::SoftmaxOp>(
                     x.getType(), {x},
                     {n.namedAttr("axis", n.builder.getI64IntegerAttr(axis)),
                      n.namedAttr("log", n.builder.getBoolAttr(log))}));
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling and normalization
//===----------------------------------------------------------------------===//

LogicalResult importPool(NodeImporter &n, edge::PoolKind kind) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  if (n.outputUsed(1) && kind != edge::PoolKind::max)
    return n.fail("only MaxPool has an Indices output");
  int64_t storageOrder = n.attrInt("storage_order", 0);
  if (storageOrder != 0 && storageOrder != 1)
    return n.fail("storage_order must be 0 or 1");
  Value x = n.input(0);
  auto xt = typeOf(x);
  if (xt.getRank() < 3 || xt.getRank() > 5)
    return n.fail("expects an input of rank 3 to 5");
  size_t s = xt.getRank() - 2;
  auto kernel = n.attrInts("kernel_shape");
  if (!kernel || kernel->size() != s)
    return n.fail("'kernel_shape' must list " + std::to_string(s) + " sizes");
  SmallVector<int64_t> strides, dilations, pads;
  if (failed(windowAttr(n, "strides", s, strides)) || failed(windowAttr(n, "dilations", s, dilations)))
    return failure();
  for (size_t i = 0; i < s; ++i)
    if (strides[i] < 1 || dilations[i] < 1 || (*kernel)[i] < 1)
      return n.fail("kernel_shape, strides and dilations must be >= 1");
  if (failed(windowPads(n, xt.getShape().drop_front(2), *kernel, strides, dilations, pads)))
    return failure();
  if (n.outputUsed(1)) {
    SmallVector<Type> types;
    SmallVector<NamedAttribute> attrs{
        n.namedAttr("kernel_shape", n.builder.getDenseI64ArrayAttr(*kernel)),
        n.namedAttr("strides", n.builder.getDenseI64ArrayAttr(strides)),
        n.namedAttr("dilations", n.builder.getDenseI64ArrayAttr(dilations)),
        n.namedAttr("pads", n.builder.getDenseI64ArrayAttr(pads)),
        n.namedAttr("ceil_mode", n.builder.getBoolAttr(n.attrInt("ceil_mode", 0) != 0)),
        n.namedAttr("storage_order", n.builder.getI64IntegerAttr(storageOrder))};
    if (failed(edge::inferResultTypes<edge::MaxPoolWithIndicesOp>(n.context(), n.loc, {x},
                                                                  n.builder.getDictionaryAttr(attrs), types)))
      return failure();
    auto op = n.builder.create<edge::MaxPoolWithIndicesOp>(n.loc, types, ValueRange{x}, attrs);
    n.setOutput(0, op.getOutput());
    n.setOutput(1, op.getIndices());
    return success();
  }
  return n.setResult(n.create<edge::PoolOp>(
      {x}, {n.namedAttr("kind", edge::PoolKindAttr::get(n.context(), kind)),
            n.namedAttr("kernel_shape", n.builder.getDenseI64ArrayAttr(*kernel)),
            n.namedAttr("strides", n.builder.getDenseI64ArrayAttr(strides)),
            n.namedAttr("dilations", n.builder.getDenseI64ArrayAttr(dilations)),
            n.namedAttr("pads", n.builder.getDenseI64ArrayAttr(pads)),
            n.namedAttr("ceil_mode", n.builder.getBoolAttr(n.attrInt("ceil_mode", 0) != 0)),
            n.namedAttr("count_include_pad",
                        n.builder.getBoolAttr(n.attrInt("count_include_pad", 0) != 0))}));
}

LogicalResult importGlobalPool(NodeImporter &n, edge::PoolKind kind) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  return n.setResult(n.create<edge::GlobalPoolOp>(
      {n.input(0)}, {n.namedAttr("kind", edge::PoolKindAttr::get(n.context(), kind))}));
}

LogicalResult importBatchNorm(NodeImporter &n) {
  if (failed(requireInputs(n, 5, 5)))
    return failure();
  if (n.attrInt("training_mode", 0) != 0) {
    SmallVector<Type> types;
    SmallVector<NamedAttribute> attrs{
        n.namedAttr("epsilon", n.builder.getF32FloatAttr(n.attrFloat("epsilon", 1e-5f))),
        n.namedAttr("momentum", n.builder.getF32FloatAttr(n.attrFloat("momentum", 0.9f)))};
    SmallVector<Value> operands{n.input(0), n.input(1), n.input(2), n.input(3), n.input(4)};
    if (failed(edge::inferResultTypes<edge::BatchNormTrainingOp>(n.context(), n.loc, operands,
                                                                 n.builder.getDictionaryAttr(attrs), types)))
      return failure();
    auto op = n.builder.create<edge::BatchNormTrainingOp>(n.loc, types, operands, attrs);
    for (int i = 0; i < 3; ++i)
      n.setOutput(i, op->getResult(i));
    return success();
  }
  for (int i = 1; i < 3; ++i)
    if (n.outputUsed(i))
      return n.fail("running mean/var outputs exist only with training_mode=1");
  return n.setResult(n.create<edge::BatchNormOp>(
      {n.input(0), n.input(1), n.input(2), n.input(3), n.input(4)},
      {n.namedAttr("epsilon", n.builder.getF32FloatAttr(n.attrFloat("epsilon", 1e-5f)))}));
}

//===----------------------------------------------------------------------===//
// Shapes and data movement
//===----------------------------------------------------------------------===//

LogicalResult reshapeTo(NodeImporter &n, Value x, ArrayRef<int64_t> shape) {
  auto xt = typeOf(x);
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  if (count != xt.getNumElements())
    return n.fail("cannot reshape " + std::to_string(xt.getNumElements()) + " elements to " +
                  std::to_string(count));
  n.setOutput(0, n.createWithType<edge::ReshapeOp>(RankedTensorType::get(shape, xt.getElementType()), {x}));
  return success();
}

LogicalResult importReshape(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)))
    return failure();
  Value x = n.input(0);
  auto xt = typeOf(x);
  auto target = n.constantInts(1, "shape");
  if (failed(target))
    return failure();
  bool allowZero = n.attrInt("allowzero", 0) != 0;
  SmallVector<int64_t> shape;
  int64_t inferred = -1, known = 1;
  for (size_t i = 0; i < target->size(); ++i) {
    int64_t d = (*target)[i];
    if (d == 0 && !allowZero) {
      if (static_cast<int64_t>(i) >= xt.getRank())
        return n.fail("shape copies dim " + std::to_string(i) + " (0) beyond the input's rank");
      d = xt.getDimSize(i);
    }
    if (d == -1) {
      if (inferred >= 0)
        return n.fail("shape has more than one -1");
      inferred = i;
      shape.push_back(1);
      continue;
    }
    if (d < 0)
      return n.fail("shape has invalid dim " + std::to_string(d));
    known *= d;
    shape.push_back(d);
  }
  if (inferred >= 0) {
    if (known == 0 || xt.getNumElements() % known != 0)
      return n.fail("cannot infer the -1 dim: " + std::to_string(xt.getNumElements()) +
                    " elements do not divide by " + std::to_string(known));
    shape[inferred] = xt.getNumElements() / known;
  }
  return reshapeTo(n, x, shape);
}

LogicalResult importFlatten(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  Value x = n.input(0);
  auto xt = typeOf(x);
  int64_t axis = normalizeAxis(n.attrInt("axis", 1), xt.getRank());
  if (axis < 0 || axis > xt.getRank())
    return n.fail("axis out of range");
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= xt.getDimSize(d);
  return reshapeTo(n, x, {outer, outer ? xt.getNumElements() / outer : 0});
}

/// Axes from the `axes` input (opset 13+) or attribute, normalized for `rank`.
FailureOr<SmallVector<int64_t>> squeezeAxes(NodeImporter &n, int64_t rank, bool required) {
  std::vector<int64_t> axes;
  if (n.input(1)) {
    auto c = n.constantInts(1, "axes");
    if (failed(c))
      return failure();
    axes = *c;
  } else if (auto a = n.attrInts("axes")) {
    axes = *a;
  } else if (required) {
    return n.fail("'axes' is required");
  }
  SmallVector<int64_t> out;
  for (int64_t a : axes) {
    int64_t norm = normalizeAxis(a, rank);
    if (norm < 0 || norm >= rank || llvm::is_contained(out, norm))
      return n.fail("axis " + std::to_string(a) + " is out of range or repeated");
    out.push_back(norm);
  }
  return out;
}

LogicalResult importSqueeze(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 2)))
    return failure();
  auto xt = typeOf(n.input(0));
  auto axes = squeezeAxes(n, xt.getRank(), false);
  if (failed(axes))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < xt.getRank(); ++d) {
    bool listed = llvm::is_contained(*axes, d);
    if (listed && xt.getDimSize(d) != 1)
      return n.fail("cannot squeeze dim " + std::to_string(d) + " of size " + std::to_string(xt.getDimSize(d)));
    if (!(listed || (axes->empty() && xt.getDimSize(d) == 1)))
      shape.push_back(xt.getDimSize(d));
  }
  return reshapeTo(n, n.input(0), shape);
}

LogicalResult importUnsqueeze(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 2)))
    return failure();
  auto xt = typeOf(n.input(0));
  auto probe = n.input(1) ? n.constantInts(1, "axes") : FailureOr<std::vector<int64_t>>(n.attrInts("axes").value_or(std::vector<int64_t>{}));
  if (failed(probe))
    return failure();
  int64_t rank = xt.getRank() + probe->size();
  auto axes = squeezeAxes(n, rank, true);
  if (failed(axes))
    return failure();
  SmallVector<int64_t> shape;
  int64_t src = 0;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(llvm::is_contained(*axes, d) ? 1 : xt.getDimSize(src++));
  return reshapeTo(n, n.input(0), shape);
}

LogicalResult importTranspose(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  int64_t rank = typeOf(n.input(0)).getRank();
  SmallVector<int64_t> perm;
  if (auto p = n.attrInts("perm"))
    perm.assign(p->begin(), p->end());
  else
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  return n.setResult(n.create<edge::TransposeOp>({n.input(0)}, {n.namedAttr("perm", n.builder.getDenseI64ArrayAttr(perm))}));
}

LogicalResult importConcat(NodeImporter &n) {
  if (n.numInputs() < 1)
    return n.fail("needs at least one input");
  SmallVector<Value> inputs;
  for (int i = 0; i < n.numInputs(); ++i) {
    if (!n.input(i))
      return n.fail("input " + std::to_string(i) + " is missing");
    inputs.push_back(n.input(i));
  }
  int64_t axis;
  if (failed(checkAxis(n, n.attrInt("axis", 0), typeOf(inputs[0]).getRank(), axis)))
    return failure();
  return n.setResult(n.create<edge::ConcatOp>(inputs, {n.namedAttr("axis", n.builder.getI64IntegerAttr(axis))}));
}

LogicalResult importIdentity(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 3)))
    return failure();
  Value x = n.input(0);
  // Dropout: inference only. training_mode must be a constant false (or absent).
  if (n.input(2)) {
    ElementsAttr training = n.constantInput(2);
    if (!training)
      return n.fail("training_mode must be a constant (inference only)");
    // Training with ratio 0 drops nothing: still the identity.
    ElementsAttr ratio = n.input(1) ? n.constantInput(1) : ElementsAttr();
    bool zeroRatio = ratio && getConstantAsDoubles(ratio)[0] == 0.0;
    if (getConstantAsInts(training)[0] != 0 && !zeroRatio)
      return n.fail("training_mode=true is not supported (dropout is random); export in eval mode");
  }
  // A constant passes through as itself, so what reads it (a Loop body's condition, a Reshape's
  // shape) still sees a constant.
  n.setOutput(0, x.getDefiningOp<edge::ConstantOp>() ? x : n.createWithType<edge::IdentityOp>(x.getType(), {x}));
  if (n.outputUsed(1)) {
    // In inference the mask keeps everything: a constant of ones.
    auto maskType = RankedTensorType::get(typeOf(x).getShape(), n.builder.getI1Type());
    n.setOutput(1, n.constant(DenseElementsAttr::get(maskType, true)));
  }
  return success();
}

/// Max/Min/Sum/Mean over any number of inputs: a left-to-right chain of binary ops
/// (the order onnxruntime accumulates in); Mean divides the sum by the count.
template <edge::BinaryKind Kind, bool Mean = false>
LogicalResult importVariadic(NodeImporter &n) {
  if (n.numInputs() < 1 || !n.input(0))
    return n.fail("needs at least one input");
  Value acc = n.input(0);
  for (int i = 1; i < n.numInputs(); ++i) {
    if (!n.input(i))
      return n.fail("input " + std::to_string(i) + " is missing");
    acc = binary(n, Kind, acc, n.input(i));
    if (!acc)
      return failure();
  }
  if (Mean && n.numInputs() > 1) {
    auto type = RankedTensorType::get({}, typeOf(acc).getElementType());
    Value count = n.constant(makeConstantFromDoubles(type, {static_cast<double>(n.numInputs())}, "count"));
    acc = binary(n, edge::BinaryKind::div, acc, count);
    if (!acc)
      return failure();
  }
  if (n.numInputs() == 1)
    acc = n.createWithType<edge::IdentityOp>(acc.getType(), {acc});
  n.setOutput(0, acc);
  return success();
}

/// Pow's exponent may have another type than its base: bring it to the base's.
LogicalResult importPow(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)))
    return failure();
  Value base = n.input(0), exponent = n.input(1);
  Type want = typeOf(base).getElementType();
  if (typeOf(exponent).getElementType() != want) {
    exponent = n.create<edge::CastOp>({exponent}, {n.namedAttr("to", TypeAttr::get(want))});
    if (!exponent)
      return failure();
  }
  return n.setResult(binary(n, edge::BinaryKind::pow, base, exponent));
}

LogicalResult importConstant(NodeImporter &n) {
  Builder &b = n.builder;
  ElementsAttr value;
  if (const onnx::TensorProto *t = n.attrTensor("value")) {
    value = tensorProtoToAttr(n.context(), *t, "", n.limit, n.loc);
    if (!value)
      return failure();
  } else if (n.hasAttr("value_float")) {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getF32Type()), n.attrFloat("value_float", 0));
  } else if (n.hasAttr("value_int")) {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()), n.attrInt("value_int", 0));
  } else if (auto ints = n.attrInts("value_ints")) {
    value = DenseElementsAttr::get(RankedTensorType::get({static_cast<int64_t>(ints->size())}, b.getI64Type()),
                                   ArrayRef<int64_t>(*ints));
  } else if (const auto *a = n.findAttr("value_floats"); a && a->type() == onnx::AttributeProto::FLOATS) {
    std::vector<float> f(a->floats().begin(), a->floats().end());
    value = DenseElementsAttr::get(RankedTensorType::get({static_cast<int64_t>(f.size())}, b.getF32Type()),
                                   ArrayRef<float>(f));
  } else {
    return n.fail("only value, value_float(s) and value_int(s) constants are supported");
  }
  n.setOutput(0, n.constant(value));
  return success();
}

LogicalResult importShape(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  auto xt = typeOf(n.input(0));
  int64_t rank = xt.getRank();
  int64_t start = std::clamp<int64_t>(normalizeAxis(n.attrInt("start", 0), rank), 0, rank);
  int64_t end = std::clamp<int64_t>(normalizeAxis(n.attrInt("end", rank), rank), 0, rank);
  std::vector<int64_t> dims(xt.getShape().begin() + start, xt.getShape().begin() + std::max(start, end));
  auto type = RankedTensorType::get({static_cast<int64_t>(dims.size())}, n.builder.getI64Type());
  n.setOutput(0, n.constant(DenseElementsAttr::get(type, ArrayRef<int64_t>(dims))));
  return success();
}

LogicalResult importSize(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  auto type = RankedTensorType::get({}, n.builder.getI64Type());
  n.setOutput(0, n.constant(DenseElementsAttr::get(type, typeOf(n.input(0)).getNumElements())));
  return success();
}

LogicalResult importGather(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)))
    return failure();
  int64_t axis;
  if (failed(checkAxis(n, n.attrInt("axis", 0), typeOf(n.input(0)).getRank(), axis)))
    return failure();
  if (ElementsAttr idx = n.constantInput(1)) {
    int64_t dim = typeOf(n.input(0)).getDimSize(axis);
    for (int64_t i : getConstantAsInts(idx))
      if (i < -dim || i >= dim)
        return n.fail("index " + std::to_string(i) + " is out of range for a dim of " + std::to_string(dim));
  }
  return n.setResult(n.create<edge::GatherOp>({n.input(0), n.input(1)}, {n.namedAttr("axis", n.builder.getI64IntegerAttr(axis))}));
}

/// Cast and CastLike: input 0 to `to`, with the node's `saturate` (float8 targets).
LogicalResult castTo(NodeImporter &n, Type to) {
  return n.setResult(n.create<edge::CastOp>(
      {n.input(0)}, {n.namedAttr("to", TypeAttr::get(to)),
                     n.namedAttr("saturate", n.builder.getBoolAttr(n.attrInt("saturate", 1) != 0))}));
}

LogicalResult importCast(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  Type to = onnxElementType(n.context(), static_cast<int32_t>(n.attrInt("to", 0)));
  if (!to)
    return n.fail("cast to data type " + std::to_string(n.attrInt("to", 0)) + " is not supported");
  return castTo(n, to);
}

/// CastLike: Cast to the element type of the second input.
LogicalResult importCastLike(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)))
    return failure();
  Type to = typeOf(n.input(1)).getElementType();
  return castTo(n, to);
}

LogicalResult importSlice(NodeImporter &n) {
  if (failed(requireInputs(n, 3, 5)))
    return failure();
  int64_t rank = typeOf(n.input(0)).getRank();
  auto starts = n.constantInts(1, "starts");
  auto ends = n.constantInts(2, "ends");
  if (failed(starts) || failed(ends))
    return failure();
  std::vector<int64_t> axes(starts->size()), steps(starts->size(), 1);
  std::iota(axes.begin(), axes.end(), 0);
  if (n.input(3)) {
    auto a = n.constantInts(3, "axes");
    if (failed(a))
      return failure();
    axes = *a;
  }
  if (n.input(4)) {
    auto s = n.constantInts(4, "steps");
    if (failed(s))
      return failure();
    steps = *s;
  }
  if (ends->size() != starts->size() || axes.size() != starts->size() || steps.size() != starts->size())
    return n.fail("starts, ends, axes and steps differ in length");
  for (int64_t &a : axes)
    a = normalizeAxis(a, rank);
  Builder &b = n.builder;
  return n.setResult(n.create<edge::SliceOp>({n.input(0)}, {n.namedAttr("starts", b.getDenseI64ArrayAttr(*starts)),
                                                  n.namedAttr("ends", b.getDenseI64ArrayAttr(*ends)),
                                                  n.namedAttr("axes", b.getDenseI64ArrayAttr(axes)),
                                                  n.namedAttr("steps", b.getDenseI64ArrayAttr(steps))}));
}

//===----------------------------------------------------------------------===//
// Issue-3 ops: transposed conv, pad, resize, reductions, split
//===----------------------------------------------------------------------===//

LogicalResult importConvTranspose(NodeImporter &n) {
  ConvWindow win;
  if (failed(requireInputs(n, 2, 3)) || failed(convWindow(n, n.input(0), n.input(1), win)))
    return failure();
  Value x = n.input(0), w = n.input(1);
  auto xt = typeOf(x);
  size_t s = win.spatial;
  SmallVector<int64_t> kernel = win.kernel, strides = win.strides, dilations = win.dilations, outputPadding;
  outputPadding.assign(s, 0);
  if (auto op = n.attrInts("output_padding")) {
    if (op->size() != s)
      return n.fail("'output_padding' must list " + std::to_string(s) + " values");
    outputPadding.assign(op->begin(), op->end());
  }
  for (size_t i = 0; i < s; ++i)
    if (outputPadding[i] < 0)
      return n.fail("output_padding must be >= 0");
  SmallVector<int64_t> pads(2 * s, 0);
  std::string autoPad = n.attrString("auto_pad", "NOTSET");
  auto outputShape = n.attrInts("output_shape");
  if (outputShape && outputShape->size() == s + 2)
    outputShape = std::vector<int64_t>(outputShape->begin() + 2, outputShape->end());
  if (outputShape && outputShape->size() != s)
    return n.fail("'output_shape' must list the " + std::to_string(s) + " spatial sizes");
  auto natural = [&](size_t i) {
    return strides[i] * (xt.getDimSize(i + 2) - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1;
  };
  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    // ONNX reference: total padding against output_shape (default input * stride),
    // split with floor division; SAME_UPPER puts the odd one at the end.
    for (size_t i = 0; i < s; ++i) {
      int64_t want = outputShape ? (*outputShape)[i] : xt.getDimSize(i + 2) * strides[i];
      int64_t total = natural(i) - want;
      int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
      pads[i] = autoPad == "SAME_UPPER" ? half : total - half;
      pads[i + s] = total - pads[i];
    }
  } else if (autoPad == "NOTSET" || autoPad == "VALID") {
    if (auto given = n.attrInts("pads"); given && autoPad == "NOTSET") {
      if (given->size() != 2 * s)
        return n.fail("'pads' must list " + std::to_string(2 * s) + " values");
      pads.assign(given->begin(), given->end());
    }
    // An explicit output_shape keeps the begin pads and sets the size: the end
    // pad absorbs the difference (negative: the output grows, as output_padding).
    if (outputShape)
      for (size_t i = 0; i < s; ++i)
        pads[i + s] = natural(i) - pads[i] - (*outputShape)[i];
  } else {
    return n.fail("unknown auto_pad '" + autoPad + "'");
  }
  SmallVector<Value> operands{x, w};
  if (Value b = n.input(2))
    operands.push_back(b);
  Builder &b = n.builder;
  return n.setResult(n.create<edge::ConvTransposeOp>(
      operands, {n.namedAttr("strides", b.getDenseI64ArrayAttr(strides)),
                 n.namedAttr("dilations", b.getDenseI64ArrayAttr(dilations)),
                 n.namedAttr("pads", b.getDenseI64ArrayAttr(pads)),
                 n.namedAttr("output_padding", b.getDenseI64ArrayAttr(outputPadding)),
                 n.namedAttr("group", b.getI64IntegerAttr(n.attrInt("group", 1)))}));
}

LogicalResult importPad(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 4)))
    return failure();
  Value x = n.input(0);
  int64_t rank = typeOf(x).getRank();
  auto given = n.constantInts(1, "pads");
  if (failed(given))
    return failure();
  std::vector<int64_t> axes;
  if (n.input(3)) {
    auto a = n.constantInts(3, "axes");
    if (failed(a))
      return failure();
    axes = *a;
  } else {
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  }
  if (given->size() != 2 * axes.size())
    return n.fail("'pads' has " + std::to_string(given->size()) + " values for " +
                  std::to_string(axes.size()) + " axes");
  SmallVector<int64_t> pads(2 * rank, 0);
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t axis = normalizeAxis(axes[i], rank);
    if (axis < 0 || axis >= rank)
      return n.fail("axis " + std::to_string(axes[i]) + " out of range");
    pads[axis] = (*given)[i];
    pads[axis + rank] = (*given)[i + axes.size()];
  }
  float value = 0.0f;
  if (n.input(2)) {
    ElementsAttr c = n.constantInput(2);
    if (!c || cast<ShapedType>(c.getType()).getNumElements() != 1)
      return n.fail("constant_value must be a constant scalar");
    value = static_cast<float>(getConstantAsDoubles(c)[0]);
  }
  std::string modeName = n.attrString("mode", "constant");
  auto mode = edge::symbolizePadMode(modeName);
  if (!mode)
    return n.fail("unknown pad mode '" + modeName + "'");
  return n.setResult(n.create<edge::PadOp>({x}, {n.namedAttr("pads", n.builder.getDenseI64ArrayAttr(pads)),
                                       n.namedAttr("mode", edge::PadModeAttr::get(n.context(), *mode)),
                                       n.namedAttr("value", n.builder.getF32FloatAttr(value))}));
}

LogicalResult importResize(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 4)))
    return failure();
  if (n.attrInt("antialias", 0) != 0)
    return n.fail("antialias=1 is not supported");
  Value x = n.input(0);
  auto xt = typeOf(x);
  int64_t rank = xt.getRank();
  std::vector<int64_t> axes;
  if (auto a = n.attrInts("axes"))
    for (int64_t v : *a)
      axes.push_back(normalizeAxis(v, rank));
  else
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  for (int64_t a : axes)
    if (a < 0 || a >= rank)
      return n.fail("axes out of range");
  SmallVector<float> scales(rank, 1.0f);
  SmallVector<int64_t> outShape(xt.getShape());
  ElementsAttr scalesAttr = n.constantInput(2), sizesAttr = n.constantInput(3);
  if ((n.input(2) && !scalesAttr) || (n.input(3) && !sizesAttr))
    return n.fail("scales and sizes must be constants");
  bool fromSizes = false; // the kernel then takes exact output/input ratios, as ONNX does
  bool haveScales = scalesAttr && cast<ShapedType>(scalesAttr.getType()).getNumElements() > 0;
  bool haveSizes = sizesAttr && cast<ShapedType>(sizesAttr.getType()).getNumElements() > 0;
  if (haveScales == haveSizes)
    return n.fail("exactly one of scales and sizes must be given");
  if (haveScales) {
    std::vector<double> values = getConstantAsDoubles(scalesAttr);
    if (values.size() != axes.size())
      return n.fail("scales has " + std::to_string(values.size()) + " values for " + std::to_string(axes.size()) + " axes");
    for (size_t i = 0; i < axes.size(); ++i) {
      if (values[i] <= 0)
        return n.fail("scales must be positive");
      scales[axes[i]] = static_cast<float>(values[i]);
      outShape[axes[i]] = static_cast<int64_t>(std::floor(xt.getDimSize(axes[i]) * static_cast<float>(values[i])));
    }
  } else {
    std::vector<int64_t> sizes = getConstantAsInts(sizesAttr);
    if (sizes.size() != axes.size())
      return n.fail("sizes has " + std::to_string(sizes.size()) + " values for " + std::to_string(axes.size()) + " axes");
    std::string policy = n.attrString("keep_aspect_ratio_policy", "stretch");
    fromSizes = policy == "stretch";
    float common = policy == "not_larger" ? FLT_MAX : 0.0f;
    for (size_t i = 0; i < axes.size(); ++i) {
      if (sizes[i] < 1)
        return n.fail("sizes must be positive");
      float s = static_cast<float>(sizes[i]) / static_cast<float>(xt.getDimSize(axes[i]));
      scales[axes[i]] = s;
      outShape[axes[i]] = sizes[i];
      common = policy == "not_larger" ? std::min(common, s) : std::max(common, s);
    }
    if (policy == "not_larger" || policy == "not_smaller")
      for (int64_t a : axes) {
        scales[a] = common;
        outShape[a] = static_cast<int64_t>(std::round(xt.getDimSize(a) * common));
      }
    else if (policy != "stretch")
      return n.fail("unknown keep_aspect_ratio_policy '" + policy + "'");
  }
  for (int64_t d : outShape)
    if (d < 1)
      return n.fail("the output would have an empty dim");
  SmallVector<float> roi;
  std::string coord = n.attrString("coordinate_transformation_mode", "half_pixel");
  if (coord == "tf_crop_and_resize") {
    ElementsAttr r = n.constantInput(1);
    if (!r)
      return n.fail("tf_crop_and_resize needs a constant roi");
    std::vector<double> values = getConstantAsDoubles(r);
    roi.assign(2 * rank, 0.0f);
    for (int64_t d = 0; d < rank; ++d)
      roi[d + rank] = 1.0f;
    if (values.size() != 2 * axes.size())
      return n.fail("roi must list 2 values per axis");
    for (size_t i = 0; i < axes.size(); ++i) {
      roi[axes[i]] = static_cast<float>(values[i]);
      roi[axes[i] + rank] = static_cast<float>(values[i + axes.size()]);
    }
  }
  auto mode = edge::symbolizeResizeMode(n.attrString("mode", "nearest"));
  auto coordMode = edge::symbolizeCoordMode(coord);
  auto nearest = edge::symbolizeNearestMode(n.attrString("nearest_mode", "round_prefer_floor"));
  if (!mode || !coordMode || !nearest)
    return n.fail("unknown mode, coordinate_transformation_mode or nearest_mode");
  Builder &b = n.builder;
  n.setOutput(0, n.createWithType<edge::ResizeOp>(
                     RankedTensorType::get(outShape, xt.getElementType()), {x},
                     {n.namedAttr("scales", b.getDenseF32ArrayAttr(scales)),
                      n.namedAttr("roi", b.getDenseF32ArrayAttr(roi)),
                      n.namedAttr("mode", edge::ResizeModeAttr::get(n.context(), *mode)),
                      n.namedAttr("coord_mode", edge::CoordModeAttr::get(n.context(), *coordMode)),
                      n.namedAttr("nearest_mode", edge::NearestModeAttr::get(n.context(), *nearest)),
                      n.namedAttr("cubic_coeff_a", b.getF32FloatAttr(n.attrFloat("cubic_coeff_a", -0.75f))),
                      n.namedAttr("exclude_outside", b.getBoolAttr(n.attrInt("exclude_outside", 0) != 0)),
                      n.namedAttr("extrapolation_value", b.getF32FloatAttr(n.attrFloat("extrapolation_value", 0.0f))),
                      n.namedAttr("from_sizes", b.getBoolAttr(fromSizes))}));
  return success();
}

/// Reductions: axes from the input (ReduceSum 13+, all 18+) or the attribute.
template <edge::ReduceKind Kind>
LogicalResult importReduce(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 2)))
    return failure();
  Value x = n.input(0);
  int64_t rank = typeOf(x).getRank();
  std::vector<int64_t> given;
  if (n.input(1)) {
    auto a = n.constantInts(1, "axes");
    if (failed(a))
      return failure();
    given = *a;
  } else if (auto a = n.attrInts("axes")) {
    given = *a;
  }
  SmallVector<int64_t> axes;
  for (int64_t a : given) {
    int64_t axis = normalizeAxis(a, rank);
    if (axis < 0 || axis >= rank || llvm::is_contained(axes, axis))
      return n.fail("axis " + std::to_string(a) + " is out of range or repeated");
    axes.push_back(axis);
  }
  if (axes.empty() && n.attrInt("noop_with_empty_axes", 0) != 0) {
    n.setOutput(0, x);
    return success();
  }
  if (axes.empty())
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  llvm::sort(axes);
  return n.setResult(n.create<edge::ReduceOp>(
      {x}, {n.namedAttr("kind", edge::ReduceKindAttr::get(n.context(), Kind)),
            n.namedAttr("axes", n.builder.getDenseI64ArrayAttr(axes)),
            n.namedAttr("keepdims", n.builder.getBoolAttr(n.attrInt("keepdims", 1) != 0))}));
}

LogicalResult importSplit(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 2)))
    return failure();
  Value x = n.input(0);
  auto xt = typeOf(x);
  int64_t axis;
  if (failed(checkAxis(n, n.attrInt("axis", 0), xt.getRank(), axis)))
    return failure();
  int64_t dim = xt.getDimSize(axis), outputs = n.node.output_size();
  std::vector<int64_t> sizes;
  if (n.input(1)) {
    auto s = n.constantInts(1, "split");
    if (failed(s))
      return failure();
    sizes = *s;
  } else if (auto s = n.attrInts("split")) {
    sizes = *s;
  } else {
    int64_t parts = n.attrInt("num_outputs", outputs);
    if (parts < 1)
      return n.fail("num_outputs must be >= 1");
    // ONNX 18: equal parts, the last one smaller when the dim does not divide.
    int64_t each = (dim + parts - 1) / parts;
    for (int64_t p = 0, left = dim; p < parts; ++p, left -= each)
      sizes.push_back(std::max<int64_t>(0, std::min(each, left)));
  }
  int64_t total = 0;
  for (int64_t v : sizes) {
    if (v < 0 || v > dim) // also keeps the sum from overflowing
      return n.fail("split size " + std::to_string(v) + " is outside 0.." + std::to_string(dim));
    total += v;
  }
  if (static_cast<int64_t>(sizes.size()) != outputs || total != dim)
    return n.fail("split sizes do not add up to dim " + std::to_string(dim) + " over " +
                  std::to_string(outputs) + " outputs");
  Builder &b = n.builder;
  int64_t start = 0;
  for (int64_t i = 0; i < outputs; ++i) {
    Value part = n.create<edge::SliceOp>({x}, {n.namedAttr("starts", b.getDenseI64ArrayAttr({start})),
                                               n.namedAttr("ends", b.getDenseI64ArrayAttr({start + sizes[i]})),
                                               n.namedAttr("axes", b.getDenseI64ArrayAttr({axis})),
                                               n.namedAttr("steps", b.getDenseI64ArrayAttr({1}))});
    if (!part)
      return failure();
    n.setOutput(i, part);
    start += sizes[i];
  }
  return success();
}

} // namespace

LogicalResult importConv(NodeImporter &n, Value x, Value w, Value bias, Value &result) {
  ConvWindow win;
  if (failed(convWindow(n, x, w, win)))
    return failure();
  auto xt = typeOf(x);
  SmallVector<int64_t> kernel = win.kernel, strides = win.strides, dilations = win.dilations, pads;
  if (failed(windowPads(n, xt.getShape().drop_front(2), kernel, strides, dilations, pads)))
    return failure();
  SmallVector<Value> operands{x, w};
  if (bias)
    operands.push_back(bias);
  result = n.create<edge::ConvOp>(
      operands, {n.namedAttr("strides", n.builder.getDenseI64ArrayAttr(strides)),
                 n.namedAttr("dilations", n.builder.getDenseI64ArrayAttr(dilations)),
                 n.namedAttr("pads", n.builder.getDenseI64ArrayAttr(pads)),
                 n.namedAttr("group", n.builder.getI64IntegerAttr(n.attrInt("group", 1)))});
  return success(result != nullptr);
}

namespace {

struct Entry {
  const char *opType;
  int64_t sinceVersion;
  OpImportFn fn;
};

// Keyed by (op type, since-version): the importer used is the newest one whose
// since-version is <= the model's opset. Models below opset 13 are upgraded first.
const Entry kImporters[] = {
    {"ReduceL1", 13, importReduce<edge::ReduceKind::l1>},
    {"ReduceL2", 13, importReduce<edge::ReduceKind::l2>},
    {"Abs", 13, importUnary<edge::UnaryKind::abs>},
    {"Add", 13, importBinary<edge::BinaryKind::add>},
    {"And", 7, importLogical<edge::BinaryKind::And>},
    {"ArgMax", 13, importArgReduce<edge::ArgKind::max>},
    {"ArgMin", 13, importArgReduce<edge::ArgKind::min>},
    {"AveragePool", 11, [](NodeImporter &n) { return importPool(n, edge::PoolKind::avg); }},
    {"BatchNormalization", 9, importBatchNorm},
    {"Cast", 13, importCast},
    {"CastLike", 15, importCastLike},
    {"Ceil", 13, importUnary<edge::UnaryKind::ceil>},
    {"Clip", 13, importClip},
    {"Concat", 13, importConcat},
    {"Constant", 13, importConstant},
    {"ConstantOfShape", 9, importConstantOfShape},
    {"Conv", 11, importConv},
    {"ConvInteger", 10, importConvInteger},
    {"ConvTranspose", 11, importConvTranspose},
    {"Cos", 7, importUnary<edge::UnaryKind::cos>},
    {"CumSum", 14, importCumSum},
    {"DepthToSpace", 13, importDepthToSpace},
    {"DequantizeLinear", 13, importDequantizeLinear},
    {"Div", 13, importBinary<edge::BinaryKind::div>},
    {"Dropout", 13, importIdentity},
    {"Einsum", 12, importEinsum},
    {"Elu", 6, importUnary<edge::UnaryKind::elu>},
    {"Equal", 13, importCompare<edge::CompareKind::eq>},
    {"Erf", 13, importUnary<edge::UnaryKind::erf>},
    {"Exp", 13, importUnary<edge::UnaryKind::exp>},
    {"Expand", 13, importExpand},
    {"Flatten", 13, importFlatten},
    {"Floor", 13, importUnary<edge::UnaryKind::floor>},
    {"Gather", 13, importGather},
    {"GatherElements", 13, importGatherElements},
    {"Gelu", 20, importGelu},
    {"Gemm", 13, importGemm},
    {"GRU", 7, importGRU},
    {"GlobalAveragePool", 1, [](NodeImporter &n) { return importGlobalPool(n, edge::PoolKind::avg); }},
    {"GlobalMaxPool", 1, [](NodeImporter &n) { return importGlobalPool(n, edge::PoolKind::max); }},
    {"Greater", 13, importCompare<edge::CompareKind::gt>},
    {"GreaterOrEqual", 12, importCompare<edge::CompareKind::ge>},
    {"HardSigmoid", 6, importUnary<edge::UnaryKind::hard_sigmoid>},
    {"HardSwish", 14, importUnary<edge::UnaryKind::hard_swish>},
    {"If", 1, importIf},
    {"Identity", 13, importIdentity},
    {"InstanceNormalization", 6, importInstanceNormalization},
    {"LayerNormalization", 17, importLayerNormalization},
    {"LeakyRelu", 6, importUnary<edge::UnaryKind::leaky_relu>},
    {"Less", 13, importCompare<edge::CompareKind::lt>},
    {"LessOrEqual", 12, importCompare<edge::CompareKind::le>},
    {"Log", 13, importUnary<edge::UnaryKind::log>},
    {"LogSoftmax", 13, [](NodeImporter &n) { return importSoftmax(n, true); }},
    {"LSTM", 7, importLSTM},
    {"Loop", 11, importLoop},
    {"MatMul", 13, importMatMul},
    {"MatMulInteger", 10, importMatMulInteger},
    {"Max", 13, importVariadic<edge::BinaryKind::max>},
    {"MaxPool", 12, [](NodeImporter &n) { return importPool(n, edge::PoolKind::max); }},
    {"Mean", 13, importVariadic<edge::BinaryKind::add, true>},
    {"Min", 13, importVariadic<edge::BinaryKind::min>},
    {"Mul", 13, importBinary<edge::BinaryKind::mul>},
    {"Neg", 13, importUnary<edge::UnaryKind::neg>},
    {"Not", 1, importNot},
    {"Or", 7, importLogical<edge::BinaryKind::Or>},
    {"PRelu", 9, importBinary<edge::BinaryKind::prelu>},
    {"Pad", 13, importPad},
    {"Pow", 13, importPow},
    {"QLinearConv", 10, importQLinearConv},
    {"QLinearMatMul", 10, importQLinearMatMul},
    {"QuantizeLinear", 13, importQuantizeLinear},
    {"Range", 11, importRange},
    {"Reciprocal", 13, importUnary<edge::UnaryKind::reciprocal>},
    {"ReduceLogSum", 13, importReduce<edge::ReduceKind::log_sum>},
    {"ReduceLogSumExp", 13, importReduce<edge::ReduceKind::log_sum_exp>},
    {"ReduceMax", 13, importReduce<edge::ReduceKind::max>},
    {"ReduceMean", 13, importReduce<edge::ReduceKind::mean>},
    {"ReduceMin", 13, importReduce<edge::ReduceKind::min>},
    {"ReduceProd", 13, importReduce<edge::ReduceKind::prod>},
    {"ReduceSum", 13, importReduce<edge::ReduceKind::sum>},
    {"ReduceSumSquare", 13, importReduce<edge::ReduceKind::sum_square>},
    {"Relu", 13, importUnary<edge::UnaryKind::relu>},
    {"Reshape", 13, importReshape},
    {"Resize", 13, importResize},
    {"RNN", 7, importRNN},
    {"Round", 11, importUnary<edge::UnaryKind::round>},
    {"Scan", 9, importScan},
    {"Selu", 6, importUnary<edge::UnaryKind::selu>},
    {"Shape", 13, importShape},
    {"Sigmoid", 13, importUnary<edge::UnaryKind::sigmoid>},
    {"Sign", 13, importUnary<edge::UnaryKind::sign>},
    {"Sin", 7, importUnary<edge::UnaryKind::sin>},
    {"Size", 13, importSize},
    {"Slice", 13, importSlice},
    {"Softmax", 13, [](NodeImporter &n) { return importSoftmax(n, false); }},
    {"Softplus", 1, importUnary<edge::UnaryKind::softplus>},
    {"Softsign", 1, importUnary<edge::UnaryKind::softsign>},
    {"SpaceToDepth", 13, importSpaceToDepth},
    {"Split", 13, importSplit},
    {"Sqrt", 13, importUnary<edge::UnaryKind::sqrt>},
    {"Squeeze", 13, importSqueeze},
    {"Sub", 13, importBinary<edge::BinaryKind::sub>},
    {"Sum", 13, importVariadic<edge::BinaryKind::add>},
    {"Tanh", 13, importUnary<edge::UnaryKind::tanh>},
    {"Tile", 13, importTile},
    {"TopK", 11, importTopK},
    {"Transpose", 13, importTranspose},
    {"Unsqueeze", 13, importUnsqueeze},
    {"Where", 9, importWhere},
    {"Xor", 7, importLogical<edge::BinaryKind::Xor>},
};

} // namespace

OpImportFn findOpImporter(StringRef opType, int64_t opset) {
  OpImportFn best = nullptr;
  int64_t bestVersion = -1;
  for (const Entry &e : kImporters)
    if (opType == e.opType && e.sinceVersion <= opset && e.sinceVersion > bestVersion) {
      best = e.fn;
      bestVersion = e.sinceVersion;
    }
  return best;
}

std::vector<std::string> importableOps() {
  std::vector<std::string> ops;
  for (const Entry &e : kImporters)
    ops.push_back(e.opType);
  llvm::sort(ops);
  ops.erase(std::unique(ops.begin(), ops.end()), ops.end());
  return ops;
}

} // namespace edgec
