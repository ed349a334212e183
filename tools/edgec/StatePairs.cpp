// --stateful: each NAME_IN=NAME_OUT pair checked against the imported graph, recorded as edgec.state.
#include "tools/edgec/StatePairs.h"
#include "passes/lower/StateBuffers.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/raw_ostream.h"

#include <spdlog/spdlog.h>

using namespace mlir;

namespace edgec {

namespace {

/// The graph's input (or output) `name` and its type, or a null type.
Type graphValueType(func::FuncOp graph, StringRef name, bool output) {
  unsigned count = output ? graph.getNumResults() : graph.getNumArguments();
  for (unsigned i = 0; i < count; ++i) {
    auto n = output ? graph.getResultAttrOfType<StringAttr>(i, "edgec.name")
                    : graph.getArgAttrOfType<StringAttr>(i, "edgec.name");
    if (n && n.getValue() == name)
      return output ? graph.getResultTypes()[i] : graph.getArgumentTypes()[i];
  }
  return {};
}

std::string names(func::FuncOp graph, bool output) {
  std::string list;
  unsigned count = output ? graph.getNumResults() : graph.getNumArguments();
  for (unsigned i = 0; i < count; ++i)
    if (auto n = output ? graph.getResultAttrOfType<StringAttr>(i, "edgec.name")
                        : graph.getArgAttrOfType<StringAttr>(i, "edgec.name"))
      list += (list.empty() ? "" : ", ") + n.getValue().str();
  return list.empty() ? "none" : list;
}

std::string str(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << t;
  return os.str();
}

} // namespace

bool recordStatePairs(ModuleOp module, const CompileRequest &request) {
  if (request.statePairs.empty())
    return true;
  func::FuncOp graph;
  for (auto f : module.getOps<func::FuncOp>())
    if (!f.isExternal())
      graph = f;
  if (!graph)
    return false;
  Builder b(module.getContext());
  SmallVector<Attribute> pairs;
  std::vector<std::string> seen;
  for (const auto &[in, out] : request.statePairs) {
    std::string pair = "--stateful " + in + "=" + out;
    for (const std::string &name : {in, out})
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
        spdlog::error("error: {}: '{}' is already in a state pair (each name may appear once)", pair, name);
        return false;
      }
    seen.push_back(in);
    seen.push_back(out);
    bool bound = std::any_of(request.binds.begin(), request.binds.end(), [&](const auto &b) { return b.first == in; });
    if (bound) {
      spdlog::error("error: {}: '{}' is fixed by --bind; a state input must stay an input", pair, in);
      return false;
    }
    Type inType = graphValueType(graph, in, false), outType = graphValueType(graph, out, true);
    if (!inType) {
      spdlog::error("error: {}: '{}' is not a graph input (inputs: {})", pair, in, names(graph, false));
      return false;
    }
    if (!outType) {
      spdlog::error("error: {}: '{}' is not a graph output (outputs: {})", pair, out, names(graph, true));
      return false;
    }
    auto shaped = cast<ShapedType>(inType);
    if (!shaped.hasStaticShape()) {
      spdlog::error("error: {}: input '{}' has a dynamic shape ({}); fix it with --input-shape", pair, in, str(inType));
      return false;
    }
    if (inType != outType) {
      spdlog::error("error: {}: input '{}' is {} but output '{}' is {}; a state pair needs the same static shape and "
                    "element type",
                    pair, in, str(inType), out, str(outType));
      return false;
    }
    pairs.push_back(b.getDictionaryAttr({b.getNamedAttr("input", b.getStringAttr(in)),
                                         b.getNamedAttr("output", b.getStringAttr(out))}));
  }
  module->setAttr(kStatePairsAttr, b.getArrayAttr(pairs));
  return true;
}

} // namespace edgec
