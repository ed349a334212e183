// Registration and verifiers of the kernel dialect.
#include "compiler/dialect/Kernel/KernelDialect.h"
#include "compiler/support/ConstantData.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

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
