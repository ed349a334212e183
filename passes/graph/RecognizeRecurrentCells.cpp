// One LSTM step written out with primitives (what PyTorch exports for an LSTMCell, e.g. Silero
// VAD's opset-18 model) becomes one edge.recurrent of one time step:
//   gates = Gemm(x, W) + Gemm(h, R)            [B, 4H], each Gemm with an optional bias
//   four slices of H on the last axis -> three Sigmoid and one Tanh
//   c' = f * c + i * g,   h' = o * tanh(c')
// The gates are told apart by how they are used, not by their position (PyTorch orders them
// i, f, g, o; ONNX wants i, o, f, c): the Tanh gate g multiplies a Sigmoid gate, i; the other
// product adds f * c; the Sigmoid that multiplies tanh(c') is o. Weights and biases are then
// reordered to ONNX's gate order. It folds only when every intermediate value has no reader
// outside the cell, all float32, so the step computes exactly what the primitives did.
#include "passes/graph/RecognizeRecurrentCells.h"
#include "compiler/support/ConstantData.h"
#include "passes/graph/PatternHelpers.h"


using namespace mlir;

namespace edgec {
namespace {

RankedTensorType rankedOf(Value v) { return cast<RankedTensorType>(v.getType()); }

/// The only user of `v`, or null.
Operation *soleUser(Value v) { return v.hasOneUse() ? *v.getUsers().begin() : nullptr; }

/// The operand of the binary `op` that is not `known`, or null when neither or both are.
Value otherOperand(edge::BinaryOp op, Value known) {
  if (op.getLhs() == known && op.getRhs() != known)
    return op.getRhs();
  if (op.getRhs() == known && op.getLhs() != known)
    return op.getLhs();
  return {};
}

/// A float32 Gemm y = a * op(B) + C with a constant B, no transposed a, unit alpha/beta and
/// no fused activation; its weight rows (one per output column) and bias, as plain floats.
struct GemmWeights {
  Operation *gemm = nullptr;
  Value input;
  int64_t width = 0;        // columns of `input`
  std::vector<float> rows;  // [outputs, width]
  std::vector<float> bias;  // [outputs], zeros when the Gemm has none
};

std::optional<GemmWeights> gemmWeights(Value v, int64_t outputs) {
  auto gemm = v.getDefiningOp<edge::GemmOp>();
  if (!gemm || gemm.getTransA() || gemm.getAct() != edge::ActivationKind::none ||
      gemm.getAlpha().convertToDouble() != 1.0 || gemm.getBeta().convertToDouble() != 1.0)
    return std::nullopt;
  ElementsAttr b, c;
  if (!matchPattern(gemm.getB(), m_Constant(&b)) || !b.getElementType().isF32() || rankedOf(gemm.getA()).getRank() != 2)
    return std::nullopt;
  if (gemm.getC() && (!matchPattern(gemm.getC(), m_Constant(&c)) || !c.getElementType().isF32() ||
                      c.getNumElements() != outputs || rankedOf(gemm.getC()).getRank() > 1))
    return std::nullopt;
  GemmWeights w;
  w.gemm = gemm;
  w.input = gemm.getA();
  w.width = rankedOf(w.input).getDimSize(1);
  if (b.getNumElements() != outputs * w.width)
    return std::nullopt;
  std::vector<double> values = getConstantAsDoubles(b);
  w.rows.resize(values.size());
  for (int64_t o = 0; o < outputs; ++o)
    for (int64_t k = 0; k < w.width; ++k)
      w.rows[o * w.width + k] = static_cast<float>(gemm.getTransB() ? values[o * w.width + k] : values[k * outputs + o]);
  w.bias.assign(outputs, 0.0f);
  if (c) {
    std::vector<double> bias = getConstantAsDoubles(c);
    for (int64_t o = 0; o < outputs; ++o)
      w.bias[o] = static_cast<float>(bias[o]);
  }
  return w;
}

/// The `count` slices of width H that split `v` ([B, count*H]) on its last axis, by position,
/// or an empty list when `v` has another reader or the slices do not tile it exactly.
SmallVector<Value> gateSlices(Value v, int64_t count) {
  auto type = rankedOf(v);
  if (type.getRank() != 2 || type.getDimSize(1) % count != 0)
    return {};
  int64_t total = type.getDimSize(1);
  int64_t hidden = total / count;
  SmallVector<Value> gates(count);
  for (Operation *user : v.getUsers()) {
    auto slice = dyn_cast<edge::SliceOp>(user);
    if (!slice || slice.getAxes().size() != 1 || (slice.getAxes()[0] != 1 && slice.getAxes()[0] != -1) ||
        slice.getSteps()[0] != 1 || rankedOf(slice.getOutput()).getDimSize(1) != hidden)
      return {};
    int64_t start = slice.getStarts()[0] < 0 ? slice.getStarts()[0] + total : slice.getStarts()[0];
    if (start < 0 || start % hidden != 0 || start / hidden >= count || gates[start / hidden])
      return {};
    gates[start / hidden] = slice.getOutput();
  }
  if (llvm::any_of(gates, [](Value g) { return !g; }))
    return {};
  return gates;
}

/// The only user of `v` if it is a unary op (sigmoid or tanh) over all of it.
std::optional<edge::UnaryKind> gateActivation(Value v, Value &activated) {
  auto op = dyn_cast_or_null<edge::UnaryOp>(soleUser(v));
  if (!op || (op.getKind() != edge::UnaryKind::sigmoid && op.getKind() != edge::UnaryKind::tanh))
    return std::nullopt;
  activated = op.getOutput();
  return op.getKind();
}

size_t usesOf(Value v) { return static_cast<size_t>(std::distance(v.use_begin(), v.use_end())); }

/// The plain Mul or Add that is the only user of `v`, or null.
edge::BinaryOp soleBinaryUser(Value v, edge::BinaryKind kind) {
  auto op = dyn_cast_or_null<edge::BinaryOp>(soleUser(v));
  return op && op.getKind() == kind && op.getAct() == edge::ActivationKind::none ? op : edge::BinaryOp();
}

/// Rows [position*H, (position+1)*H) of each gate, in `order`, one after another.
std::vector<float> reorderGates(ArrayRef<float> rows, ArrayRef<int64_t> order, int64_t hidden, int64_t width) {
  std::vector<float> out;
  out.reserve(rows.size());
  for (int64_t position : order)
    out.insert(out.end(), rows.begin() + position * hidden * width, rows.begin() + (position + 1) * hidden * width);
  return out;
}

Value floatConstant(PatternRewriter &rewriter, Location loc, ArrayRef<int64_t> shape, ArrayRef<float> values,
                    StringRef name) {
  auto type = RankedTensorType::get(shape, rewriter.getF32Type());
  ArrayRef<char> bytes(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(float));
  return rewriter.create<edge::ConstantOp>(loc, type, makeConstant(type, bytes, name));
}

Value reshaped(PatternRewriter &rewriter, Location loc, Value v, ArrayRef<int64_t> shape) {
  return rewriter.create<edge::ReshapeOp>(loc, RankedTensorType::get(shape, rankedOf(v).getElementType()), v);
}

/// The name of a weight built from the cell: after the input Gemm's node when it has a name.
std::string weightName(const GemmWeights &wx, StringRef kind, StringRef what) {
  if (auto name = dyn_cast<NameLoc>(wx.gemm->getLoc()))
    return (name.getName().strref() + "." + what).str();
  return (kind + "_cell." + what).str();
}

/// Erases the cell's primitives, now unused, readers before what they read.
void eraseCell(PatternRewriter &rewriter, ArrayRef<Operation *> ops, ArrayRef<ArrayRef<Value>> values) {
  SmallVector<Operation *> pending(ops.begin(), ops.end());
  for (ArrayRef<Value> list : values)
    for (Value v : list)
      pending.push_back(v.getDefiningOp());
  while (!pending.empty()) {
    auto dead = llvm::find_if(pending, [](Operation *op) { return op->use_empty(); });
    assert(dead != pending.end() && "a cell value is still read outside the cell");
    rewriter.eraseOp(*dead);
    pending.erase(dead);
  }
}

/// An edge.recurrent of one forward step with ONNX's default activations for `kind`, reading
/// x [B, I] and the states [B, H]; the operands are reshaped to the op's time-major form.
/// `xOrder` and `hOrder` give, for each of ONNX's gates, its position in the two Gemms' outputs.
edge::RecurrentOp oneStep(PatternRewriter &rewriter, Location loc, StringRef kind, const GemmWeights &wx,
                          ArrayRef<int64_t> xOrder, const GemmWeights &wh, ArrayRef<int64_t> hOrder, Value c) {
  int64_t gates = static_cast<int64_t>(xOrder.size()), hidden = wh.width;
  int64_t batch = rankedOf(wx.input).getDimSize(0);
  std::vector<float> bias = reorderGates(wx.bias, xOrder, hidden, 1), rBias = reorderGates(wh.bias, hOrder, hidden, 1);
  bias.insert(bias.end(), rBias.begin(), rBias.end());
  Value w = floatConstant(rewriter, loc, {1, gates * hidden, wx.width}, reorderGates(wx.rows, xOrder, hidden, wx.width),
                          weightName(wx, kind, "W"));
  Value r = floatConstant(rewriter, loc, {1, gates * hidden, hidden}, reorderGates(wh.rows, hOrder, hidden, hidden),
                          weightName(wx, kind, "R"));
  Value b = floatConstant(rewriter, loc, {1, 2 * gates * hidden}, bias, weightName(wx, kind, "B"));
  Value x = reshaped(rewriter, loc, wx.input, {1, batch, wx.width});
  Value h0 = reshaped(rewriter, loc, wh.input, {1, batch, hidden});
  Value c0 = c ? reshaped(rewriter, loc, c, {1, batch, hidden}) : Value();

  bool lstm = kind == "lstm";
  auto state = RankedTensorType::get({1, batch, hidden}, rewriter.getF32Type());
  SmallVector<Type> types{RankedTensorType::get({1, 1, batch, hidden}, rewriter.getF32Type()), state};
  SmallVector<Value> operands{x, w, r, b, h0};
  if (lstm)
    types.push_back(state), operands.push_back(c0);
  SmallVector<StringRef> activations{"Sigmoid", "Tanh"};
  if (lstm)
    activations.push_back("Tanh");
  SmallVector<float> zeros(activations.size(), 0.0f);
  OperationState st(loc, edge::RecurrentOp::getOperationName());
  st.addOperands(operands);
  st.addTypes(types);
  st.addAttribute("kind", rewriter.getStringAttr(kind));
  st.addAttribute("direction", rewriter.getStringAttr("forward"));
  st.addAttribute("hidden_size", rewriter.getI64IntegerAttr(hidden));
  st.addAttribute("activations", rewriter.getStrArrayAttr(activations));
  st.addAttribute("activation_alpha", rewriter.getDenseF32ArrayAttr(zeros));
  st.addAttribute("activation_beta", rewriter.getDenseF32ArrayAttr(zeros));
  if (!lstm)
    st.addAttribute("linear_before_reset", rewriter.getBoolAttr(true));
  st.addAttribute("operandSegmentSizes", rewriter.getDenseI32ArrayAttr({1, 1, 1, 1, 0, 1, lstm ? 1 : 0, 0}));
  return cast<edge::RecurrentOp>(rewriter.create(st));
}

struct LstmCellFromPrimitives : OpRewritePattern<edge::BinaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::BinaryOp sum, PatternRewriter &rewriter) const override {
    if (sum.getKind() != edge::BinaryKind::add || sum.getAct() != edge::ActivationKind::none ||
        !rankedOf(sum.getOutput()).getElementType().isF32() || rankedOf(sum.getOutput()).getRank() != 2 ||
        sum.getLhs().getType() != sum.getType() || sum.getRhs().getType() != sum.getType())
      return rewriter.notifyMatchFailure(sum, "not a float32 sum of two [B, 4H] values");
    SmallVector<Value> slices = gateSlices(sum.getOutput(), 4);
    if (slices.empty())
      return rewriter.notifyMatchFailure(sum, "not split into four gates");
    int64_t batch = rankedOf(sum.getOutput()).getDimSize(0), hidden = rankedOf(slices[0]).getDimSize(1);

    // Activations: three sigmoids and one tanh (g).
    SmallVector<Value> act(4);
    int64_t g = -1;
    for (int64_t k = 0; k < 4; ++k) {
      auto kind = gateActivation(slices[k], act[k]);
      if (!kind || !act[k].hasOneUse())
        return rewriter.notifyMatchFailure(sum, "a gate is not a sigmoid or tanh read once");
      if (*kind == edge::UnaryKind::tanh) {
        if (g >= 0)
          return rewriter.notifyMatchFailure(sum, "two tanh gates");
        g = k;
      }
    }
    auto gatePosition = [&](Value v) -> int64_t {
      auto it = llvm::find(act, v);
      return it == act.end() ? -1 : it - act.begin();
    };
    if (g < 0)
      return rewriter.notifyMatchFailure(sum, "no tanh gate");
    // i * g
    auto ig = soleBinaryUser(act[g], edge::BinaryKind::mul);
    int64_t i = ig ? gatePosition(otherOperand(ig, act[g])) : -1;
    if (i < 0 || i == g)
      return rewriter.notifyMatchFailure(sum, "the tanh gate is not multiplied by a sigmoid gate");
    // c' = f * c + i * g
    auto cNew = soleBinaryUser(ig.getOutput(), edge::BinaryKind::add);
    auto fc = cNew ? otherOperand(cNew, ig.getOutput()).getDefiningOp<edge::BinaryOp>() : edge::BinaryOp();
    if (!fc || fc.getKind() != edge::BinaryKind::mul || fc.getAct() != edge::ActivationKind::none ||
        !fc->hasOneUse())
      return rewriter.notifyMatchFailure(sum, "i * g is not added to a product");
    int64_t f = gatePosition(fc.getLhs()) >= 0 ? gatePosition(fc.getLhs()) : gatePosition(fc.getRhs());
    Value c = f < 0 ? Value() : otherOperand(fc, act[f]);
    if (f < 0 || f == g || f == i || !c || gatePosition(c) >= 0 || c.getType() != cNew.getType() ||
        cNew.getType() != slices[0].getType())
      return rewriter.notifyMatchFailure(sum, "no f * c beside i * g");
    // h' = o * tanh(c')
    edge::BinaryOp hNew;
    Value cTanh;
    for (Operation *user : cNew.getOutput().getUsers())
      if (auto t = dyn_cast<edge::UnaryOp>(user); t && t.getKind() == edge::UnaryKind::tanh)
        cTanh = t.getOutput();
    if (cTanh)
      hNew = soleBinaryUser(cTanh, edge::BinaryKind::mul);
    int64_t o = hNew ? gatePosition(otherOperand(hNew, cTanh)) : -1;
    if (o < 0 || o == g || o == i || o == f || hNew.getType() != cNew.getType())
      return rewriter.notifyMatchFailure(sum, "c' is not squashed and gated by the last sigmoid");

    // The two Gemms: the one whose input is H wide is the recurrent one (when both are, either
    // works: one step of W x + R h is symmetric in the two).
    auto lhs = gemmWeights(sum.getLhs(), 4 * hidden), rhs = gemmWeights(sum.getRhs(), 4 * hidden);
    if (!lhs || !rhs || !sum.getLhs().hasOneUse() || !sum.getRhs().hasOneUse())
      return rewriter.notifyMatchFailure(sum, "the gates are not two Gemms by constant weights");
    if (rhs->width != hidden)
      std::swap(lhs, rhs);
    if (rhs->width != hidden)
      return rewriter.notifyMatchFailure(sum, "neither Gemm reads an H-wide state");
    GemmWeights &wx = *lhs, &wh = *rhs;

    // ONNX's LSTM gate order: i, o, f, c(= g). Built right before c', where x, h and c all exist.
    rewriter.setInsertionPoint(cNew);
    Location loc = sum.getLoc();
    auto cell = oneStep(rewriter, loc, "lstm", wx, {i, o, f, g}, wh, {i, o, f, g}, c);
    rewriter.replaceAllUsesWith(hNew.getOutput(), reshaped(rewriter, loc, cell.getYH(), {batch, hidden}));
    rewriter.replaceAllUsesWith(cNew.getOutput(), reshaped(rewriter, loc, cell.getYC()[0], {batch, hidden}));
    eraseCell(rewriter, {hNew, cTanh.getDefiningOp(), cNew, fc, ig, sum, sum.getLhs().getDefiningOp(),
                         sum.getRhs().getDefiningOp()},
              {act, slices});
    return success();
  }
};

/// The sigmoid of `gx_k + gh_k` for slices of the two Gemms' gates: their positions, or nullopt.
std::optional<std::pair<int64_t, int64_t>> summedGate(Value sigmoid, ArrayRef<Value> xs, ArrayRef<Value> hs) {
  auto op = sigmoid.getDefiningOp<edge::UnaryOp>();
  auto add = op && op.getKind() == edge::UnaryKind::sigmoid ? binaryOf(op.getInput(), edge::BinaryKind::add)
                                                            : edge::BinaryOp();
  if (!add || !add->hasOneUse())
    return std::nullopt;
  for (auto [a, b] : {std::pair(add.getLhs(), add.getRhs()), std::pair(add.getRhs(), add.getLhs())}) {
    auto x = llvm::find(xs, a), h = llvm::find(hs, b);
    if (x != xs.end() && h != hs.end())
      return std::pair(x - xs.begin(), h - hs.begin());
  }
  return std::nullopt;
}

/// One GRU step written with primitives, in PyTorch's GRUCell form (ONNX GRU with
/// linear_before_reset = 1; PyTorch orders the gates r, z, n, ONNX z, r, h):
///   r = sigmoid(x_r + h_r),  z = sigmoid(x_z + h_z),  n = tanh(x_n + r * h_n)
///   h' = n + z * (h - n)   (ATen's form)   or   h' = (1 - z) * n + z * h
/// where x_* and h_* are the three slices of Gemm(x, W) and Gemm(h, R). Rooted at n's tanh.
struct GruCellFromPrimitives : OpRewritePattern<edge::UnaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(edge::UnaryOp n, PatternRewriter &rewriter) const override {
    auto nIn = n.getKind() == edge::UnaryKind::tanh ? binaryOf(n.getInput(), edge::BinaryKind::add) : edge::BinaryOp();
    if (!nIn || !nIn->hasOneUse() || !rankedOf(n.getOutput()).getElementType().isF32() ||
        rankedOf(n.getOutput()).getRank() != 2)
      return rewriter.notifyMatchFailure(n, "not a float32 tanh of a sum");
    // x_n + r * h_n, either way round.
    edge::BinaryOp rh = binaryOf(nIn.getRhs(), edge::BinaryKind::mul);
    Value xn = nIn.getLhs();
    if (!rh)
      rh = binaryOf(nIn.getLhs(), edge::BinaryKind::mul), xn = nIn.getRhs();
    auto xnSlice = xn.getDefiningOp<edge::SliceOp>();
    if (!rh || !rh->hasOneUse() || !xnSlice)
      return rewriter.notifyMatchFailure(n, "not x_n + r * h_n");
    Value gatesX = xnSlice.getInput();
    SmallVector<Value> xs = gateSlices(gatesX, 3);
    SmallVector<Value> hs;
    Value r;
    for (auto [a, b] : {std::pair(rh.getLhs(), rh.getRhs()), std::pair(rh.getRhs(), rh.getLhs())})
      if (auto slice = b.getDefiningOp<edge::SliceOp>(); slice && !hs.size() && a.hasOneUse()) {
        hs = gateSlices(slice.getInput(), 3);
        r = a;
        if (hs.empty() || !summedGate(r, xs, hs))
          hs.clear();
      }
    if (xs.empty() || hs.empty() || hs[0].getType() != n.getType())
      return rewriter.notifyMatchFailure(n, "the gates are not two three-way splits");
    int64_t nx = llvm::find(xs, xn) - xs.begin(), nh = llvm::find(hs, rh.getLhs() == r ? rh.getRhs() : rh.getLhs()) - hs.begin();
    auto [rx, rhPos] = *summedGate(r, xs, hs);
    if (nx == rx || nh == rhPos || nh >= 3)
      return rewriter.notifyMatchFailure(n, "r and n share a gate");
    int64_t zx = 3 - nx - rx, zh = 3 - nh - rhPos;
    // z: the sigmoid of the two remaining slices.
    Value z;
    if (auto add = dyn_cast_or_null<edge::BinaryOp>(soleUser(xs[zx])))
      if (auto sig = dyn_cast_or_null<edge::UnaryOp>(add->hasOneUse() ? soleUser(add.getOutput()) : nullptr))
        z = sig.getOutput();
    auto zPos = z ? summedGate(z, xs, hs) : std::nullopt;
    if (!zPos || zPos->first != zx || zPos->second != zh)
      return rewriter.notifyMatchFailure(n, "no z gate from the remaining slices");
    for (Value v : llvm::concat<Value>(xs, hs))
      if (!v.hasOneUse())
        return rewriter.notifyMatchFailure(n, "a gate slice is read twice");

    Value gatesH = hs[0].getDefiningOp<edge::SliceOp>().getInput();
    int64_t hidden = rankedOf(hs[0]).getDimSize(1);
    auto gx = gemmWeights(gatesX, 3 * hidden), gh = gemmWeights(gatesH, 3 * hidden);
    if (!gx || !gh || gh->width != hidden || gatesX == gatesH)
      return rewriter.notifyMatchFailure(n, "the gates are not two Gemms by constant weights");
    Value h = gh->input;

    // The blend: n + z * (h - n), or (1 - z) * n + z * h.
    SmallVector<Operation *> blend;
    Value hNew;
    for (Operation *user : n.getOutput().getUsers())
      if (auto d = dyn_cast<edge::BinaryOp>(user); d && d.getKind() == edge::BinaryKind::sub && d.getLhs() == h &&
                                                    d.getRhs() == n.getOutput() && d->hasOneUse() &&
                                                    d.getAct() == edge::ActivationKind::none) {
        auto zd = soleBinaryUser(d.getOutput(), edge::BinaryKind::mul);
        auto out = zd && otherOperand(zd, d.getOutput()) == z ? soleBinaryUser(zd.getOutput(), edge::BinaryKind::add)
                                                               : edge::BinaryOp();
        if (out && otherOperand(out, zd.getOutput()) == n.getOutput() && usesOf(n.getOutput()) == 2 && z.hasOneUse())
          blend = {out, zd, d}, hNew = out.getOutput();
      }
    if (!hNew && n->hasOneUse() && usesOf(z) == 2) {
      auto zn = soleBinaryUser(n.getOutput(), edge::BinaryKind::mul);
      auto oneMinusZ = zn ? binaryOf(otherOperand(zn, n.getOutput()), edge::BinaryKind::sub) : edge::BinaryOp();
      auto out = zn ? soleBinaryUser(zn.getOutput(), edge::BinaryKind::add) : edge::BinaryOp();
      auto zh = out ? binaryOf(otherOperand(out, zn.getOutput()), edge::BinaryKind::mul) : edge::BinaryOp();
      if (oneMinusZ && oneMinusZ.getRhs() == z && isSplatOf(oneMinusZ.getLhs(), 1.0) && oneMinusZ->hasOneUse() && zh &&
          zh->hasOneUse() && otherOperand(zh, z) == h)
        blend = {out, zn, zh, oneMinusZ}, hNew = out.getOutput();
    }
    if (!hNew || hNew.getType() != n.getType())
      return rewriter.notifyMatchFailure(n, "h' is not n + z * (h - n) or (1 - z) * n + z * h");

    // ONNX's GRU gate order: z, r, h(= n), for W and R separately.
    rewriter.setInsertionPoint(hNew.getDefiningOp());
    auto cell = oneStep(rewriter, n.getLoc(), "gru", *gx, {zx, rx, nx}, *gh, {zh, rhPos, nh}, {});
    int64_t batch = rankedOf(hNew).getDimSize(0);
    rewriter.replaceAllUsesWith(hNew, reshaped(rewriter, n.getLoc(), cell.getYH(), {batch, hidden}));
    blend.append({n, nIn, rh, r.getDefiningOp(), r.getDefiningOp()->getOperand(0).getDefiningOp(), z.getDefiningOp(),
                  z.getDefiningOp()->getOperand(0).getDefiningOp()});
    eraseCell(rewriter, blend, {xs, hs});
    rewriter.eraseOp(gatesX.getDefiningOp());
    rewriter.eraseOp(gatesH.getDefiningOp());
    return success();
  }
};

} // namespace

void populateRecurrentCellPatterns(RewritePatternSet &patterns) {
  patterns.add<LstmCellFromPrimitives, GruCellFromPrimitives>(patterns.getContext());
}

} // namespace edgec
