// edgec inspect (per node: op, shapes, params, MACs, support) and edgec targets.
#include "compiler/dialect/Edge/EdgeDialect.h"
#include "compiler/import/OnnxImporter.h"
#include "compiler/support/NodeLocation.h"
#include "targets/TargetDescription.h"
#include "tools/edgec/Driver.h"
#include "tools/edgec/Session.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <spdlog/spdlog.h>

using namespace mlir;

namespace edgec {
namespace {

std::string shapeString(Type t) {
  auto shaped = dyn_cast<ShapedType>(t);
  if (!shaped)
    return "?";
  std::string s;
  for (int64_t d : shaped.getShape())
    s += (s.empty() ? "" : "x") + std::to_string(d);
  return (s.empty() ? "scalar" : s);
}

int64_t elements(Value v) { return cast<ShapedType>(v.getType()).getNumElements(); }

int64_t macsOf(Operation *op) {
  if (auto conv = dyn_cast<edge::ConvOp>(op))
    return elements(conv.getOutput()) * (elements(conv.getFilter()) / cast<ShapedType>(conv.getFilter().getType()).getDimSize(0));
  if (auto gemm = dyn_cast<edge::GemmOp>(op)) {
    auto a = cast<ShapedType>(gemm.getA().getType());
    return elements(gemm.getOutput()) * (gemm.getTransA() ? a.getDimSize(0) : a.getDimSize(1));
  }
  if (auto mm = dyn_cast<edge::MatMulOp>(op))
    return elements(mm.getOutput()) * cast<ShapedType>(mm.getA().getType()).getShape().back();
  return 0;
}

} // namespace

int runInspect(const InspectRequest &request) {
  Session session;
  ImportOptions options;
  options.inputShapes = request.inputShapes;
  auto module = importOnnxFile(&session.context(), request.model, options);
  llvm::json::Array rows;
  std::string table;
  llvm::raw_string_ostream os(table);
  os << llvm::formatv("{0,-32} {1,-20} {2,-24} {3,12} {4,14}  {5}\n", "node", "op", "output", "params", "MACs", "supported");
  int64_t totalMacs = 0, totalParams = 0;
  if (module) {
    module->walk([&](Operation *op) {
      if (!isa<edge::EdgeDialect>(op->getDialect()) || isa<edge::ConstantOp>(op))
        return;
      int64_t params = 0;
      for (Value v : op->getOperands())
        if (matchPattern(v, m_Constant()))
          params += elements(v);
      int64_t macs = macsOf(op);
      totalMacs += macs;
      totalParams += params;
      std::string node = nodeName(op->getLoc()), opType = nodeOpType(op->getLoc());
      std::string out = shapeString(op->getResult(0).getType());
      rows.push_back(llvm::json::Object{{"name", node}, {"op", opType}, {"output_shape", out},
                                        {"params", params}, {"macs", macs}, {"supported", true}});
      os << llvm::formatv("{0,-32} {1,-20} {2,-24} {3,12} {4,14}  yes\n", node, opType, out, params, macs);
    });
  } else {
    std::vector<OnnxNodeSummary> nodes;
    std::string error;
    if (!listOnnxNodes(request.model, nodes, error)) {
      spdlog::error("error: {}: {}", request.model, error);
      return kExitModel;
    }
    for (const auto &n : nodes) {
      rows.push_back(llvm::json::Object{{"name", n.name}, {"op", n.opType}, {"supported", n.supported}});
      os << llvm::formatv("{0,-32} {1,-20} {2,-24} {3,12} {4,14}  {5}\n", n.name, n.opType, "?", "?", "?",
                          n.supported ? "yes" : "NO (no importer for this op)");
    }
  }
  if (request.json) {
    llvm::json::Object doc{{"model", request.model}, {"imports", static_cast<bool>(module)},
                           {"nodes", std::move(rows)}, {"macs", totalMacs}, {"params", totalParams}};
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << "\n";
  } else {
    llvm::outs() << os.str();
    if (module)
      llvm::outs() << "total: " << totalParams << " params, " << totalMacs << " MACs\n";
  }
  return module ? kExitOk : kExitModel;
}

int runTargets(bool json) {
  llvm::json::Array list;
  for (const std::string &name : builtinTargets()) {
    std::string description;
    if (auto buffer = llvm::MemoryBuffer::getFile(dataRoot() + "/targets/" + name + "/target.json"))
      if (auto parsed = llvm::json::parse((*buffer)->getBuffer()))
        if (auto *obj = parsed->getAsObject())
          if (auto d = obj->getString("description"))
            description = d->str();
    if (json)
      list.push_back(llvm::json::Object{{"name", name}, {"description", description}});
    else
      llvm::outs() << llvm::formatv("{0,-16} {1}\n", name, description);
  }
  if (json)
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(list))) << "\n";
  return kExitOk;
}

} // namespace edgec
