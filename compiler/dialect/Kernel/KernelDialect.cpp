// Registration and verifiers of the kernel dialect.
#include "compiler/dialect/Kernel/KernelDialect.h"
#include "compiler/support/ConstantData.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

#include <algorithm>

using namespace mlir;
using namespace edgec::kernel;

#include "compiler/dialect/Kernel/KernelDialect.cpp.inc"

void KernelDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "compiler/dialect/Kernel/KernelOps.cpp.inc"
      >();
}

static int64_t numBytes(Value v) { return edgec::byteSizeOf(cast<MemRefType>(v.getType())); }

LogicalResult ConvOp::verify() {
  auto in = cast<MemRefType>(getInput().getType());
  int64_t spatial = in.getRank() - 2;
  if (spatial < 1 || spatial > 3)
    return emitOpError() << "expected 1 to 3 spatial dims, got " << spatial;
  if (static_cast<int64_t>(getStrides().size()) != spatial ||
      static_cast<int64_t>(getDilations().size()) != spatial ||
      static_cast<int64_t>(getPads().size()) != 2 * spatial)
    return emitOpError() << "window attributes do not match " << spatial << " spatial dims";
  return success();
}

LogicalResult PatchStageOp::verify() {
  if (getBuffers().size() < 4)
    return emitOpError() << "expects the stage input, stage output and two patch buffers";
  if (getGrid().size() != 2 || getGrid()[0] < 1 || getGrid()[1] < 1)
    return emitOpError() << "grid must be [rows, cols], each at least 1";
  int64_t layers = static_cast<int64_t>(getBody().front().getOperations().size());
  if (layers < 1)
    return emitOpError() << "has no kernels";
  if (static_cast<int64_t>(getPatchRegions().size()) != getNumPatches() * layers * kRegionFields)
    return emitOpError() << "patch_regions has " << getPatchRegions().size() << " numbers, expected "
                         << getNumPatches() * layers * kRegionFields << " (" << kRegionFields
                         << " per patch and kernel)";
  return success();
}

LogicalResult TransposeOp::verify() {
  auto in = cast<MemRefType>(getInput().getType());
  if (static_cast<int64_t>(getPerm().size()) != in.getRank())
    return emitOpError() << "perm has " << getPerm().size() << " entries for rank "
                         << in.getRank();
  return success();
}

LogicalResult CopyOp::verify() {
  if (numBytes(getInput()) != numBytes(getOutput()))
    return emitOpError() << "copies " << numBytes(getInput()) << " bytes into "
                         << numBytes(getOutput());
  return success();
}

LogicalResult ReshapeOp::verify() {
  if (numBytes(getInput()) != numBytes(getOutput()))
    return emitOpError() << "views " << numBytes(getInput()) << " bytes as "
                         << numBytes(getOutput());
  return success();
}

#define GET_OP_CLASSES
#include "compiler/dialect/Kernel/KernelOps.cpp.inc"

namespace edgec::kernel {
namespace {
int64_t elements(mlir::Value v) { return mlir::cast<mlir::MemRefType>(v.getType()).getNumElements(); }
/// Elements of one filter: the filter's shape without its leading (output or input channel) dim.
int64_t perFilter(mlir::Value filter) {
  auto t = mlir::cast<mlir::MemRefType>(filter.getType());
  return t.getNumElements() / std::max<int64_t>(t.getShape().front(), 1);
}
} // namespace

int64_t kernelMacs(mlir::Operation *op) {
  // Packed sparse weights (kernel-pack-sparse): the kernels skip the zeros.
  if (auto sparse = op->getAttrOfType<mlir::DictionaryAttr>("sparse")) {
    mlir::Value output = mlir::isa<ConvOp>(op) ? mlir::cast<ConvOp>(op).getOutput() : mlir::cast<GemmOp>(op).getOutput();
    auto out = mlir::cast<mlir::MemRefType>(output.getType());
    return out.getNumElements() / out.getShape().back() * sparse.getAs<mlir::IntegerAttr>("macs").getInt();
  }
  if (auto c = mlir::dyn_cast<ConvOp>(op))
    return elements(c.getOutput()) * perFilter(c.getFilter());
  if (auto g = mlir::dyn_cast<GemmOp>(op)) {
    auto a = mlir::cast<mlir::MemRefType>(g.getA().getType()).getShape();
    return elements(g.getOutput()) * (g.getTransA() ? a[0] : a[1]);
  }
  if (auto m = mlir::dyn_cast<MatMulOp>(op))
    return elements(m.getOutput()) * mlir::cast<mlir::MemRefType>(m.getA().getType()).getShape().back();
  if (auto p = mlir::dyn_cast<PoolOp>(op)) {
    int64_t window = 1;
    for (int64_t k : p.getKernelShape())
      window *= k;
    return elements(p.getOutput()) * window;
  }
  if (auto c = mlir::dyn_cast<ConvTransposeOp>(op))
    return elements(c.getInput()) * perFilter(c.getFilter());
  if (auto r = mlir::dyn_cast<RecurrentOp>(op)) {
    auto shaped = [](mlir::Value v) { return mlir::cast<mlir::ShapedType>(v.getType()); };
    edge::RecurrentCost cost = edge::recurrentCost(shaped(r.getX()), shaped(r.getW()), shaped(r.getR()), r.getKind());
    return cost.steps * cost.stepMacs;
  }
  return 0;
}
} // namespace edgec::kernel
