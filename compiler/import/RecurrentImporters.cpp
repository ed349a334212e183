// Importers of the recurrent layers: ONNX LSTM, GRU and RNN (float32) become one
// edge.recurrent each. The batch-major layout (layout = 1) becomes transposes around the
// op, which works time-major; activation names and their alpha/beta are resolved here.
#include "compiler/import/NodeImporter.h"

#include "mlir/IR/Verifier.h"

using namespace mlir;

namespace edgec {
namespace {

struct ActivationInfo {
  StringRef name;
  bool hasAlpha, hasBeta;
  float alpha, beta; // ONNX's defaults of the activation op of that name
};

const ActivationInfo kActivations[] = {
    {"Sigmoid", false, false, 0, 0},        {"Tanh", false, false, 0, 0},
    {"Relu", false, false, 0, 0},           {"HardSigmoid", true, true, 0.2f, 0.5f},
    {"LeakyRelu", true, false, 0.01f, 0},   {"Affine", true, true, 1.0f, 0.0f},
    {"ScaledTanh", true, true, 1.0f, 1.0f}, {"Elu", true, false, 1.0f, 0},
    {"Softsign", false, false, 0, 0},       {"Softplus", false, false, 0, 0},
    {"ThresholdedRelu", true, false, 1.0f, 0},
};

const ActivationInfo *findActivation(StringRef name) {
  for (const ActivationInfo &a : kActivations)
    if (a.name.equals_insensitive(name))
      return &a;
  return nullptr;
}

Value transposed(NodeImporter &n, Value x, ArrayRef<int64_t> perm) {
  return n.create<edge::TransposeOp>({x}, {n.namedAttr("perm", n.builder.getDenseI64ArrayAttr(perm))});
}

/// `kind` is "lstm", "gru" or "rnn".
LogicalResult importRecurrent(NodeImporter &n, StringRef kind) {
  bool lstm = kind == "lstm", gru = kind == "gru";
  int maxInputs = lstm ? 8 : 6;
  if (failed(requireInputs(n, 3, maxInputs)))
    return failure();
  Value x = n.input(0), w = n.input(1), r = n.input(2);
  for (Value v : {x, w, r})
    if (typeOf(v).getRank() != 3 || !typeOf(v).getElementType().isF32())
      return n.fail("expects float32 X, W and R of rank 3");
  int64_t layout = n.attrInt("layout", 0);
  if (layout != 0 && layout != 1)
    return n.fail("layout must be 0 or 1, got " + std::to_string(layout));
  std::string direction = n.attrString("direction", "forward");
  if (direction != "forward" && direction != "reverse" && direction != "bidirectional")
    return n.fail("unknown direction '" + direction + "'");
  int64_t dirs = direction == "bidirectional" ? 2 : 1;
  int64_t gates = lstm ? 4 : gru ? 3 : 1;
  int64_t hidden = typeOf(r).getDimSize(2);
  if (n.hasAttr("hidden_size") && n.attrInt("hidden_size", 0) != hidden)
    return n.fail("hidden_size " + std::to_string(n.attrInt("hidden_size", 0)) + " disagrees with R's shape");
  if (typeOf(w).getDimSize(0) != dirs || typeOf(w).getDimSize(1) != gates * hidden)
    return n.fail("W must be [" + std::to_string(dirs) + ", " + std::to_string(gates * hidden) + ", input]");
  if (n.hasAttr("output_sequence") && n.attrInt("output_sequence", 0) == 0 && n.outputUsed(0))
    return n.fail("output_sequence = 0 (opset 1) with Y used is not supported");

  // Activations: every direction's, names case-insensitive; alpha and beta are consumed in
  // order by the activations that take them, ONNX's defaults where the lists run out.
  size_t perDir = lstm ? 3 : gru ? 2 : 1;
  SmallVector<std::string> names;
  if (const onnx::AttributeProto *a = n.findAttr("activations")) {
    for (const std::string &s : a->strings())
      names.push_back(s);
    if (dirs == 2 && names.size() == perDir) // one set for both directions
      names.append(SmallVector<std::string>(names));
  } else {
    SmallVector<std::string> defaults = lstm ? SmallVector<std::string>{"Sigmoid", "Tanh", "Tanh"}
                                        : gru ? SmallVector<std::string>{"Sigmoid", "Tanh"}
                                              : SmallVector<std::string>{"Tanh"};
    for (int64_t d = 0; d < dirs; ++d)
      names.append(defaults);
  }
  if (names.size() != perDir * dirs)
    return n.fail("expects " + std::to_string(perDir * dirs) + " activations, got " + std::to_string(names.size()));
  std::vector<float> alphaList, betaList;
  if (const onnx::AttributeProto *a = n.findAttr("activation_alpha"))
    alphaList.assign(a->floats().begin(), a->floats().end());
  if (const onnx::AttributeProto *a = n.findAttr("activation_beta"))
    betaList.assign(a->floats().begin(), a->floats().end());
  SmallVector<Attribute> activations;
  SmallVector<float> alphas, betas;
  size_t nextAlpha = 0, nextBeta = 0;
  for (const std::string &name : names) {
    const ActivationInfo *info = findActivation(name);
    if (!info)
      return n.fail("activation '" + name +
                    "' is not supported (Sigmoid, Tanh, Relu, HardSigmoid, LeakyRelu, Affine, ScaledTanh, Elu, "
                    "Softsign, Softplus, ThresholdedRelu are)");
    float alpha = info->alpha, beta = info->beta;
    if (info->hasAlpha && nextAlpha < alphaList.size())
      alpha = alphaList[nextAlpha++];
    if (info->hasBeta && nextBeta < betaList.size())
      beta = betaList[nextBeta++];
    activations.push_back(n.builder.getStringAttr(info->name));
    alphas.push_back(alpha);
    betas.push_back(beta);
  }

  // Optional inputs; time-major for the op.
  Value b = n.input(3), seqLens = n.input(4), h0 = n.input(5);
  Value c0 = lstm ? n.input(6) : Value(), p = lstm ? n.input(7) : Value();
  if (layout == 1) {
    x = transposed(n, x, {1, 0, 2});
    if (h0)
      h0 = transposed(n, h0, {1, 0, 2});
    if (c0)
      c0 = transposed(n, c0, {1, 0, 2});
    if (!x || (n.input(5) && !h0) || (lstm && n.input(6) && !c0))
      return failure();
  }
  if (seqLens && !typeOf(seqLens).getElementType().isInteger(32))
    return n.fail("sequence_lens must be int32");
  auto xt = typeOf(x);
  int64_t seq = xt.getDimSize(0), batch = xt.getDimSize(1);
  Type f32 = xt.getElementType();
  auto state = RankedTensorType::get({dirs, batch, hidden}, f32);
  // Y and the kernel's scratch (every step's input projections) grow past the inputs' sizes.
  if (failed(checkTensorSize(n.loc, "output 'Y'", {seq, dirs, batch, hidden}, f32, n.limit)) ||
      failed(checkTensorSize(n.loc, "the input projections", {seq, batch, gates * hidden}, f32, n.limit)))
    return failure();
  SmallVector<Type> types{RankedTensorType::get({seq, dirs, batch, hidden}, f32), state};
  if (lstm)
    types.push_back(state);
  SmallVector<Value> operands{x, w, r};
  for (Value v : {b, seqLens, h0, c0, p})
    if (v)
      operands.push_back(v);
  SmallVector<NamedAttribute> attrs{
      n.namedAttr("kind", n.builder.getStringAttr(kind)),
      n.namedAttr("direction", n.builder.getStringAttr(direction)),
      n.namedAttr("hidden_size", n.builder.getI64IntegerAttr(hidden)),
      n.namedAttr("activations", n.builder.getArrayAttr(activations)),
      n.namedAttr("activation_alpha", n.builder.getDenseF32ArrayAttr(alphas)),
      n.namedAttr("activation_beta", n.builder.getDenseF32ArrayAttr(betas)),
      n.namedAttr("operandSegmentSizes",
                  n.builder.getDenseI32ArrayAttr({1, 1, 1, b ? 1 : 0, seqLens ? 1 : 0, h0 ? 1 : 0, c0 ? 1 : 0,
                                                  p ? 1 : 0}))};
  if (n.hasAttr("clip"))
    attrs.push_back(n.namedAttr("clip", n.builder.getF32FloatAttr(n.attrFloat("clip", 0))));
  if (lstm && n.attrInt("input_forget", 0) != 0)
    attrs.push_back(n.namedAttr("input_forget", n.builder.getBoolAttr(true)));
  if (gru && n.attrInt("linear_before_reset", 0) != 0)
    attrs.push_back(n.namedAttr("linear_before_reset", n.builder.getBoolAttr(true)));

  OperationState st(n.loc, edge::RecurrentOp::getOperationName());
  st.addOperands(operands);
  st.addAttributes(attrs);
  st.addTypes(types);
  Operation *op = n.builder.create(st);
  if (failed(mlir::verify(op))) {
    op->erase();
    return failure();
  }
  auto rec = cast<edge::RecurrentOp>(op);
  Value y = rec.getY(), yh = rec.getYH(), yc = lstm ? rec.getYC()[0] : Value();
  if (layout == 1) {
    // Y [seq, dirs, batch, hidden] -> [batch, seq, dirs, hidden]; states -> [batch, dirs, hidden].
    if (n.outputUsed(0))
      y = transposed(n, y, {2, 0, 1, 3});
    if (n.outputUsed(1))
      yh = transposed(n, yh, {1, 0, 2});
    if (lstm && n.outputUsed(2))
      yc = transposed(n, yc, {1, 0, 2});
    if (!y || !yh || (lstm && !yc))
      return failure();
  }
  // (With layout 1 an unread output keeps no time-major value.)
  if (layout == 0 || n.outputUsed(0))
    n.setOutput(0, y);
  if (layout == 0 || n.outputUsed(1))
    n.setOutput(1, yh);
  if (lstm && (layout == 0 || n.outputUsed(2)))
    n.setOutput(2, yc);
  return success();
}

} // namespace

LogicalResult importLSTM(NodeImporter &n) { return importRecurrent(n, "lstm"); }
LogicalResult importGRU(NodeImporter &n) { return importRecurrent(n, "gru"); }
LogicalResult importRNN(NodeImporter &n) { return importRecurrent(n, "rnn"); }

} // namespace edgec
