// edge-prepare-quantization: shape the float graph so each quantized op has an integer kernel,
// before calibration observes it.
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"
#include "passes/Passes.h"
#include "passes/compress/QuantTypes.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_EDGEPREPAREQUANTIZATION
#include "passes/Passes.h.inc"

namespace {

/// The unary op computing a fused activation that is not a clamp (int8 kernels clamp only).
std::optional<edge::UnaryKind> unfusedKind(edge::ActivationKind act) {
  switch (act) {
  case edge::ActivationKind::sigmoid: return edge::UnaryKind::sigmoid;
  case edge::ActivationKind::tanh: return edge::UnaryKind::tanh;
  case edge::ActivationKind::leaky_relu: return edge::UnaryKind::leaky_relu;
  case edge::ActivationKind::hard_sigmoid: return edge::UnaryKind::hard_sigmoid;
  case edge::ActivationKind::hard_swish: return edge::UnaryKind::hard_swish;
  default: return std::nullopt;
  }
}

/// conv(act = hard_swish) -> hard_swish(conv): the conv becomes int8, the activation a table,
/// and calibration sees the range between them.
void unfuseActivation(Operation *op, OpBuilder &b) {
  auto act = op->getAttrOfType<edge::ActivationKindAttr>("act");
  std::optional<edge::UnaryKind> kind = act ? unfusedKind(act.getValue()) : std::nullopt;
  if (!kind)
    return;
  auto alpha = op->getAttrOfType<FloatAttr>("act_alpha"), beta = op->getAttrOfType<FloatAttr>("act_beta");
  alpha = alpha ? alpha : b.getF32FloatAttr(0);
  beta = beta ? beta : b.getF32FloatAttr(0);
  b.setInsertionPointAfter(op);
  Value result = op->getResult(0);
  auto unary = b.create<edge::UnaryOp>(op->getLoc(), result.getType(), edge::UnaryKindAttr::get(b.getContext(), *kind),
                                       result, alpha, beta);
  result.replaceAllUsesExcept(unary, unary);
  op->setAttr("act", edge::ActivationKindAttr::get(b.getContext(), edge::ActivationKind::none));
  op->setAttr("act_alpha", b.getF32FloatAttr(0));
  op->setAttr("act_beta", b.getF32FloatAttr(0));
  // The activation keeps the layout facts of the value it now produces.
  if (Attribute layout = op->getAttr("edgec.layout"))
    unary->setAttr("edgec.layout", layout);
}

/// A constant [K, N] transposed to [N, K] (what the integer fully connected kernel reads).
Value transposedConstant(OpBuilder &b, Location loc, ElementsAttr w) {
  auto type = cast<ShapedType>(w.getType());
  int64_t k = type.getDimSize(0), n = type.getDimSize(1);
  std::vector<double> values = getConstantAsDoubles(w), out(values.size());
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < n; ++j)
      out[j * k + i] = values[i * n + j];
  auto outType = RankedTensorType::get({n, k}, type.getElementType());
  return b.create<edge::ConstantOp>(loc, outType, makeConstantFromDoubles(outType, out, nodeName(loc) + ".weights_t"));
}

/// matmul(a, constant B [K, N]) and gemm(a, B [K, N]) become gemm(a2d, B^T, trans_b), with
/// reshapes around it when a has batch dims: the integer fully connected kernel.
void toFullyConnected(Operation *op, OpBuilder &b) {
  Value a, bias;
  ElementsAttr w;
  auto gemm = dyn_cast<edge::GemmOp>(op);
  if (auto mm = dyn_cast<edge::MatMulOp>(op)) {
    auto at = cast<ShapedType>(mm.getA().getType());
    if (at.getRank() < 2 || !matchPattern(mm.getB(), m_Constant(&w)) || cast<ShapedType>(w.getType()).getRank() != 2)
      return;
    a = mm.getA();
  } else if (gemm && !gemm.getTransA() && !gemm.getTransB() && matchPattern(gemm.getB(), m_Constant(&w)) &&
             gemm.getAlpha().convertToFloat() == 1.0f && gemm.getBeta().convertToFloat() == 1.0f) {
    a = gemm.getA();
    bias = gemm.getC();
  } else {
    return;
  }
  if (!cast<ShapedType>(w.getType()).getElementType().isF32())
    return;
  Location loc = op->getLoc();
  b.setInsertionPoint(op);
  auto at = cast<ShapedType>(a.getType());
  int64_t k = at.getShape().back(), rows = at.getNumElements() / std::max<int64_t>(k, 1);
  Value a2 = a;
  if (at.getRank() != 2)
    a2 = b.create<edge::ReshapeOp>(loc, RankedTensorType::get({rows, k}, at.getElementType()), a);
  Value wt = transposedConstant(b, loc, w);
  int64_t n = cast<ShapedType>(w.getType()).getDimSize(1);
  auto resultType = RankedTensorType::get({rows, n}, at.getElementType());
  SmallVector<Value> operands{a2, wt};
  if (bias)
    operands.push_back(bias);
  auto fc = b.create<edge::GemmOp>(loc, resultType, operands);
  fc.setTransB(true);
  for (StringRef name : {"act", "act_alpha", "act_beta"})
    if (Attribute attr = op->getAttr(name))
      fc->setAttr(name, attr);
  Value result = fc;
  if (op->getResult(0).getType() != resultType)
    result = b.create<edge::ReshapeOp>(loc, op->getResult(0).getType(), fc);
  op->getResult(0).replaceAllUsesWith(result);
  op->erase();
}

struct EdgePrepareQuantizationPass : impl::EdgePrepareQuantizationBase<EdgePrepareQuantizationPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!module->hasAttr("edgec.quantize"))
      return;
    // Calibration runs one side of a run-time If per sample, so the other side's ranges would
    // come from some samples only, or none.
    WalkResult runTimeIf = module.walk([&](edge::SelectOp select) {
      if (nodeOpType(select.getLoc()) != "If")
        return WalkResult::advance();
      select.emitError("a run-time If cannot be quantized yet (calibration sees only the branch each sample "
                       "takes): fix its condition with --bind, or compile in float");
      return WalkResult::interrupt();
    });
    if (runTimeIf.wasInterrupted())
      return signalPassFailure();
    OpBuilder b(module.getContext());
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (isa<edge::ConvOp, edge::GemmOp, edge::MatMulOp, edge::BinaryOp, edge::PoolOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      unfuseActivation(op, b);
      toFullyConnected(op, b);
    }
  }
};

} // namespace
} // namespace edgec
