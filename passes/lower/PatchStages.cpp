// kernel-patch-stages: runs the first chain of spatial kernels patch by patch (MCUNetV2's
// patch-based inference), so its full-resolution intermediates never exist at once.
#include "compiler/support/ConstantData.h"
#include "passes/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_KERNELPATCHSTAGES
#include "passes/Passes.h.inc"

namespace {

/// A half-open range of rows or columns.
struct Span {
  int64_t begin = 0, end = 0;
  int64_t size() const { return end - begin; }
};

/// What one kernel of the stage reads and writes for one patch, along rows and columns.
struct LayerRegion {
  Span in[2], out[2];
  int64_t padBegin[2] = {0, 0}, padEnd[2] = {0, 0};
};

/// The window of a spatial kernel along its two spatial dims; identity for elementwise ones.
struct Window {
  int64_t kernel[2] = {1, 1}, stride[2] = {1, 1}, dilation[2] = {1, 1}, padBegin[2] = {0, 0};
};

bool isRank4(Value v) { return cast<MemRefType>(v.getType()).getRank() == 4; }

/// The stage kernels: 2-d conv and pool (channels-last, rank 4) and elementwise kernels on
/// one activation; std::nullopt for anything else (it ends the chain).
std::optional<Window> windowOf(Operation *op) {
  Window w;
  if (auto conv = dyn_cast<kernel::ConvOp>(op)) {
    if (!isRank4(conv.getInput()))
      return std::nullopt;
    auto filter = cast<MemRefType>(conv.getFilter().getType()).getShape();
    for (int d = 0; d < 2; ++d) {
      w.kernel[d] = filter[1 + d];
      w.stride[d] = conv.getStrides()[d];
      w.dilation[d] = conv.getDilations()[d];
      w.padBegin[d] = conv.getPads()[d];
    }
    return w;
  }
  if (auto pool = dyn_cast<kernel::PoolOp>(op)) {
    if (!isRank4(pool.getInput()))
      return std::nullopt;
    for (int d = 0; d < 2; ++d) {
      w.kernel[d] = pool.getKernelShape()[d];
      w.stride[d] = pool.getStrides()[d];
      w.dilation[d] = pool.getDilations()[d];
      w.padBegin[d] = pool.getPads()[d];
    }
    return w;
  }
  if (isa<kernel::UnaryOp, kernel::RequantizeOp, kernel::LookupOp>(op) && isRank4(op->getOperand(0)) &&
      op->getOperand(0).getType() == op->getOperands().back().getType())
    return w;
  return std::nullopt;
}

/// The activation a stage kernel reads (the others are weights).
Value activationOf(Operation *op) { return op->getOperand(0); }
Value outputOf(Operation *op) { return op->getOperands().back(); }

/// The longest chain (at most `limit` kernels) starting at the first spatial kernel of the
/// schedule: each kernel is the next call, reads the previous output, which nothing else uses.
SmallVector<Operation *> findChain(func::FuncOp func, int64_t limit) {
  SmallVector<Operation *> calls;
  for (Operation &op : func.getBody().front())
    if (kernel::isKernelCall(&op))
      calls.push_back(&op);
  SmallVector<Operation *> chain;
  size_t i = 0;
  while (i < calls.size() && !(isa<kernel::ConvOp, kernel::PoolOp>(calls[i]) && windowOf(calls[i])))
    ++i;
  for (; i < calls.size() && static_cast<int64_t>(chain.size()) < limit; ++i) {
    Operation *op = calls[i];
    if (!windowOf(op) || !outputOf(op).getDefiningOp<memref::AllocOp>())
      break;
    if (!chain.empty()) {
      Value prev = outputOf(chain.back());
      // Two uses: the previous kernel writes it, this one reads it (and nothing else).
      if (activationOf(op) != prev || std::distance(prev.use_begin(), prev.use_end()) != 2)
        break;
    }
    chain.push_back(op);
  }
  return chain;
}

/// Rows [b, e) split into `n` near-equal parts, part k.
Span part(int64_t size, int64_t n, int64_t k) { return {size * k / n, size * (k + 1) / n}; }

struct KernelPatchStagesPass : impl::KernelPatchStagesBase<KernelPatchStagesPass> {
  using KernelPatchStagesBase::KernelPatchStagesBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    int64_t wantLayers = layers, wantGrid = grid;
    if (auto request = module->getAttrOfType<DictionaryAttr>("edgec.patch")) {
      if (auto l = request.getAs<IntegerAttr>("layers"))
        wantLayers = l.getInt();
      if (auto g = request.getAs<IntegerAttr>("grid"))
        wantGrid = g.getInt();
    }
    if (wantLayers < 2 || wantGrid < 1)
      return;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal() && failed(patch(func, wantLayers, wantGrid)))
        return signalPassFailure();
  }

  LogicalResult patch(func::FuncOp func, int64_t wantLayers, int64_t wantGrid) {
    SmallVector<Operation *> chain = findChain(func, wantLayers);
    if (chain.size() < 2)
      return success(); // nothing to gain: a single kernel needs its input and output whole
    auto lastOut = cast<MemRefType>(outputOf(chain.back()).getType()).getShape();
    int64_t rows = std::min(wantGrid, lastOut[1]), cols = std::min(wantGrid, lastOut[2]);
    int64_t n = static_cast<int64_t>(chain.size());

    // Backwards from each patch of the last output: the region each kernel reads, with its
    // real padding where the region reaches past the tensor's border.
    SmallVector<int64_t> regions;
    SmallVector<int64_t> maxBytes(n + 1, 0); // [0]: stage input patch, [l + 1]: output of kernel l
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c) {
        SmallVector<LayerRegion> layerRegions(n);
        Span want[2] = {part(lastOut[1], rows, r), part(lastOut[2], cols, c)};
        for (int64_t l = n - 1; l >= 0; --l) {
          Window w = *windowOf(chain[l]);
          auto inShape = cast<MemRefType>(activationOf(chain[l]).getType()).getShape();
          LayerRegion &region = layerRegions[l];
          for (int d = 0; d < 2; ++d) {
            region.out[d] = want[d];
            int64_t first = want[d].begin * w.stride[d] - w.padBegin[d];
            int64_t last = (want[d].end - 1) * w.stride[d] - w.padBegin[d] + (w.kernel[d] - 1) * w.dilation[d] + 1;
            region.in[d] = {std::max<int64_t>(first, 0), std::min<int64_t>(last, inShape[1 + d])};
            region.padBegin[d] = region.in[d].begin - first;
            region.padEnd[d] = last - region.in[d].end;
            want[d] = region.in[d];
          }
        }
        for (int64_t l = 0; l < n; ++l) {
          const LayerRegion &region = layerRegions[l];
          regions.append({region.in[0].begin, region.in[0].end, region.in[1].begin, region.in[1].end,
                          region.padBegin[0], region.padBegin[1], region.padEnd[0], region.padEnd[1],
                          region.out[0].begin, region.out[0].end, region.out[1].begin, region.out[1].end});
          auto bytesOf = [](Value v, const Span *s) {
            auto t = cast<MemRefType>(v.getType());
            return t.getShape()[0] * s[0].size() * s[1].size() * t.getShape()[3] *
                   static_cast<int64_t>(byteSizeOf(MemRefType::get({1}, t.getElementType())));
          };
          if (l == 0)
            maxBytes[0] = std::max(maxBytes[0], bytesOf(activationOf(chain[0]), region.in));
          maxBytes[l + 1] = std::max(maxBytes[l + 1], bytesOf(outputOf(chain[l]), region.out));
        }
      }

    // The stage op at the first kernel's place; weights and buffers it uses defined before it.
    OpBuilder b(chain.front());
    auto bytesBuffer = [&](int64_t bytes) {
      return b.create<memref::AllocOp>(chain.front()->getLoc(),
                                       MemRefType::get({std::max<int64_t>(bytes, 1)}, b.getI8Type()));
    };
    Value inPatch = bytesBuffer(maxBytes[0]), outPatch = bytesBuffer(maxBytes[n]);
    SmallVector<Value> buffers = {activationOf(chain.front()), outputOf(chain.back()), inPatch, outPatch};
    for (int64_t l = 0; l + 1 < n; ++l) {
      Value t = outputOf(chain[l]);
      t.getDefiningOp()->setAttr("edgec.patch_bytes", b.getI64IntegerAttr(maxBytes[l + 1]));
      buffers.push_back(t);
    }
    auto stage = b.create<kernel::PatchStageOp>(chain.front()->getLoc(), buffers,
                                                b.getDenseI64ArrayAttr({rows, cols}),
                                                b.getDenseI64ArrayAttr(regions));
    Block *body = new Block();
    stage.getBody().push_back(body);
    for (Operation *op : chain) {
      for (Value v : op->getOperands())
        if (Operation *def = v.getDefiningOp(); def && def->getBlock() == stage->getBlock() && stage->isBeforeInBlock(def))
          def->moveBefore(stage);
      op->moveBefore(body, body->end());
    }
    return success();
  }
};

} // namespace
} // namespace edgec
