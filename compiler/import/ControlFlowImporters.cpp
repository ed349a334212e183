// Control flow at import. An If whose condition is known at compile time (after --bind, shape
// folding or constant folding) becomes its taken branch, imported inline like the main graph;
// the other branch is never imported. An If on run-time data imports both branches inline and
// joins each output pair with an `edge.select` on the scalar condition: exact (the ops are
// pure), so every graph pass keeps working; kernel-schedule-memory later guards each branch's
// kernels so that only the taken one runs (see docs/design.md).
#include "compiler/import/NodeImporter.h"
#include "compiler/support/ConstantData.h"

using namespace mlir;

namespace edgec {

namespace {

/// Imports the branch in attribute `which` inline; fails unless it has the node's outputs.
LogicalResult importBranch(NodeImporter &n, const char *which, SmallVectorImpl<Value> &outputs) {
  const onnx::AttributeProto *branch = n.findAttr(which);
  if (!branch || !branch->has_g())
    return n.fail(std::string("the ") + which + " attribute is missing");
  if (failed(n.importSubgraph(branch->g(), /*inputs=*/{}, outputs)))
    return failure();
  if (static_cast<int>(outputs.size()) != n.node.output_size())
    return n.fail(std::string("the ") + which + " has " + std::to_string(outputs.size()) + " outputs, the node " +
                  std::to_string(n.node.output_size()));
  return success();
}

std::string typeString(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << t;
  return s;
}

} // namespace

LogicalResult importIf(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  Value cond = n.input(0);
  if (typeOf(cond).getNumElements() != 1)
    return n.fail("the condition must have exactly one element");
  if (ElementsAttr known = n.constantInput(0)) {
    bool taken = getConstantAsDoubles(known).front() != 0;
    SmallVector<Value> outputs;
    if (failed(importBranch(n, taken ? "then_branch" : "else_branch", outputs)))
      return failure();
    for (size_t i = 0; i < outputs.size(); ++i)
      n.setOutput(static_cast<int>(i), outputs[i]);
    return success();
  }
  // Run-time condition: both branches, then one select per output.
  if (!typeOf(cond).getElementType().isInteger(1))
    return n.fail("the condition must be boolean, got " + typeString(typeOf(cond).getElementType()));
  SmallVector<Value> thenOutputs, elseOutputs;
  if (failed(importBranch(n, "then_branch", thenOutputs)) || failed(importBranch(n, "else_branch", elseOutputs)))
    return failure();
  if (typeOf(cond).getRank() != 0) // a rank-0 condition broadcasts to any output shape
    cond = n.createWithType<edge::ReshapeOp>(RankedTensorType::get({}, typeOf(cond).getElementType()), {cond});
  for (size_t i = 0; i < thenOutputs.size(); ++i) {
    Type thenType = thenOutputs[i].getType(), elseType = elseOutputs[i].getType();
    if (thenType != elseType)
      return n.fail("output " + std::to_string(i) + " is " + typeString(thenType) + " in the then_branch but " +
                    typeString(elseType) + " in the else_branch (a run-time If needs both the same)");
    if (edge::isQuantized(typeOf(thenOutputs[i]).getElementType()))
      return n.fail("output " + std::to_string(i) + " is quantized (" + typeString(thenType) +
                    "): a run-time If joins float or integer tensors only");
    Value joined = n.createWithType<edge::SelectOp>(thenType, {cond, thenOutputs[i], elseOutputs[i]});
    if (!joined)
      return failure();
    n.setOutput(static_cast<int>(i), joined);
  }
  return success();
}

} // namespace edgec
