// Loop and Scan at import: with a trip count known at compile time (after --bind, shape folding
// or constant folding) the body is imported inline once per iteration, its formal inputs bound to
// that iteration's values; loop-carried values are threaded through and scan outputs stacked.
#include "compiler/import/NodeImporter.h"
#include "compiler/support/ConstantData.h"

using namespace mlir;

namespace edgec {
namespace {

/// Unrolling stops here: a body of K nodes may be imported at most kMaxUnrolledNodes / K times.
constexpr int64_t kMaxUnrolledNodes = 10000;

/// Fails, naming the count, when `iterations` copies of `body` would exceed kMaxUnrolledNodes.
LogicalResult checkUnrollSize(NodeImporter &n, int64_t iterations, const onnx::GraphProto &body) {
  int64_t perIteration = std::max(1, body.node_size());
  if (iterations <= kMaxUnrolledNodes / perIteration)
    return success();
  return n.fail("unrolling " + std::to_string(iterations) + " iterations of its " + std::to_string(body.node_size()) +
                "-node body would import more than " + std::to_string(kMaxUnrolledNodes) +
                " nodes (edgec unrolls loops at compile time)");
}

const onnx::GraphProto *bodyOf(NodeImporter &n) {
  const onnx::AttributeProto *body = n.findAttr("body");
  if (!body || !body->has_g()) {
    (void)n.fail("the 'body' attribute is missing");
    return nullptr;
  }
  return &body->g();
}

/// The per-iteration values stacked along a new dim at `axis` (ONNX scan outputs).
Value stack(NodeImporter &n, ArrayRef<Value> values, int64_t axis) {
  SmallVector<Value> parts;
  for (Value v : values) {
    auto type = typeOf(v);
    SmallVector<int64_t> shape(type.getShape());
    shape.insert(shape.begin() + axis, 1);
    parts.push_back(n.createWithType<edge::ReshapeOp>(RankedTensorType::get(shape, type.getElementType()), {v}));
  }
  return n.create<edge::ConcatOp>(parts, {n.namedAttr("axis", n.builder.getI64IntegerAttr(axis))});
}

/// Step `index` of `x` along `axis`, that dim dropped (what a Scan body sees of a scan input).
Value stepOf(NodeImporter &n, Value x, int64_t axis, int64_t index) {
  Builder &b = n.builder;
  Value slice = n.create<edge::SliceOp>({x}, {n.namedAttr("starts", b.getDenseI64ArrayAttr({index})),
                                              n.namedAttr("ends", b.getDenseI64ArrayAttr({index + 1})),
                                              n.namedAttr("axes", b.getDenseI64ArrayAttr({axis})),
                                              n.namedAttr("steps", b.getDenseI64ArrayAttr({1}))});
  if (!slice)
    return {};
  auto type = typeOf(slice);
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + axis);
  return n.createWithType<edge::ReshapeOp>(RankedTensorType::get(shape, type.getElementType()), {slice});
}

Value scalar(NodeImporter &n, Type elementType, int64_t value) {
  return n.constant(makeConstantFromInts(RankedTensorType::get({}, elementType), {value}, ""));
}

/// Sets outputs [first, first + K) to the stacked scan outputs (each reversed first when its
/// direction says so). Fails when a used one has no step to stack.
LogicalResult setScanOutputs(NodeImporter &n, int first, std::vector<SmallVector<Value>> &steps,
                             ArrayRef<int64_t> axes, ArrayRef<int64_t> directions) {
  for (size_t k = 0; k < steps.size(); ++k) {
    int output = first + static_cast<int>(k);
    if (!n.outputUsed(output))
      continue;
    if (steps[k].empty())
      return n.fail("runs no iteration, so scan output " + std::to_string(output) +
                    " would be empty (zero-size tensors are not supported)");
    int64_t rank = typeOf(steps[k].front()).getRank();
    int64_t axis = normalizeAxis(axes.empty() ? 0 : axes[k], rank + 1);
    if (axis < 0 || axis > rank)
      return n.fail("scan output axis " + std::to_string(axes[k]) + " is out of range for rank " +
                    std::to_string(rank + 1));
    if (!directions.empty() && directions[k] != 0)
      std::reverse(steps[k].begin(), steps[k].end());
    Value stacked = stack(n, steps[k], axis);
    if (!stacked)
      return failure();
    n.setOutput(output, stacked);
  }
  return success();
}

/// An optional per-input attribute list: empty when absent, else exactly `count` entries.
FailureOr<std::vector<int64_t>> listAttr(NodeImporter &n, StringRef name, size_t count) {
  std::vector<int64_t> values = n.attrInts(name).value_or(std::vector<int64_t>{});
  if (!values.empty() && values.size() != count) {
    (void)n.fail("'" + name + "' lists " + std::to_string(values.size()) + " values, expected " +
                 std::to_string(count));
    return failure();
  }
  return values;
}

} // namespace

LogicalResult importLoop(NodeImporter &n) {
  if (n.numInputs() < 2)
    return n.fail("expects the trip count, the condition and the loop-carried values as inputs");
  const onnx::GraphProto *body = bodyOf(n);
  if (!body)
    return failure();
  int numCarried = n.numInputs() - 2;
  int numScan = body->output_size() - 1 - numCarried;
  if (numScan < 0 || n.node.output_size() > numCarried + numScan)
    return n.fail("the body has " + std::to_string(body->output_size()) + " outputs, expected the condition, " +
                  std::to_string(numCarried) + " loop-carried values and the scan outputs");

  std::optional<int64_t> tripCount;
  if (n.input(0)) {
    ElementsAttr m = n.constantInput(0);
    if (!m || cast<ShapedType>(m.getType()).getNumElements() != 1)
      return n.fail("the trip count is only known at run time (edgec unrolls loops at compile time): if it "
                    "depends on a configuration input, fix that input with --bind NAME=VALUE");
    tripCount = std::max<int64_t>(0, getConstantAsInts(m).front());
  }
  ElementsAttr initialCond = n.constantInput(1);
  if (n.input(1) && (!initialCond || cast<ShapedType>(initialCond.getType()).getNumElements() != 1))
    return n.fail("the condition is only known at run time (edgec unrolls loops at compile time)");
  if (!n.input(1) && !tripCount)
    return n.fail("has neither a trip count nor a condition, so it never stops");
  bool keepGoing = !initialCond || getConstantAsInts(initialCond).front() != 0;
  Value cond = n.input(1) ? n.input(1) : scalar(n, n.builder.getI1Type(), 1);
  if (tripCount && keepGoing && failed(checkUnrollSize(n, *tripCount, *body)))
    return failure();

  SmallVector<Value> carried;
  for (int i = 0; i < numCarried; ++i) {
    if (!n.input(2 + i))
      return n.fail("loop-carried input " + std::to_string(2 + i) + " is missing (optional values are not supported)");
    carried.push_back(n.input(2 + i));
  }
  std::vector<SmallVector<Value>> scans(numScan);
  for (int64_t i = 0; keepGoing && (!tripCount || i < *tripCount); ++i) {
    if (!tripCount && failed(checkUnrollSize(n, i + 1, *body)))
      return failure();
    SmallVector<Value> inputs{scalar(n, n.builder.getI64Type(), i), cond};
    inputs.append(carried);
    SmallVector<Value> outputs;
    if (failed(n.importSubgraph(*body, inputs, outputs)))
      return failure();
    carried.assign(outputs.begin() + 1, outputs.begin() + 1 + numCarried);
    for (int k = 0; k < numScan; ++k)
      scans[k].push_back(outputs[1 + numCarried + k]);
    if (tripCount && i + 1 == *tripCount)
      break; // the trip count ends the loop: the last condition output decides nothing
    cond = outputs.front();
    auto folded = cond.getDefiningOp<edge::ConstantOp>();
    if (!folded || typeOf(cond).getNumElements() != 1)
      return n.fail("the body's condition output is only known at run time (iteration " + std::to_string(i) +
                    "); edgec unrolls loops at compile time, so it must fold to a constant");
    keepGoing = getConstantAsInts(folded.getValue()).front() != 0;
  }
  for (int i = 0; i < numCarried; ++i)
    n.setOutput(i, carried[i]);
  return setScanOutputs(n, numCarried, scans, /*axes=*/{}, /*directions=*/{});
}

LogicalResult importScan(NodeImporter &n) {
  const onnx::GraphProto *body = bodyOf(n);
  if (!body)
    return failure();
  int numScanInputs = static_cast<int>(n.attrInt("num_scan_inputs", 0));
  int numState = n.numInputs() - numScanInputs;
  int numScanOutputs = body->output_size() - numState;
  if (numScanInputs < 1 || numState < 0 || numScanOutputs < 0)
    return n.fail("num_scan_inputs is " + std::to_string(numScanInputs) + " with " + std::to_string(n.numInputs()) +
                  " inputs and a body of " + std::to_string(body->output_size()) + " outputs");
  auto inputAxes = listAttr(n, "scan_input_axes", numScanInputs);
  auto inputDirections = listAttr(n, "scan_input_directions", numScanInputs);
  auto outputAxes = listAttr(n, "scan_output_axes", numScanOutputs);
  auto outputDirections = listAttr(n, "scan_output_directions", numScanOutputs);
  if (failed(inputAxes) || failed(inputDirections) || failed(outputAxes) || failed(outputDirections) ||
      failed(requireInputs(n, n.numInputs(), n.numInputs())))
    return failure();

  // Each scan input's axis; all must have the same (static) length along it.
  SmallVector<int64_t> axes;
  int64_t length = -1;
  for (int j = 0; j < numScanInputs; ++j) {
    int64_t rank = typeOf(n.input(numState + j)).getRank();
    int64_t given = inputAxes->empty() ? 0 : (*inputAxes)[j];
    int64_t axis = normalizeAxis(given, rank);
    if (axis < 0 || axis >= rank)
      return n.fail("scan input axis " + std::to_string(given) + " is out of range for rank " + std::to_string(rank));
    int64_t dim = typeOf(n.input(numState + j)).getDimSize(axis);
    if (length >= 0 && dim != length)
      return n.fail("scan inputs have different lengths (" + std::to_string(length) + " and " +
                    std::to_string(dim) + ")");
    length = dim;
    axes.push_back(axis);
  }
  if (failed(checkUnrollSize(n, length, *body)))
    return failure();

  SmallVector<Value> state;
  for (int i = 0; i < numState; ++i)
    state.push_back(n.input(i));
  std::vector<SmallVector<Value>> scans(numScanOutputs);
  for (int64_t t = 0; t < length; ++t) {
    SmallVector<Value> inputs(state);
    for (int j = 0; j < numScanInputs; ++j) {
      bool reverse = !inputDirections->empty() && (*inputDirections)[j] != 0;
      Value step = stepOf(n, n.input(numState + j), axes[j], reverse ? length - 1 - t : t);
      if (!step)
        return failure();
      inputs.push_back(step);
    }
    SmallVector<Value> outputs;
    if (failed(n.importSubgraph(*body, inputs, outputs)))
      return failure();
    state.assign(outputs.begin(), outputs.begin() + numState);
    for (int k = 0; k < numScanOutputs; ++k)
      scans[k].push_back(outputs[numState + k]);
  }
  for (int i = 0; i < numState; ++i)
    n.setOutput(i, state[i]);
  return setScanOutputs(n, numState, scans, *outputAxes, *outputDirections);
}

} // namespace edgec
