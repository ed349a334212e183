// Control flow at import: an If whose condition is known at compile time (after --bind,
// shape folding or constant folding) becomes its taken branch, imported inline like the
// main graph; the other branch is never imported.
#include "compiler/import/NodeImporter.h"
#include "compiler/support/ConstantData.h"

using namespace mlir;

namespace edgec {

LogicalResult importIf(NodeImporter &n) {
  if (failed(requireInputs(n, 1, 1)))
    return failure();
  ElementsAttr cond = n.constantInput(0);
  if (!cond)
    return n.fail("the condition is only known at run time (a run-time If is not supported yet): if it "
                  "depends on a configuration input, fix that input with --bind NAME=VALUE");
  if (cast<ShapedType>(cond.getType()).getNumElements() != 1)
    return n.fail("the condition must have exactly one element");
  bool taken = getConstantAsDoubles(cond).front() != 0;
  const onnx::AttributeProto *branch = n.findAttr(taken ? "then_branch" : "else_branch");
  if (!branch || !branch->has_g())
    return n.fail(std::string("the ") + (taken ? "then_branch" : "else_branch") + " attribute is missing");
  SmallVector<Value> outputs;
  if (failed(n.importSubgraph(branch->g(), /*inputs=*/{}, outputs)))
    return failure();
  if (static_cast<int>(outputs.size()) != n.node.output_size())
    return n.fail("the taken branch has " + std::to_string(outputs.size()) + " outputs, the node " +
                  std::to_string(n.node.output_size()));
  for (size_t i = 0; i < outputs.size(); ++i)
    n.setOutput(static_cast<int>(i), outputs[i]);
  return success();
}

} // namespace edgec
