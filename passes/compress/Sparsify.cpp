// edge-sparsify: magnitude sparsification of Conv/Gemm/MatMul weights to N:M or to blocks
// (--sparsity), in the order the kernels reduce: a filter's row is one output channel, its
// columns (tap, input channel) as channels-last kernels read them, a Gemm's row one output
// feature. kernel-pack-sparse later stores the zeros in the format that costs least.
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"
#include "compiler/support/SparseFormats.h"
#include "passes/Passes.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_EDGESPARSIFY
#include "passes/Passes.h.inc"

namespace {

/// A float weight seen as a [rows, cols] matrix in the kernels' reduction order: `index[r *
/// cols + c]` is the element's position in the constant.
struct WeightMatrix {
  Value weight;
  int64_t rows = 0, cols = 0;
  std::vector<int64_t> index;
};

/// Conv filter O x I x taps (NCHW): row o, column tap * I + i.
WeightMatrix convMatrix(Value filter) {
  auto shape = cast<ShapedType>(filter.getType()).getShape();
  WeightMatrix m{filter, shape[0], 0, {}};
  int64_t in = shape[1], taps = 1;
  for (int64_t d : shape.drop_front(2))
    taps *= d;
  m.cols = in * taps;
  for (int64_t o = 0; o < m.rows; ++o)
    for (int64_t t = 0; t < taps; ++t)
      for (int64_t i = 0; i < in; ++i)
        m.index.push_back((o * in + i) * taps + t);
  return m;
}

/// Gemm/MatMul B as [N, K]: row n, column k (B is [K, N] unless transposed).
WeightMatrix fcMatrix(Value b, bool transposed) {
  auto shape = cast<ShapedType>(b.getType()).getShape();
  int64_t n = transposed ? shape[0] : shape[1], k = transposed ? shape[1] : shape[0];
  WeightMatrix m{b, n, k, {}};
  for (int64_t r = 0; r < n; ++r)
    for (int64_t c = 0; c < k; ++c)
      m.index.push_back(transposed ? r * k + c : c * n + r);
  return m;
}

/// The float weight matrices this pass sparsifies, with the op that reads each.
std::vector<std::pair<Operation *, WeightMatrix>> weightMatrices(func::FuncOp func) {
  std::vector<std::pair<Operation *, WeightMatrix>> out;
  auto isFloatConstant = [](Value v) {
    return v && matchPattern(v, m_Constant()) && cast<ShapedType>(v.getType()).getElementType().isF32();
  };
  func.walk([&](Operation *op) {
    if (auto conv = dyn_cast<edge::ConvOp>(op)) {
      if (conv.getGroup() == 1 && isFloatConstant(conv.getFilter()))
        out.push_back({op, convMatrix(conv.getFilter())});
    } else if (auto gemm = dyn_cast<edge::GemmOp>(op)) {
      if (!gemm.getTransA() && isFloatConstant(gemm.getB()))
        out.push_back({op, fcMatrix(gemm.getB(), gemm.getTransB())});
    } else if (auto mm = dyn_cast<edge::MatMulOp>(op)) {
      if (cast<ShapedType>(mm.getB().getType()).getRank() == 2 && isFloatConstant(mm.getB()))
        out.push_back({op, fcMatrix(mm.getB(), false)});
    }
  });
  return out;
}

struct EdgeSparsifyPass : impl::EdgeSparsifyBase<EdgeSparsifyPass> {
  using EdgeSparsifyBase::EdgeSparsifyBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string text = pattern;
    if (auto request = module->getAttrOfType<DictionaryAttr>("edgec.sparsity"))
      if (auto p = request.getAs<StringAttr>("pattern"))
        text = p.getValue().str();
    if (text.empty())
      return;
    std::optional<SparsityPattern> parsed = SparsityPattern::parse(text);
    if (!parsed) {
      module.emitError() << "--sparsity expects 2:4, 4:8 (any N:M up to 16), block:RxC or auto, got '" << text
                         << "'";
      return signalPassFailure();
    }
    if (parsed->kind == SparsityPattern::Auto)
      return;
    for (auto func : module.getOps<func::FuncOp>())
      for (auto &[op, m] : weightMatrices(func)) {
        ElementsAttr attr;
        matchPattern(m.weight, m_Constant(&attr));
        std::vector<double> values = getConstantAsDoubles(attr);
        std::vector<float> matrix(m.index.size());
        for (size_t i = 0; i < m.index.size(); ++i)
          matrix[i] = static_cast<float>(values[m.index[i]]);
        if (parsed->kind == SparsityPattern::NM)
          sparsifyNM(matrix, m.rows, m.cols, parsed->n, parsed->m);
        else
          sparsifyBlocks(matrix, m.rows, m.cols, parsed->br, parsed->bc, 0.5);
        for (size_t i = 0; i < m.index.size(); ++i)
          values[m.index[i]] = matrix[i];
        auto type = cast<ShapedType>(m.weight.getType());
        OpBuilder b(op);
        auto sparse = b.create<edge::ConstantOp>(
            m.weight.getLoc(), type, makeConstantFromDoubles(type, values, nodeName(op->getLoc()) + ".sparse"));
        op->replaceUsesOfWith(m.weight, sparse);
        if (Operation *old = m.weight.getDefiningOp(); old && old->use_empty())
          old->erase();
      }
  }
};

} // namespace
} // namespace edgec
