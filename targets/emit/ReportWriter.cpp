// report.json: per kernel call (name, op, kernel, dtype, macs, params, bytes) and the memory plan.
#include "targets/emit/ReportWriter.h"
#include "compiler/dialect/Kernel/KernelDialect.h"
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"
#include "targets/emit/KernelCallWriter.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace edgec {

static int64_t bytesOf(Value v) { return byteSizeOf(cast<MemRefType>(v.getType())); }


static int64_t attrInt(ModuleOp module, StringRef name) {
  auto attr = module->getAttrOfType<IntegerAttr>(name);
  return attr ? attr.getInt() : 0;
}

std::string writeReport(ModuleOp module, func::FuncOp func, const std::string &name) {
  llvm::json::Array layers, timeline;
  int64_t totalMacs = 0, totalParams = 0;
  for (Operation &op : func.getBody().front()) {
    if (!isa<kernel::KernelDialect>(op.getDialect()) || isa<kernel::BufferOp, kernel::ReshapeOp>(op))
      continue;
    int64_t params = 0, bytes = 0;
    for (Value v : op.getOperands()) {
      bytes += bytesOf(v);
      if (isa_and_nonnull<memref::GetGlobalOp>(v.getDefiningOp()))
        params += cast<MemRefType>(v.getType()).getNumElements();
    }
    int64_t macs = kernelMacs(&op);
    totalMacs += macs;
    totalParams += params;
    Type dtype = cast<MemRefType>(op.getOperands().back().getType()).getElementType();
    layers.push_back(llvm::json::Object{
        {"name", nodeName(op.getLoc())},
        {"op", nodeOpType(op.getLoc())},
        {"kernel", op.getAttrOfType<StringAttr>("impl").getValue()},
        {"dtype", dtypeName(dtype)},
        {"macs", macs},
        {"params", params},
        {"bytes", bytes}});
  }
  for (auto buffer : func.getOps<kernel::BufferOp>()) {
    auto live = buffer->getAttrOfType<DenseI64ArrayAttr>("live");
    timeline.push_back(llvm::json::Object{
        {"tensor", nodeName(buffer.getLoc())},
        {"pool", buffer.getPool()},
        {"offset", buffer.getOffset()},
        {"size", bytesOf(buffer.getOutput())},
        {"first", live ? live[0] : 0},
        {"last", live ? live[1] : 0}});
  }
  int64_t arena = attrInt(module, "edgec.arena_bytes");
  auto target = module->getAttrOfType<DictionaryAttr>("edgec.target");
  auto targetName = target ? target.getAs<StringAttr>("name") : StringAttr();
  auto hash = module->getAttrOfType<StringAttr>("edgec.model_hash");
  llvm::json::Object report{
      {"model", name},
      {"model_sha256", hash ? hash.getValue().str() : std::string()},
      {"target", targetName ? targetName.getValue().str() : std::string("host")},
      {"layers", std::move(layers)},
      {"totals", llvm::json::Object{{"macs", totalMacs}, {"params", totalParams},
                                    {"weights_bytes", attrInt(module, "edgec.weights_bytes")}}},
      {"memory", llvm::json::Object{
                     {"arena_bytes", arena},
                     {"lower_bound_bytes", attrInt(module, "edgec.lower_bound_bytes")},
                     {"pools", llvm::json::Array{llvm::json::Object{{"name", "arena"}, {"size", arena}}}},
                     {"timeline", std::move(timeline)}}}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
  return os.str();
}

} // namespace edgec
