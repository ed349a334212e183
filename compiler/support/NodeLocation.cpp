// ONNX node identity carried in MLIR locations: NameLoc(node name, NameLoc(op type)).
#include "compiler/support/NodeLocation.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace edgec {

Location nodeLocation(MLIRContext *context, StringRef nodeName, StringRef opType) {
  return NameLoc::get(StringAttr::get(context, nodeName),
                      NameLoc::get(StringAttr::get(context, opType)));
}

static NameLoc firstNameLoc(Location loc) {
  // Fused locations (from fusing passes) list the surviving op's node first.
  while (auto fused = dyn_cast<FusedLoc>(loc)) {
    if (fused.getLocations().empty())
      return {};
    loc = fused.getLocations().front();
  }
  return dyn_cast<NameLoc>(loc);
}

std::string nodeName(Location loc) {
  NameLoc name = firstNameLoc(loc);
  return name ? name.getName().str() : std::string();
}

std::string lastNodeName(Location loc) {
  while (auto fused = dyn_cast<FusedLoc>(loc)) {
    if (fused.getLocations().empty())
      return {};
    loc = fused.getLocations().back();
  }
  auto name = dyn_cast<NameLoc>(loc);
  return name ? name.getName().str() : std::string();
}

std::string nodeOpType(Location loc) {
  NameLoc name = firstNameLoc(loc);
  if (!name)
    return {};
  auto child = dyn_cast<NameLoc>(name.getChildLoc());
  return child ? child.getName().str() : std::string();
}

} // namespace edgec
