// Importers of comparisons, logic, Where, shape-building ops (Expand, Tile, ConstantOfShape,
// Range, DepthToSpace, SpaceToDepth) and the transformer/audio normalizations (LayerNorm,
// InstanceNorm, Gelu). Block rearrangements become reshape + transpose + reshape, Tile a
// broadcast between reshapes, so they need no kernels of their own.
#include "compiler/import/NodeImporter.h"
#include "compiler/support/ConstantData.h"

#include "mlir/Dialect/Traits.h"

#include <algorithm>
#include <cctype>
#include <cmath>

using namespace mlir;

namespace edgec {
namespace {

Value reshaped(NodeImporter &n, Value x, ArrayRef<int64_t> shape) {
  return n.createWithType<edge::ReshapeOp>(RankedTensorType::get(shape, typeOf(x).getElementType()), {x});
}

Value transposed(NodeImporter &n, Value x, ArrayRef<int64_t> perm) {
  return n.create<edge::TransposeOp>({x}, {n.namedAttr("perm", n.builder.getDenseI64ArrayAttr(perm))});
}

Value broadcastTo(NodeImporter &n, Value x, ArrayRef<int64_t> shape) {
  return n.createWithType<edge::BroadcastOp>(RankedTensorType::get(shape, typeOf(x).getElementType()), {x});
}

/// Checks that a node's two operands have one element type (ONNX's type constraint T).
LogicalResult sameTypes(NodeImporter &n, Value a, Value b) {
  if (typeOf(a).getElementType() != typeOf(b).getElementType())
    return n.fail("inputs have different element types");
  return success();
}

/// LayerNormalization's optional Mean and InvStdDev outputs (what training saves): reductions
/// over the normalized dims, kept as dims of 1, computed beside the fused normalization.
LogicalResult normalizationStatistics(NodeImporter &n, Value x, int64_t axis) {
  SmallVector<int64_t> axes;
  for (int64_t d = axis; d < typeOf(x).getRank(); ++d)
    axes.push_back(d);
  auto mean = [&](Value v) {
    return n.create<edge::ReduceOp>({v}, {n.namedAttr("kind", edge::ReduceKindAttr::get(n.context(), edge::ReduceKind::mean)),
                                          n.namedAttr("axes", n.builder.getDenseI64ArrayAttr(axes)),
                                          n.namedAttr("keepdims", n.builder.getBoolAttr(true))});
  };
  Value m = mean(x);
  Value d = binary(n, edge::BinaryKind::sub, x, m);
  Value var = d ? mean(binary(n, edge::BinaryKind::mul, d, d)) : Value();
  if (!var)
    return failure();
  auto scalar = RankedTensorType::get({}, typeOf(x).getElementType());
  Value eps = n.constant(makeConstantFromDoubles(scalar, {n.attrFloat("epsilon", 1e-5f)}, "epsilon"));
  Value inv = unary(n, edge::UnaryKind::reciprocal, unary(n, edge::UnaryKind::sqrt, binary(n, edge::BinaryKind::add, var, eps)));
  n.setOutput(1, m);
  n.setOutput(2, inv);
  return success(inv != nullptr);
}

} // namespace

//===----------------------------------------------------------------------===//
// Comparisons and logic
//===----------------------------------------------------------------------===//

template <edge::CompareKind Kind>
LogicalResult importCompare(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)) || failed(sameTypes(n, n.input(0), n.input(1))))
    return failure();
  return n.setResult(n.create<edge::CompareOp>(
      {n.input(0), n.input(1)}, {n.namedAttr("kind", edge::CompareKindAttr::get(n.context(), Kind))}));
}
template LogicalResult importCompare<edge::CompareKind::eq>(NodeImporter &);
template LogicalResult importCompare<edge::CompareKind::lt>(NodeImporter &);
template LogicalResult importCompare<edge::CompareKind::le>(NodeImporter &);
template LogicalResult importCompare<edge::CompareKind::gt>(NodeImporter &);
template LogicalResult importCompare<edge::CompareKind::ge>(NodeImporter &);

template <edge::BinaryKind Kind>
LogicalResult importLogical(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)))
    return failure();
  for (int i = 0; i < 2; ++i)
    if (!typeOf(n.input(i)).getElementType().isInteger(1))
      return n.fail("input " + std::to_string(i) + " must be boolean");
  return n.setResult(binary(n, Kind, n.input(0), n.input(1)));
}
template LogicalResult importLogical<edge::BinaryKind::And>(NodeImporter &);
template LogicalResult importLogical<edge::BinaryKind::Or>(NodeImporter &);
template LogicalResult importLogical<edge::BinaryKind::Xor>(NodeImporter &);

LogicalResult importNot(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  Value x = n.input(0);
  if (!typeOf(x).getElementType().isInteger(1))
    return n.fail("input must be boolean");
  return n.setResult(unary(n, edge::UnaryKind::Not, x));
}

LogicalResult importWhere(NodeImporter &n) {
  if (failed(requireInputs(n, 3, 3)) || failed(sameTypes(n, n.input(1), n.input(2))))
    return failure();
  if (!typeOf(n.input(0)).getElementType().isInteger(1))
    return n.fail("the condition must be boolean");
  return n.setResult(n.create<edge::SelectOp>({n.input(0), n.input(1), n.input(2)}));
}

//===----------------------------------------------------------------------===//
// Shape building
//===----------------------------------------------------------------------===//

LogicalResult importExpand(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)))
    return failure();
  auto shape = n.constantInts(1, "shape");
  if (failed(shape))
    return failure();
  for (int64_t d : *shape)
    if (d < 0)
      return n.fail("shape has a negative dim " + std::to_string(d));
  SmallVector<int64_t> out;
  ArrayRef<int64_t> in = typeOf(n.input(0)).getShape();
  if (!OpTrait::util::getBroadcastedShape(in, *shape, out))
    return n.fail("input shape does not broadcast to the requested shape");
  return n.setResult(broadcastTo(n, n.input(0), out));
}

/// Tile = reshape x [d0, d1, ...] to [1, d0, 1, d1, ...], broadcast to [r0, d0, r1, d1, ...],
/// reshape to [r0 d0, r1 d1, ...]: each repeat is a copy of the whole dim.
LogicalResult importTile(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)))
    return failure();
  auto repeats = n.constantInts(1, "repeats");
  if (failed(repeats))
    return failure();
  ArrayRef<int64_t> in = typeOf(n.input(0)).getShape();
  if (repeats->size() != in.size())
    return n.fail("repeats has " + std::to_string(repeats->size()) + " entries for an input of rank " +
                  std::to_string(in.size()));
  SmallVector<int64_t> split, expanded, out;
  for (size_t d = 0; d < in.size(); ++d) {
    int64_t r = (*repeats)[d];
    if (r < 0)
      return n.fail("repeats has a negative entry " + std::to_string(r));
    split.append({1, in[d]});
    expanded.append({r, in[d]});
    out.push_back(r * in[d]);
  }
  Value x = reshaped(n, n.input(0), split);
  x = x ? broadcastTo(n, x, expanded) : x;
  return n.setResult(x ? reshaped(n, x, out) : x);
}

LogicalResult importConstantOfShape(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  auto shape = n.constantInts(0, "input");
  if (failed(shape))
    return failure();
  Type element = n.builder.getF32Type();
  double value = 0;
  if (const onnx::TensorProto *t = n.attrTensor("value")) {
    ElementsAttr v = tensorProtoToAttr(n.context(), *t, "", n.limit, n.loc);
    if (!v)
      return failure();
    if (cast<ShapedType>(v.getType()).getNumElements() != 1)
      return n.fail("'value' must have exactly one element");
    element = cast<ShapedType>(v.getType()).getElementType();
    value = getConstantAsDoubles(v).front();
  }
  if (failed(checkTensorSize(n.loc, "the output", *shape, element, n.limit)))
    return failure();
  auto type = RankedTensorType::get(*shape, element);
  std::vector<double> values(type.getNumElements(), value);
  n.setOutput(0, n.constant(makeConstantFromDoubles(type, values, "constant_of_shape")));
  return success();
}

/// Range(start, limit, delta): all three must be constant (the output length fixes a shape).
LogicalResult importRange(NodeImporter &n) {
  if (failed(requireInputs(n, 3, 3)))
    return failure();
  double args[3];
  Type element;
  for (int i = 0; i < 3; ++i) {
    ElementsAttr c = n.constantInput(i);
    if (!c || cast<ShapedType>(c.getType()).getNumElements() != 1)
      return n.fail("input " + std::to_string(i) + " must be a constant scalar (the output length is a shape)");
    element = cast<ShapedType>(c.getType()).getElementType();
    args[i] = getConstantAsDoubles(c).front();
  }
  if (args[2] == 0)
    return n.fail("delta is 0");
  double count = std::max(std::ceil((args[1] - args[0]) / args[2]), 0.0);
  if (!(count < 1e12))
    return n.fail("the output would have " + std::to_string(count) + " elements");
  SmallVector<int64_t> shape{static_cast<int64_t>(count)};
  if (failed(checkTensorSize(n.loc, "the output", shape, element, n.limit)))
    return failure();
  std::vector<double> values(shape[0]);
  for (int64_t i = 0; i < shape[0]; ++i)
    values[i] = args[0] + static_cast<double>(i) * args[2];
  n.setOutput(0, n.constant(makeConstantFromDoubles(RankedTensorType::get(shape, element), values, "range")));
  return success();
}

/// DepthToSpace / SpaceToDepth on NCHW as reshape + transpose + reshape.
LogicalResult rearrangeBlocks(NodeImporter &n, bool toSpace) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  ArrayRef<int64_t> s = typeOf(n.input(0)).getShape();
  int64_t b = n.attrInt("blocksize", 0);
  if (s.size() != 4)
    return n.fail("expects a 4-D NCHW input");
  if (b < 1)
    return n.fail("blocksize must be positive");
  int64_t N = s[0], C = s[1], H = s[2], W = s[3];
  SmallVector<int64_t> split, perm, out;
  if (toSpace) {
    if (C % (b * b))
      return n.fail("channels " + std::to_string(C) + " are not a multiple of blocksize^2");
    std::string mode = n.attrString("mode", "DCR");
    if (mode == "DCR") {
      split = {N, b, b, C / (b * b), H, W};
      perm = {0, 3, 4, 1, 5, 2};
    } else if (mode == "CRD") {
      split = {N, C / (b * b), b, b, H, W};
      perm = {0, 1, 4, 2, 5, 3};
    } else {
      return n.fail("unknown mode '" + mode + "' (DCR or CRD)");
    }
    out = {N, C / (b * b), H * b, W * b};
  } else {
    if (H % b || W % b)
      return n.fail("spatial dims are not multiples of blocksize");
    split = {N, C, H / b, b, W / b, b};
    perm = {0, 3, 5, 1, 2, 4};
    out = {N, C * b * b, H / b, W / b};
  }
  Value x = reshaped(n, n.input(0), split);
  x = x ? transposed(n, x, perm) : x;
  return n.setResult(x ? reshaped(n, x, out) : x);
}

LogicalResult importDepthToSpace(NodeImporter &n) { return rearrangeBlocks(n, true); }
LogicalResult importSpaceToDepth(NodeImporter &n) { return rearrangeBlocks(n, false); }

//===----------------------------------------------------------------------===//
// Index ops along one axis
//===----------------------------------------------------------------------===//

template <edge::ArgKind Kind>
LogicalResult importArgReduce(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  int64_t rank = typeOf(n.input(0)).getRank();
  int64_t axis = normalizeAxis(n.attrInt("axis", 0), rank);
  if (axis < 0 || axis >= rank)
    return n.fail("axis is out of range");
  return n.setResult(n.create<edge::ArgReduceOp>(
      {n.input(0)}, {n.namedAttr("kind", edge::ArgKindAttr::get(n.context(), Kind)),
                     n.namedAttr("axis", n.builder.getI64IntegerAttr(axis)),
                     n.namedAttr("keepdims", n.builder.getBoolAttr(n.attrInt("keepdims", 1) != 0)),
                     n.namedAttr("select_last_index", n.builder.getBoolAttr(n.attrInt("select_last_index", 0) != 0))}));
}
template LogicalResult importArgReduce<edge::ArgKind::max>(NodeImporter &);
template LogicalResult importArgReduce<edge::ArgKind::min>(NodeImporter &);

LogicalResult importCumSum(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)))
    return failure();
  auto axisValues = n.constantInts(1, "axis");
  if (failed(axisValues))
    return failure();
  int64_t rank = typeOf(n.input(0)).getRank();
  if (axisValues->size() != 1)
    return n.fail("axis must be one value");
  int64_t axis = normalizeAxis(axisValues->front(), rank);
  if (axis < 0 || axis >= rank)
    return n.fail("axis is out of range");
  Value x = n.input(0);
  return n.setResult(n.createWithType<edge::CumSumOp>(
      x.getType(), {x},
      {n.namedAttr("axis", n.builder.getI64IntegerAttr(axis)),
       n.namedAttr("exclusive", n.builder.getBoolAttr(n.attrInt("exclusive", 0) != 0)),
       n.namedAttr("reverse", n.builder.getBoolAttr(n.attrInt("reverse", 0) != 0))}));
}

LogicalResult importTopK(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)))
    return failure();
  auto k = n.constantInts(1, "K");
  if (failed(k))
    return failure();
  if (k->size() != 1)
    return n.fail("K must be one value, got " + std::to_string(k->size()));
  int64_t rank = typeOf(n.input(0)).getRank();
  int64_t axis = normalizeAxis(n.attrInt("axis", -1), rank);
  if (axis < 0 || axis >= rank)
    return n.fail("axis is out of range");
  // "sorted" = 0 lets any order through; sorted output is one of them.
  SmallVector<NamedAttribute> attrs{n.namedAttr("axis", n.builder.getI64IntegerAttr(axis)),
                                    n.namedAttr("k", n.builder.getI64IntegerAttr(k->front())),
                                    n.namedAttr("largest", n.builder.getBoolAttr(n.attrInt("largest", 1) != 0))};
  SmallVector<Type> types;
  if (failed(edge::inferResultTypes<edge::TopKOp>(n.context(), n.loc, {n.input(0)},
                                                  n.builder.getDictionaryAttr(attrs), types)))
    return failure();
  auto topK = n.builder.create<edge::TopKOp>(n.loc, types, ValueRange{n.input(0)}, attrs);
  n.setOutput(0, topK.getValues());
  n.setOutput(1, topK.getIndices());
  return success();
}

LogicalResult importGatherElements(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 2)))
    return failure();
  auto data = typeOf(n.input(0)), idx = typeOf(n.input(1));
  int64_t axis = normalizeAxis(n.attrInt("axis", 0), data.getRank());
  if (axis < 0 || axis >= data.getRank())
    return n.fail("axis is out of range");
  if (ElementsAttr c = n.constantInput(1))
    for (int64_t i : getConstantAsInts(c))
      if (i < -data.getDimSize(axis) || i >= data.getDimSize(axis))
        return n.fail("index " + std::to_string(i) + " is out of range for a dim of " +
                      std::to_string(data.getDimSize(axis)));
  return n.setResult(n.createWithType<edge::GatherElementsOp>(
      RankedTensorType::get(idx.getShape(), data.getElementType()), {n.input(0), n.input(1)},
      {n.namedAttr("axis", n.builder.getI64IntegerAttr(axis))}));
}

//===----------------------------------------------------------------------===//
// Einsum
//===----------------------------------------------------------------------===//

namespace {

/// One Einsum operand (or the output): a label per dim.
struct Term {
  Value value;
  std::string labels;
};

Value sumOver(NodeImporter &n, Value x, ArrayRef<int64_t> axes) {
  if (axes.empty())
    return x;
  return n.create<edge::ReduceOp>({x}, {n.namedAttr("kind", edge::ReduceKindAttr::get(n.context(), edge::ReduceKind::sum)),
                                        n.namedAttr("axes", n.builder.getDenseI64ArrayAttr(axes)),
                                        n.namedAttr("keepdims", n.builder.getBoolAttr(false))});
}

/// Sums out the labels of `t` that `keep` lacks.
void sumOutUnless(NodeImporter &n, Term &t, llvm::function_ref<bool(char)> keep) {
  SmallVector<int64_t> axes;
  std::string rest;
  for (size_t d = 0; d < t.labels.size(); ++d)
    if (keep(t.labels[d]))
      rest += t.labels[d];
    else
      axes.push_back(static_cast<int64_t>(d));
  if (!t.value)
    return;
  t.value = sumOver(n, t.value, axes);
  t.labels = rest;
}

/// Transposes `t` to the label order `order` (a permutation of its labels).
void permuteTo(NodeImporter &n, Term &t, StringRef order) {
  SmallVector<int64_t> perm;
  for (char c : order)
    perm.push_back(static_cast<int64_t>(t.labels.find(c)));
  bool identity = true;
  for (size_t i = 0; i < perm.size(); ++i)
    identity &= perm[i] == static_cast<int64_t>(i);
  if (!identity && t.value)
    t.value = transposed(n, t.value, perm);
  t.labels = order.str();
}

} // namespace

/// Einsum with one or two operands and no repeated label within an operand (the forms
/// attention and projections use: "bhqd,bhkd->bhqk", "bij,bjk->bik", "ij->ji", "i,i->"):
/// sums over labels only one operand has, then batch / free / contracted labels become one
/// MatMul between transposes and reshapes. "..." stands for the leading unlabelled dims.
LogicalResult importEinsum(NodeImporter &n) {
  std::string eq = n.attrString("equation", "");
  eq.erase(std::remove(eq.begin(), eq.end(), ' '), eq.end());
  size_t arrow = eq.find("->");
  std::string lhs = eq.substr(0, arrow);
  SmallVector<Term, 2> terms;
  for (size_t start = 0;;) {
    size_t comma = lhs.find(',', start);
    terms.push_back({Value(), lhs.substr(start, comma == std::string::npos ? std::string::npos : comma - start)});
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  if (terms.size() != static_cast<size_t>(n.numInputs()) || terms.size() > 2)
    return n.fail("supports one or two operands, as many as the equation names");
  // "..." becomes digits (labels ONNX letters never use), as many as the operand's extra dims.
  int64_t ellipsisRank = 0;
  for (size_t i = 0; i < terms.size(); ++i) {
    terms[i].value = n.input(static_cast<int>(i));
    if (!terms[i].value)
      return n.fail("input " + std::to_string(i) + " is missing");
    std::string &l = terms[i].labels;
    int64_t rank = typeOf(terms[i].value).getRank();
    if (size_t dots = l.find("..."); dots != std::string::npos) {
      int64_t extra = rank - static_cast<int64_t>(l.size() - 3);
      if (extra < 0 || extra > 9)
        return n.fail("'...' does not fit input " + std::to_string(i) + "'s rank");
      std::string digits;
      for (int64_t k = 0; k < extra; ++k)
        digits += static_cast<char>('0' + (9 - extra + 1 + k)); // right-aligned, as numpy broadcasts
      l.replace(dots, 3, digits);
      ellipsisRank = std::max(ellipsisRank, extra);
    }
    if (static_cast<int64_t>(l.size()) != rank)
      return n.fail("term '" + l + "' does not match input " + std::to_string(i) + "'s rank " + std::to_string(rank));
    for (size_t a = 0; a < l.size(); ++a)
      if (l.find(l[a], a + 1) != std::string::npos)
        return n.fail("label '" + std::string(1, l[a]) + "' repeats within an operand (diagonals are not supported)");
  }
  std::string ellipsis;
  for (int64_t k = 0; k < ellipsisRank; ++k)
    ellipsis += static_cast<char>('0' + (9 - ellipsisRank + 1 + k));
  std::string out;
  if (arrow != std::string::npos) {
    out = eq.substr(arrow + 2);
    if (size_t dots = out.find("..."); dots != std::string::npos)
      out.replace(dots, 3, ellipsis);
  } else {
    // Implicit output: the ellipsis dims, then the labels used once, in alphabetical order.
    std::string all;
    for (const Term &t : terms)
      all += t.labels;
    std::string once;
    for (char c : all)
      if (std::count(all.begin(), all.end(), c) == 1 && !isdigit(c))
        once += c;
    llvm::sort(once);
    out = ellipsis + once;
  }
  auto has = [](const std::string &s, char c) { return s.find(c) != std::string::npos; };
  SmallVector<int64_t> dimOf(128, -1);
  for (const Term &t : terms)
    for (size_t d = 0; d < t.labels.size(); ++d) {
      int64_t size = typeOf(t.value).getDimSize(d);
      int64_t &known = dimOf[static_cast<unsigned char>(t.labels[d])];
      if (known != -1 && known != size && known != 1 && size != 1)
        return n.fail("label '" + std::string(1, t.labels[d]) + "' has sizes " + std::to_string(known) + " and " +
                      std::to_string(size));
      known = std::max(known, size);
    }
  for (char c : out)
    if (dimOf[static_cast<unsigned char>(c)] == -1)
      return n.fail("output label '" + std::string(1, c) + "' is on no input");

  Term result;
  if (terms.size() == 1) {
    result = terms[0];
    sumOutUnless(n, result, [&](char c) { return has(out, c); });
  } else {
    Term &a = terms[0], &b = terms[1];
    // Labels one operand alone has and the output lacks are summed out first.
    sumOutUnless(n, a, [&](char c) { return has(out, c) || has(b.labels, c); });
    sumOutUnless(n, b, [&](char c) { return has(out, c) || has(a.labels, c); });
    std::string batch, rows, cols, contract;
    for (char c : a.labels)
      (has(b.labels, c) ? (has(out, c) ? batch : contract) : rows) += c;
    for (char c : b.labels)
      if (!has(a.labels, c))
        cols += c;
    permuteTo(n, a, batch + rows + contract);
    permuteTo(n, b, batch + contract + cols);
    auto dims = [&](Value v, size_t from, size_t count) {
      int64_t p = 1;
      for (size_t d = from; d < from + count; ++d)
        p *= typeOf(v).getDimSize(d);
      return p;
    };
    SmallVector<int64_t> aShape(typeOf(a.value).getShape().take_front(batch.size()));
    SmallVector<int64_t> bShape(typeOf(b.value).getShape().take_front(batch.size()));
    int64_t m = dims(a.value, batch.size(), rows.size()), k = dims(a.value, batch.size() + rows.size(), contract.size());
    int64_t nn = dims(b.value, batch.size() + contract.size(), cols.size());
    aShape.append({m, k});
    bShape.append({k, nn});
    Value prod = n.create<edge::MatMulOp>({reshaped(n, a.value, aShape), reshaped(n, b.value, bShape)});
    if (!prod)
      return failure();
    SmallVector<int64_t> full(typeOf(prod).getShape().take_front(batch.size()));
    for (char c : rows + cols)
      full.push_back(dimOf[static_cast<unsigned char>(c)]);
    result = {reshaped(n, prod, full), batch + rows + cols};
  }
  if (result.labels.size() != out.size())
    return n.fail("the output term '" + out + "' does not name every kept label");
  permuteTo(n, result, out);
  return n.setResult(result.value);
}

//===----------------------------------------------------------------------===//
// Normalizations and GELU//===----------------------------------------------------------------------===//
// Normalizations and GELU//===----------------------------------------------------------------------===//
// Normalizations and GELU
//===----------------------------------------------------------------------===//

LogicalResult importGelu(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  Value x = n.input(0);
  if (!isa<FloatType>(typeOf(x).getElementType()))
    return n.fail("expects a float input");
  std::string approximate = n.attrString("approximate", "none");
  if (approximate != "none" && approximate != "tanh")
    return n.fail("unknown approximate '" + approximate + "' (none or tanh)");
  return n.setResult(unary(n, edge::UnaryKind::gelu, x, approximate == "tanh" ? 1.0f : 0.0f));
}

LogicalResult importLayerNormalization(NodeImporter &n) {
  if (failed(requireInputs(n, 2, 3)))
    return failure();
  Value x = n.input(0);
  auto xt = typeOf(x);
  if (!xt.getElementType().isF32())
    return n.fail("expects a float32 input");
  int64_t axis = normalizeAxis(n.attrInt("axis", -1), xt.getRank());
  if (axis < 0 || axis >= xt.getRank())
    return n.fail("axis is out of range");
  // Scale and bias broadcast to the normalized dims.
  ArrayRef<int64_t> normalized = xt.getShape().drop_front(axis);
  SmallVector<Value, 2> params;
  for (int i = 1; i < 3; ++i) {
    Value p = n.input(i);
    if (p && typeOf(p).getShape() != normalized) {
      SmallVector<int64_t> joined;
      if (!OpTrait::util::getBroadcastedShape(typeOf(p).getShape(), normalized, joined) || joined != normalized)
        return n.fail(std::string(i == 1 ? "Scale" : "B") + " does not broadcast to the normalized dims");
      p = broadcastTo(n, p, normalized);
    }
    params.push_back(p);
  }
  SmallVector<Value> operands{x};
  for (Value p : params)
    if (p)
      operands.push_back(p);
  Value y = n.createWithType<edge::LayerNormOp>(
      x.getType(), operands,
      {n.namedAttr("axis", n.builder.getI64IntegerAttr(axis)),
       n.namedAttr("epsilon", n.builder.getF32FloatAttr(n.attrFloat("epsilon", 1e-5f))),
       n.namedAttr("operandSegmentSizes", n.builder.getDenseI32ArrayAttr({1, params[0] ? 1 : 0, params[1] ? 1 : 0}))});
  if (!y)
    return failure();
  n.setOutput(0, y);
  if (n.outputUsed(1) || n.outputUsed(2))
    return normalizationStatistics(n, x, axis);
  return success();
}

/// InstanceNormalization = normalization over the spatial dims, then scale and bias per channel.
LogicalResult importInstanceNormalization(NodeImporter &n) {
  if (failed(requireInputs(n, 3, 3)))
    return failure();
  Value x = n.input(0);
  auto xt = typeOf(x);
  if (!xt.getElementType().isF32() || xt.getRank() < 3)
    return n.fail("expects a float32 input of rank 3 or more (N, C, spatial...)");
  int64_t channels = xt.getDimSize(1);
  SmallVector<int64_t> perChannel(xt.getRank() - 1, 1);
  perChannel[0] = channels;
  for (int i = 1; i < 3; ++i)
    if (typeOf(n.input(i)).getNumElements() != channels || typeOf(n.input(i)).getRank() != 1)
      return n.fail(std::string(i == 1 ? "scale" : "B") + " must have one value per channel (" +
                    std::to_string(channels) + ")");
  Value y = n.createWithType<edge::LayerNormOp>(
      x.getType(), {x},
      {n.namedAttr("axis", n.builder.getI64IntegerAttr(2)),
       n.namedAttr("epsilon", n.builder.getF32FloatAttr(n.attrFloat("epsilon", 1e-5f))),
       n.namedAttr("operandSegmentSizes", n.builder.getDenseI32ArrayAttr({1, 0, 0}))});
  Value scale = y ? reshaped(n, n.input(1), perChannel) : Value();
  y = binary(n, edge::BinaryKind::mul, y, scale);
  Value bias = y ? reshaped(n, n.input(2), perChannel) : Value();
  return n.setResult(binary(n, edge::BinaryKind::add, y, bias));
}

} // namespace edgec
