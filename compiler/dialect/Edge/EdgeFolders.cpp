// Folders of the edge ops: constant subgraphs (shape arithmetic, weight transposes) collapse to constants.
#include "compiler/dialect/Edge/EdgeDialect.h"
#include "compiler/support/ConstantData.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace edgec;
using namespace edgec::edge;

// Above this many elements a fold would copy weight-sized data for little gain.
static constexpr int64_t kMaxFoldElements = 1 << 24;

static ElementsAttr asConstant(Attribute a) { return dyn_cast_if_present<ElementsAttr>(a); }

/// Name for a folded blob: derived from the op's location so dumps stay readable.
static std::string blobName(Operation *op, StringRef suffix) {
  std::string name = "folded";
  if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
    name = loc.getName().str();
  return name + "." + suffix.str();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

namespace {

/// Folds an elementwise op with numpy broadcasting: out[i] = fn(values of each operand at i).
/// Null unless every operand is a constant with all its values readable.
template <typename Fn>
ElementsAttr foldBroadcast(Operation *op, ArrayRef<Attribute> operands, ShapedType outType, Fn fn) {
  if (outType.getNumElements() > kMaxFoldElements)
    return {};
  ArrayRef<int64_t> outShape = outType.getShape();
  int64_t rank = outShape.size();
  SmallVector<int64_t> outStrides = stridesOf(outShape);
  SmallVector<std::vector<double>> values;
  SmallVector<SmallVector<int64_t>> strides; // right-aligned, 0 where the operand's dim is 1
  for (Attribute a : operands) {
    auto c = asConstant(a);
    if (!c)
      return {};
    auto type = cast<ShapedType>(c.getType());
    values.push_back(getConstantAsDoubles(c));
    if (values.back().size() != static_cast<size_t>(type.getNumElements()))
      return {};
    SmallVector<int64_t> st(rank, 0), own = stridesOf(type.getShape());
    for (int64_t i = 0; i < type.getRank(); ++i)
      st[rank - type.getRank() + i] = type.getDimSize(i) == 1 ? 0 : own[i];
    strides.push_back(st);
  }
  std::vector<double> out(outType.getNumElements());
  SmallVector<double, 3> at(values.size());
  for (int64_t i = 0; i < static_cast<int64_t>(out.size()); ++i) {
    for (size_t k = 0; k < values.size(); ++k) {
      int64_t index = 0, rem = i;
      for (int64_t d = 0; d < rank; ++d) {
        index += rem / outStrides[d] * strides[k][d];
        rem %= outStrides[d];
      }
      at[k] = values[k][index];
    }
    std::optional<double> r = fn(ArrayRef<double>(at));
    if (!r)
      return {};
    out[i] = *r;
  }
  // float32 arithmetic must round like the runtime kernel would.
  if (outType.getElementType().isF32())
    for (double &v : out)
      v = static_cast<float>(v);
  return makeConstantFromDoubles(outType, out, blobName(op, "fold"));
}

} // namespace

OpFoldResult BinaryOp::fold(FoldAdaptor adaptor) {
  if (getAct() != ActivationKind::none)
    return {};
  auto outType = cast<ShapedType>(getType());
  bool isInt = outType.getElementType().isIntOrIndex();
  BinaryKind kind = getKind();
  return foldBroadcast(*this, {adaptor.getLhs(), adaptor.getRhs()}, outType,
                       [&](ArrayRef<double> v) -> std::optional<double> {
    double x = v[0], y = v[1];
    switch (kind) {
    case BinaryKind::add: return x + y;
    case BinaryKind::sub: return x - y;
    case BinaryKind::mul: return x * y;
    case BinaryKind::div:
      if (!isInt)
        return static_cast<float>(x) / static_cast<float>(y);
      if (y == 0)
        return std::nullopt;
      return std::trunc(x / y);
    case BinaryKind::pow: return std::pow(x, y);
    case BinaryKind::min: return std::min(x, y);
    case BinaryKind::max: return std::max(x, y);
    case BinaryKind::prelu: return x < 0 ? x * y : x;
    case BinaryKind::And: return (x != 0) && (y != 0);
    case BinaryKind::Or: return (x != 0) || (y != 0);
    case BinaryKind::Xor: return (x != 0) != (y != 0);
    }
    return std::nullopt;
  });
}

OpFoldResult UnaryOp::fold(FoldAdaptor adaptor) {
  // The exact ops only (shape arithmetic: Neg of an axis, Not of a mask, Sqrt of a scale):
  // each rounds once to float like the kernel, transcendental ones stay run-time.
  UnaryKind kind = getKind();
  auto type = cast<ShapedType>(getType());
  if (isQuantized(type.getElementType()) || getInput().getType() != type)
    return {};
  bool f32 = type.getElementType().isF32();
  return foldBroadcast(*this, {adaptor.getInput()}, type, [&](ArrayRef<double> v) -> std::optional<double> {
    double x = v[0];
    switch (kind) {
    case UnaryKind::neg: return -x;
    case UnaryKind::abs: return std::fabs(x);
    case UnaryKind::sign: return x > 0 ? 1.0 : x < 0 ? -1.0 : x;
    case UnaryKind::relu: return x > 0 ? x : 0.0;
    case UnaryKind::Not: return x == 0 ? 1.0 : 0.0;
    case UnaryKind::sqrt: return f32 ? std::sqrt(static_cast<float>(x)) : std::sqrt(x);
    case UnaryKind::reciprocal: return f32 ? 1.0f / static_cast<float>(x) : 1.0 / x;
    case UnaryKind::ceil: return std::ceil(x);
    case UnaryKind::floor: return std::floor(x);
    default: return std::nullopt;
    }
  });
}

OpFoldResult CompareOp::fold(FoldAdaptor adaptor) {
  CompareKind kind = getKind();
  return foldBroadcast(*this, {adaptor.getLhs(), adaptor.getRhs()}, cast<ShapedType>(getType()),
                       [&](ArrayRef<double> v) -> std::optional<double> {
    switch (kind) {
    case CompareKind::eq: return v[0] == v[1];
    case CompareKind::lt: return v[0] < v[1];
    case CompareKind::le: return v[0] <= v[1];
    case CompareKind::gt: return v[0] > v[1];
    case CompareKind::ge: return v[0] >= v[1];
    }
    return std::nullopt;
  });
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  // A constant condition picks one side whole when that side already has the result's shape.
  if (auto c = asConstant(adaptor.getCondition())) {
    std::vector<double> cv = getConstantAsDoubles(c);
    bool all = llvm::all_of(cv, [](double v) { return v != 0; });
    bool none = llvm::all_of(cv, [](double v) { return v == 0; });
    Value side = all ? getX() : none ? getY() : Value();
    if (side && side.getType() == getType())
      return side;
  }
  return foldBroadcast(*this, {adaptor.getCondition(), adaptor.getX(), adaptor.getY()}, cast<ShapedType>(getType()),
                       [](ArrayRef<double> v) -> std::optional<double> { return v[0] != 0 ? v[1] : v[2]; });
}

OpFoldResult BroadcastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return foldBroadcast(*this, {adaptor.getInput()}, cast<ShapedType>(getType()),
                       [](ArrayRef<double> v) -> std::optional<double> { return v[0]; });
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // reshape(reshape(x)) is one reshape of x.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  auto in = asConstant(adaptor.getInput());
  if (!in)
    return {};
  auto type = cast<ShapedType>(getType());
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(in))
    return DenseResourceElementsAttr::get(type, resource.getRawHandle());
  if (auto dense = dyn_cast<DenseElementsAttr>(in))
    return dense.reshape(type);
  return {};
}

/// Moves whole elements of `elemSize` bytes from `in` to a new layout given by
/// an index map from output position to input position.
template <typename MapFn>
static std::vector<char> gatherBytes(ArrayRef<char> in, int64_t count, int64_t elemSize,
                                     MapFn map) {
  std::vector<char> out(count * elemSize);
  for (int64_t i = 0; i < count; ++i)
    std::memcpy(out.data() + i * elemSize, in.data() + map(i) * elemSize, elemSize);
  return out;
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  bool identity = true;
  for (size_t i = 0; i < perm.size(); ++i)
    identity &= perm[i] == static_cast<int64_t>(i);
  if (identity)
    return getInput();
  auto in = asConstant(adaptor.getInput());
  auto outType = cast<ShapedType>(getType());
  if (!in || outType.getNumElements() > kMaxFoldElements)
    return {};
  auto inType = cast<ShapedType>(in.getType());
  std::vector<char> bytes = getConstantBytes(in);
  if (bytes.empty() && inType.getNumElements() > 0)
    return {};
  SmallVector<int64_t> inStrides = stridesOf(inType.getShape());
  SmallVector<int64_t> outStrides = stridesOf(outType.getShape());
  auto out = gatherBytes(bytes, outType.getNumElements(), elementByteSize(inType.getElementType()),
                         [&](int64_t i) {
                           int64_t src = 0;
                           for (size_t d = 0; d < perm.size(); ++d) {
                             src += (i / outStrides[d]) * inStrides[perm[d]];
                             i %= outStrides[d];
                           }
                           return src;
                         });
  return makeConstant(outType, out, blobName(*this, "transposed"));
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1)
    return getInputs().front();
  auto outType = cast<ShapedType>(getType());
  if (outType.getNumElements() > kMaxFoldElements)
    return {};
  int64_t axis = getAxis();
  int64_t elemSize = elementByteSize(outType.getElementType());
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= outType.getDimSize(d);
  std::vector<std::vector<char>> parts;
  SmallVector<int64_t> rowBytes;
  for (auto [value, attr] : llvm::zip(getInputs(), adaptor.getInputs())) {
    auto c = asConstant(attr);
    if (!c)
      return {};
    auto t = cast<ShapedType>(value.getType());
    parts.push_back(getConstantBytes(c));
    rowBytes.push_back(outer ? t.getNumElements() / outer * elemSize : 0);
  }
  std::vector<char> out;
  out.reserve(outType.getNumElements() * elemSize);
  for (int64_t o = 0; o < outer; ++o)
    for (size_t p = 0; p < parts.size(); ++p)
      out.insert(out.end(), parts[p].begin() + o * rowBytes[p],
                 parts[p].begin() + (o + 1) * rowBytes[p]);
  return makeConstant(outType, out, blobName(*this, "concat"));
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  auto data = asConstant(adaptor.getData()), indices = asConstant(adaptor.getIndices());
  auto outType = cast<ShapedType>(getType());
  if (!data || !indices || outType.getNumElements() > kMaxFoldElements)
    return {};
  auto dataType = cast<ShapedType>(data.getType());
  int64_t axis = getAxis(), axisDim = dataType.getDimSize(axis);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= dataType.getDimSize(d);
  for (int64_t d = axis + 1; d < dataType.getRank(); ++d)
    inner *= dataType.getDimSize(d);
  std::vector<int64_t> idx = getConstantAsInts(indices);
  for (int64_t &i : idx) {
    if (i < -axisDim || i >= axisDim)
      return {}; // Left for the verifier-level diagnostic at lowering.
    if (i < 0)
      i += axisDim;
  }
  std::vector<char> bytes = getConstantBytes(data);
  int64_t n = idx.size();
  auto out = gatherBytes(bytes, outType.getNumElements(),
                         elementByteSize(dataType.getElementType()), [&](int64_t i) {
                           int64_t in = i % inner, rest = i / inner;
                           int64_t k = rest % n, o = rest / n;
                           return (o * axisDim + idx[k]) * inner + in;
                         });
  return makeConstant(outType, out, blobName(*this, "gather"));
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto in = asConstant(adaptor.getInput());
  auto outType = cast<ShapedType>(getType());
  if (!in || outType.getNumElements() > kMaxFoldElements)
    return {};
  Type from = cast<ShapedType>(in.getType()).getElementType(), to = outType.getElementType();
  // Float8 rounding and saturation follow ONNX's rules, not APFloat's: leave them to the kernel.
  if (from.getIntOrFloatBitWidth() == 8 && isa<FloatType>(from))
    return {};
  if (to.getIntOrFloatBitWidth() == 8 && isa<FloatType>(to))
    return {};
  if (from.isIntOrIndex() && to.isIntOrIndex())
    return makeConstantFromInts(outType, getConstantAsInts(in), blobName(*this, "cast"));
  std::vector<double> values = getConstantAsDoubles(in);
  if (to.isInteger(1))
    for (double &v : values)
      v = v != 0;
  return makeConstantFromDoubles(outType, values, blobName(*this, "cast"));
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  auto in = asConstant(adaptor.getInput());
  auto outType = cast<ShapedType>(getType());
  if (!in || outType.getNumElements() > kMaxFoldElements)
    return {};
  auto inType = cast<ShapedType>(in.getType());
  int64_t rank = inType.getRank();
  SmallVector<int64_t> first(rank, 0), step(rank, 1);
  for (size_t i = 0; i < getAxes().size(); ++i) {
    int64_t axis = getAxes()[i] < 0 ? getAxes()[i] + rank : getAxes()[i];
    int64_t count;
    normalizeSlice(inType.getDimSize(axis), getStarts()[i], getEnds()[i], getSteps()[i],
                   first[axis], count);
    step[axis] = getSteps()[i];
  }
  SmallVector<int64_t> inStrides = stridesOf(inType.getShape());
  SmallVector<int64_t> outStrides = stridesOf(outType.getShape());
  std::vector<char> bytes = getConstantBytes(in);
  auto out = gatherBytes(bytes, outType.getNumElements(),
                         elementByteSize(inType.getElementType()), [&](int64_t i) {
                           int64_t src = 0;
                           for (int64_t d = 0; d < rank; ++d) {
                             src += (first[d] + (i / outStrides[d]) * step[d]) * inStrides[d];
                             i %= outStrides[d];
                           }
                           return src;
                         });
  return makeConstant(outType, out, blobName(*this, "slice"));
}
