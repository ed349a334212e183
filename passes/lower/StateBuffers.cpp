// State pairs (--stateful): one persistent buffer per pair in place of its input and output
// arguments, written in place when the call order allows, else copied into after the last call.
#include "passes/lower/StateBuffers.h"
#include "compiler/dialect/Kernel/KernelDialect.h"
#include "compiler/support/NodeLocation.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/BitVector.h"

using namespace mlir;

namespace edgec {

namespace {

/// The argument carrying graph input (or output) `name`, or -1.
int argumentNamed(func::FuncOp func, StringRef name, bool output) {
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto argName = func.getArgAttrOfType<StringAttr>(i, "edgec.name");
    if (argName && argName.getValue() == name && static_cast<bool>(func.getArgAttr(i, "edgec.output")) == output)
      return static_cast<int>(i);
  }
  return -1;
}

/// Where the bytes under a buffer are first written and last read, as positions of the
/// function body's top-level ops (a patch stage is one position).
struct Accesses {
  int64_t firstWrite = INT64_MAX, lastRead = -1;
};

Accesses accessesOf(func::FuncOp func, Value buffer) {
  Block &body = func.getBody().front();
  DenseMap<Operation *, int64_t> position;
  for (auto [i, op] : llvm::enumerate(body))
    position[&op] = static_cast<int64_t>(i);
  Accesses accesses;
  SmallVector<Value> views{buffer};
  while (!views.empty()) {
    Value v = views.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (isa<kernel::ReshapeOp, memref::SubViewOp>(user)) {
        views.push_back(user->getResult(0));
        continue;
      }
      // An op that does not declare its effects is taken to read and write.
      bool reads = true, writes = true;
      if (auto effects = dyn_cast<MemoryEffectOpInterface>(user)) {
        SmallVector<MemoryEffects::EffectInstance> list;
        effects.getEffectsOnValue(v, list);
        reads = llvm::any_of(list, [](auto &e) { return isa<MemoryEffects::Read>(e.getEffect()); });
        writes = llvm::any_of(list, [](auto &e) { return isa<MemoryEffects::Write>(e.getEffect()); });
      }
      int64_t at = position.lookup(body.findAncestorOpInBlock(*user));
      if (reads)
        accesses.lastRead = std::max(accesses.lastRead, at);
      if (writes)
        accesses.firstWrite = std::min(accesses.firstWrite, at);
    }
  }
  return accesses;
}

} // namespace

LogicalResult bindStateBuffers(func::FuncOp func, ArrayAttr pairs) {
  if (!pairs)
    return success();
  Block &body = func.getBody().front();
  OpBuilder b(func.getContext());
  llvm::BitVector erase(func.getNumArguments());
  for (Attribute entry : pairs) {
    auto pair = dyn_cast<DictionaryAttr>(entry);
    auto in = pair ? pair.getAs<StringAttr>("input") : StringAttr();
    auto out = pair ? pair.getAs<StringAttr>("output") : StringAttr();
    if (!in || !out)
      return func.emitError() << "expected " << kStatePairsAttr << " entries {input, output}, got " << entry;
    int inArg = argumentNamed(func, in.getValue(), false), outArg = argumentNamed(func, out.getValue(), true);
    if (inArg < 0 && outArg < 0)
      continue; // bound by an earlier run (a dump resumed)
    if (inArg < 0 || outArg < 0)
      return func.emitError() << "state pair '" << in.getValue() << "' -> '" << out.getValue() << "': the graph has no "
                              << (inArg < 0 ? "input '" + in.getValue() : "output '" + out.getValue()) << "'";
    Value oldState = func.getArgument(inArg), newState = func.getArgument(outArg);
    auto type = cast<MemRefType>(oldState.getType());
    if (newState.getType() != type)
      return func.emitError() << "state pair '" << in.getValue() << "' -> '" << out.getValue()
                              << "': the input is " << type << " but the output " << newState.getType();
    // In place only when nothing reads the old state once the new one is being written.
    bool inPlace = accessesOf(func, oldState).lastRead < accessesOf(func, newState).firstWrite;
    // Named after the pair, so the report's timeline and the emitted calls say what they are.
    MLIRContext *context = func.getContext();
    b.setInsertionPointToStart(&body);
    auto state = b.create<memref::AllocOp>(nodeLocation(context, in.getValue(), "State"), type);
    state->setAttr(kStateBufferAttr,
                   b.getDictionaryAttr({b.getNamedAttr("input", in), b.getNamedAttr("output", out),
                                        b.getNamedAttr("update", b.getStringAttr(inPlace ? "in_place" : "copy_at_end"))}));
    oldState.replaceAllUsesWith(state);
    if (inPlace) {
      newState.replaceAllUsesWith(state);
    } else {
      auto next = b.create<memref::AllocOp>(nodeLocation(context, out.getValue(), "State"), type);
      newState.replaceAllUsesWith(next);
      b.setInsertionPoint(body.getTerminator());
      b.create<kernel::CopyOp>(nodeLocation(context, out.getValue(), "StateCopy"), next, state, "edgec_copy");
    }
    erase.set(inArg);
    erase.set(outArg);
  }
  func.eraseArguments(erase);
  return success();
}

} // namespace edgec
