// edgec inspect (per node: op, shapes, params, MACs, support) and edgec targets.
#include "compiler/dialect/Edge/EdgeDialect.h"
#include "compiler/import/OnnxImporter.h"
#include "compiler/support/NodeLocation.h"
#include "targets/TargetDescription.h"
#include "compiler/support/ByteSize.h"
#include "tools/edgec/CustomOps.h"
#include "tools/edgec/Driver.h"
#include "tools/edgec/Session.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "compiler/support/ShapeString.h"
#include "llvm/Support/raw_ostream.h"

#include <spdlog/spdlog.h>

#include <algorithm>

using namespace mlir;

namespace edgec {
namespace {

std::string shapeString(Type t) {
  auto shaped = dyn_cast<ShapedType>(t);
  return shaped ? edgec::shapeString(shaped.getShape()) : "?";
}

int64_t elements(Value v) { return cast<ShapedType>(v.getType()).getNumElements(); }


} // namespace

int runInspect(const InspectRequest &request) {
  Session session;
  std::vector<NodeReport> reports;
  ImportOptions options;
  options.inputShapes = request.inputShapes;
  options.binds = request.binds;
  if (!parseCustomOps(request.customOps, options.customOps))
    return kExitUsage;
  options.reports = &reports;
  auto module = importOnnxFile(&session.context(), request.model, options);
  if (reports.empty() && !module) {
    // The file itself is unreadable: say so, in JSON too when asked.
    if (request.json) {
      llvm::json::Object doc{{"model", request.model}, {"imports", false},
                             {"error", session.lastError()}, {"nodes", llvm::json::Array()}};
      llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << "\n";
    }
    return session.errorCount() ? kExitModel : kExitInternal;
  }

  // Shapes, params and MACs of what imported, by node name (folded nodes have no op).
  struct Figures {
    std::string output;
    int64_t params = 0, macs = 0;
    edge::RecurrentCost recurrent; // steps = 0 unless the node is a recurrent op
    std::string customSymbol; // --custom-op: the user's function computing the node
  };
  llvm::StringMap<Figures> figures;
  if (module)
    module->walk([&](Operation *op) {
      if (!isa<edge::EdgeDialect>(op->getDialect()) || isa<edge::ConstantOp>(op))
        return;
      Figures &f = figures[nodeName(op->getLoc())];
      f.output = shapeString(op->getResult(0).getType());
      for (Value v : op->getOperands())
        if (matchPattern(v, m_Constant()))
          f.params += elements(v);
      f.macs += edge::graphMacs(op);
      if (auto rc = dyn_cast<edge::RecurrentOp>(op))
        f.recurrent = edge::recurrentCost(cast<ShapedType>(rc.getX().getType()), cast<ShapedType>(rc.getW().getType()),
                                          cast<ShapedType>(rc.getR().getType()), rc.getKind());
      if (auto custom = dyn_cast<edge::CustomOp>(op))
        f.customSymbol = custom.getSymbol().str();
    });

  std::vector<std::string> known = supportedOnnxOps();
  llvm::json::Array rows;
  std::string table;
  llvm::raw_string_ostream os(table);
  os << llvm::formatv("{0,-32} {1,-20} {2,-20} {3,10} {4,12}  {5}\n", "node", "op", "output",
                      "params", "MACs", "verdict");
  int64_t totalMacs = 0, totalParams = 0, unsupported = 0;
  for (const NodeReport &r : reports) {
    auto it = figures.find(r.name);
    bool imported = r.status == NodeReport::Imported;
    // A subgraph node without ops of its own was folded, or sits in an If branch not taken.
    std::string folded = r.parent.empty() ? "yes (folded at compile time)" : "yes (inside '" + r.parent + "')";
    bool custom = it != figures.end() && !it->second.customSymbol.empty();
    std::string verdict = imported ? (it == figures.end() ? folded
                                      : custom         ? "yes (custom op: " + it->second.customSymbol + ")"
                                                       : "yes")
                          : r.status == NodeReport::Unsupported ? "NO: " + r.reason
                                                                : "not checked: " + r.reason;
    unsupported += r.status == NodeReport::Unsupported;
    Figures f = it == figures.end() ? Figures{"-", 0, 0, {}} : it->second;
    if (f.recurrent.steps)
      verdict += llvm::formatv(" ({0} steps of {1} MACs, {2} bytes of state)", f.recurrent.steps,
                               f.recurrent.stepMacs, f.recurrent.stateBytes).str();
    totalMacs += f.macs;
    totalParams += f.params;
    // supported: edgec has an importer for the op type (the conformance denominator);
    // imported: this node, with its attributes and types, imported.
    bool opKnown = std::binary_search(known.begin(), known.end(), r.opType);
    llvm::json::Object row{{"name", r.name}, {"op", r.opType}, {"supported", opKnown},
                           {"imported", imported},
                           {"status", imported ? "imported" : r.status == NodeReport::Unsupported ? "unsupported" : "blocked"}};
    if (!imported)
      row["reason"] = r.reason;
    if (!r.parent.empty())
      row["parent"] = r.parent;
    if (custom)
      row["custom_op"] = it->second.customSymbol;
    if (it != figures.end()) {
      row["output_shape"] = f.output;
      row["params"] = f.params;
      row["macs"] = f.macs;
      if (f.recurrent.steps)
        row["recurrent"] = llvm::json::Object{{"steps", f.recurrent.steps},
                                              {"macs_per_step", f.recurrent.stepMacs},
                                              {"state_bytes", f.recurrent.stateBytes}};
    }
    rows.push_back(std::move(row));
    // Subgraph nodes are indented under the node that holds them.
    os << llvm::formatv("{0,-32} {1,-20} {2,-20} {3,10} {4,12}  {5}\n", (r.parent.empty() ? "" : "  ") + r.name, r.opType, f.output,
                        f.params, f.macs, verdict);
  }
  if (request.json) {
    llvm::json::Object doc{{"model", request.model}, {"imports", static_cast<bool>(module)},
                           {"nodes", std::move(rows)}, {"macs", totalMacs}, {"params", totalParams},
                           {"unsupported_nodes", unsupported}};
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << "\n";
  } else {
    llvm::outs() << os.str();
    if (module)
      llvm::outs() << "verdict: compiles; " << totalParams << " params, " << totalMacs << " MACs\n";
    else
      llvm::outs() << "verdict: does not compile; " << unsupported << " unsupported node(s) listed above\n";
  }
  return module ? kExitOk : kExitModel;
}

int runTargets(bool json) {
  llvm::json::Array list;
  for (const std::string &name : builtinTargets()) {
    // The raw file for --json (what --target-desc files inherit); a line of figures otherwise.
    auto buffer = llvm::MemoryBuffer::getFile(dataRoot() + "/targets/" + name + "/target.json");
    std::optional<llvm::json::Value> parsed;
    if (buffer)
      if (auto value = llvm::json::parse((*buffer)->getBuffer()))
        parsed = std::move(*value);
    const llvm::json::Object *obj = parsed ? parsed->getAsObject() : nullptr;
    if (json) {
      list.push_back(obj ? *parsed : llvm::json::Value(llvm::json::Object{{"name", name}}));
      continue;
    }
    std::string description = obj && obj->getString("description") ? obj->getString("description")->str() : "";
    std::string pools;
    if (const llvm::json::Array *list = obj ? obj->getArray("pools") : nullptr)
      for (const llvm::json::Value &p : *list)
        if (const llvm::json::Object *pool = p.getAsObject())
          pools += (pools.empty() ? "" : ", ") + pool->getString("name").value_or("?").str() + " " +
                   humanBytes(pool->getInteger("bytes").value_or(0));
    llvm::outs() << llvm::formatv("{0,-16} {1}\n{2,-16} pools: {3}; vector {4} bits\n", name, description, "",
                                  pools, obj ? obj->getInteger("vector_bits").value_or(0) : 0);
  }
  if (json)
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(list))) << "\n";
  return kExitOk;
}

} // namespace edgec
