// Registration of the edge dialect, its enum attributes and its constant materializer.
#include "compiler/dialect/Edge/EdgeDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace edgec::edge;

#include "compiler/dialect/Edge/EdgeDialect.cpp.inc"
#include "compiler/dialect/Edge/EdgeEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "compiler/dialect/Edge/EdgeAttrs.cpp.inc"

void EdgeDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "compiler/dialect/Edge/EdgeAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "compiler/dialect/Edge/EdgeOps.cpp.inc"
      >();
}

Operation *EdgeDialect::materializeConstant(OpBuilder &builder, Attribute value, Type type,
                                            Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, type, elements);
}

int64_t edgec::edge::graphMacs(Operation *op) {
  auto elements = [](Value v) { return cast<ShapedType>(v.getType()).getNumElements(); };
  if (auto conv = dyn_cast<ConvOp>(op))
    return elements(conv.getOutput()) *
           (elements(conv.getFilter()) / cast<ShapedType>(conv.getFilter().getType()).getDimSize(0));
  if (auto gemm = dyn_cast<GemmOp>(op)) {
    auto a = cast<ShapedType>(gemm.getA().getType());
    return elements(gemm.getOutput()) * (gemm.getTransA() ? a.getDimSize(0) : a.getDimSize(1));
  }
  if (auto mm = dyn_cast<MatMulOp>(op))
    return elements(mm.getOutput()) * cast<ShapedType>(mm.getA().getType()).getShape().back();
  if (auto rc = dyn_cast<RecurrentOp>(op)) {
    RecurrentCost cost = recurrentCost(cast<ShapedType>(rc.getX().getType()), cast<ShapedType>(rc.getW().getType()),
                                       cast<ShapedType>(rc.getR().getType()), rc.getKind());
    return cost.steps * cost.stepMacs;
  }
  return 0;
}

edgec::edge::RecurrentCost edgec::edge::recurrentCost(ShapedType x, ShapedType w, ShapedType r, StringRef kind) {
  int64_t batch = x.getDimSize(1), dirs = r.getDimSize(0), hidden = r.getDimSize(2);
  int64_t stateTensors = kind == "lstm" ? 2 : 1;
  int64_t elementBytes = (x.getElementType().getIntOrFloatBitWidth() + 7) / 8;
  return {batch * (w.getNumElements() + r.getNumElements()), x.getDimSize(0),
          stateTensors * dirs * batch * hidden * elementBytes};
}
