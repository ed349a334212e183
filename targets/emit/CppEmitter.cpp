// The C++ emitter: kernel-dialect module -> <name>.h/.cpp, weights blob, kernels, CMakeLists.txt, report.json.
#include "targets/emit/CppEmitter.h"
#include "compiler/dialect/Kernel/KernelDialect.h"
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"
#include "passes/lower/BranchGuards.h"
#include "passes/lower/StateBuffers.h"
#include "targets/TargetDescription.h"
#include "targets/emit/KernelCallWriter.h"
#include "targets/emit/ReportHtml.h"
#include "targets/emit/ReportWriter.h"
#include "targets/emit/TargetBuild.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cctype>
#include <cstring>
#include <vector>

using namespace mlir;

namespace edgec {

bool isCIdentifier(const std::string &name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
    return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      return false;
  return true;
}

namespace {

struct TensorInfo {
  std::string name, dtype;
  SmallVector<int64_t> shape;
  int64_t elements = 0, bytes = 0;
  bool used = true; // an input no kernel reads (CastLike's type donor) may be any size
};

/// A --stateful pair: the state's tensor (named after the input) and where it lives.
struct StateInfo {
  TensorInfo tensor;
  std::string output, update, accessor; // accessor: <name>_state_<accessor>(ctx)
  size_t pool = 0;
  int64_t offset = 0;
};

/// What the header and the info tables say of a buffer of `type`.
TensorInfo tensorInfo(std::string name, MemRefType type) {
  TensorInfo t;
  t.name = std::move(name);
  t.dtype = dtypeName(type.getElementType());
  t.shape.assign(type.getShape().begin(), type.getShape().end());
  t.elements = type.getNumElements();
  t.bytes = byteSizeOf(type);
  return t;
}

/// Text safe inside a // comment or a C string: printable ASCII, no backslash or quote.
std::string sanitize(StringRef s) {
  std::string out;
  for (char c : s)
    out += (c >= 32 && c < 127 && c != '\\' && c != '"') ? c : '_';
  return out;
}

/// `text` with every line indented two more spaces (a kernel call inside an `if`).
std::string indentLines(StringRef text) {
  std::string out;
  for (StringRef rest = text; !rest.empty();) {
    auto [line, tail] = rest.split('\n');
    out += "  " + line.str() + "\n";
    rest = tail;
  }
  return out;
}

class Emitter {
public:
  Emitter(ModuleOp module, const EmitOptions &options, FileSet &files)
      : module(module), options(options), files(files), name(options.name),
        build(targetBuild(module->getAttrOfType<DictionaryAttr>("edgec.target"))) {
    if (options.hostBuild) // the target's kernels (they build anywhere), this machine's runtime
      build = hostedBuild(build);
  }

  LogicalResult run();

private:
  std::string header(StringRef file, StringRef prefix);
  LogicalResult collectSignature();
  LogicalResult buildWeights();
  LogicalResult buildSchedule(std::string &body, std::set<std::string> &headers);
  LogicalResult writePatchStage(kernel::PatchStageOp stage, raw_ostream &os, std::set<std::string> &headers);
  std::string bufferExpr(Value v);
  void writeTrace(Operation &op, raw_ostream &os, int64_t index, StringRef label);
  void emitHeaderFile();
  std::string poolMacros(const std::string &guard) const;
  std::string contextDecl(const std::string &guard) const;
  std::string arenaDefinitions() const;
  LogicalResult collectStates();
  std::string stateDecls(const std::string &guard) const;
  std::string stateDefinitions() const;
  void emitSourceFile(const std::string &body, const std::set<std::string> &headers);
  void emitWeightsFiles();
  void emitMain();
  void emitCMake();
  void emitArchFlags(llvm::raw_ostream &os);
  LogicalResult copyRuntime(const std::set<std::string> &headers);
  std::string traceWriter();
  std::string stateWriter() const;
  std::string bareMetalTiming() const;
  std::set<std::string> customOpSymbols();
  std::string customOpSources();
  LogicalResult checkCustomOps();
  std::string attrStr(StringRef attr) {
    auto s = module->getAttrOfType<StringAttr>(attr);
    return s ? s.getValue().str() : std::string();
  }
  int64_t attrInt(StringRef attr) {
    auto i = module->getAttrOfType<IntegerAttr>(attr);
    return i ? i.getInt() : 0;
  }

  ModuleOp module;
  const EmitOptions &options;
  FileSet &files;
  std::string name;
  func::FuncOp func;
  std::vector<TensorInfo> inputs, outputs;
  std::vector<StateInfo> states;
  std::string weights;
  int64_t arenaBytes = 0;
  /// The planned memory pools, fastest first; one static arena each. A single pool keeps
  /// the one-arena API (`ctx->arena`); several get `ctx->pools[]`.
  struct Pool {
    std::string name, section;
    int64_t bytes = 0;
  };
  std::vector<Pool> pools;
  std::string poolVar(StringRef pool) const {
    return pools.size() == 1 ? std::string("arena") : "pool_" + pool.str();
  }
  int64_t calls = 0;
  bool hasArch = false; // emitCMake wrote EDGEC_ARCH_FLAGS
  TargetBuild build;     // toolchain, runtime stub and emulator of the target
};

std::string Emitter::header(StringRef file, StringRef prefix) {
  std::string flags = sanitize(attrStr("edgec.flags"));
  return llvm::formatv("{0} {1}: generated by edgec {2} -- do not edit.\n"
                       "{0} model '{3}', sha256 {4}\n"
                       "{0} flags: {5}\n"
                       "{0} edgec runtime and kernels: Apache-2.0.\n",
                       prefix, file, EDGEC_VERSION, name, sanitize(attrStr("edgec.model_hash")),
                       flags.empty() ? "(none)" : flags)
      .str();
}

LogicalResult Emitter::collectSignature() {
  for (auto f : module.getOps<func::FuncOp>()) {
    if (f.isExternal())
      continue;
    if (func)
      return module.emitError("expected one function at the kernel level");
    func = f;
  }
  if (!func || func.getFunctionType().getNumResults() != 0)
    return module.emitError("the module is not at the kernel level (run the pipeline through kernel-plan-memory)");
  if (!module->hasAttr("edgec.arena_bytes"))
    return module.emitError("the module has no memory plan (run kernel-plan-memory)");
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto argName = func.getArgAttrOfType<StringAttr>(i, "edgec.name");
    TensorInfo t = tensorInfo(argName ? argName.getValue().str() : "arg" + std::to_string(i),
                              cast<MemRefType>(func.getArgument(i).getType()));
    t.used = !func.getArgument(i).use_empty();
    (func.getArgAttr(i, "edgec.output") ? outputs : inputs).push_back(std::move(t));
  }
  arenaBytes = attrInt("edgec.arena_bytes");
  if (auto list = module->getAttrOfType<ArrayAttr>("edgec.pools"))
    for (auto p : list.getAsRange<DictionaryAttr>()) {
      auto poolName = p.getAs<StringAttr>("name");
      auto bytes = p.getAs<IntegerAttr>("bytes");
      auto section = p.getAs<StringAttr>("section");
      if (!poolName || !bytes)
        return module.emitError("edgec.pools entries need a name and bytes");
      pools.push_back({poolName.getValue().str(), section ? section.getValue().str() : "", bytes.getInt()});
    }
  if (pools.size() <= 1) // older dumps have no pool list; one pool is the whole arena
    pools.assign(1, {pools.empty() ? "arena" : pools[0].name, pools.empty() ? "" : pools[0].section, arenaBytes});
  return collectStates();
}

/// The state buffers kernel-plan-memory made, in the order of the --stateful flags.
LogicalResult Emitter::collectStates() {
  auto pairs = module->getAttrOfType<ArrayAttr>(kStatePairsAttr);
  if (!pairs)
    return success();
  std::set<std::string> accessors;
  for (auto pair : pairs.getAsRange<DictionaryAttr>()) {
    kernel::BufferOp buffer;
    func.walk([&](kernel::BufferOp b) {
      auto state = b->getAttrOfType<DictionaryAttr>(kStateBufferAttr);
      if (state && state.get("input") == pair.get("input"))
        buffer = b;
    });
    if (!buffer)
      return module.emitError() << "state pair " << pair << " has no state buffer (run kernel-plan-memory)";
    auto state = buffer->getAttrOfType<DictionaryAttr>(kStateBufferAttr);
    StateInfo info;
    info.tensor = tensorInfo(state.getAs<StringAttr>("input").getValue().str(), buffer.getType());
    info.output = state.getAs<StringAttr>("output").getValue().str();
    info.update = state.getAs<StringAttr>("update").getValue().str();
    while (info.pool + 1 < pools.size() && pools[info.pool].name != buffer.getPool())
      ++info.pool;
    info.offset = buffer.getOffset();
    // The accessor is named after the input, as a C identifier unique among the states.
    for (char c : info.tensor.name)
      info.accessor += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (!accessors.insert(info.accessor).second)
      accessors.insert(info.accessor += "_" + std::to_string(states.size()));
    states.push_back(std::move(info));
  }
  return success();
}

LogicalResult Emitter::buildWeights() {
  weights.assign(attrInt("edgec.weights_bytes"), '\0');
  for (auto global : module.getOps<memref::GlobalOp>()) {
    auto offset = global->getAttrOfType<IntegerAttr>("edgec.offset");
    auto value = dyn_cast_if_present<ElementsAttr>(global.getInitialValueAttr());
    if (!offset || !value)
      return global.emitError("weight has no planned offset or no value");
    std::vector<char> bytes = getConstantBytes(value);
    if (offset.getInt() + static_cast<int64_t>(bytes.size()) > static_cast<int64_t>(weights.size()))
      return global.emitError("weight does not fit the planned blob");
    std::memcpy(weights.data() + offset.getInt(), bytes.data(), bytes.size());
  }
  return success();
}

std::string Emitter::bufferExpr(Value v) {
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    unsigned i = arg.getArgNumber();
    return i < inputs.size() ? "(in" + std::to_string(i) + ")"
                             : "(out" + std::to_string(i - inputs.size()) + ")";
  }
  Operation *def = v.getDefiningOp();
  if (auto buffer = dyn_cast<kernel::BufferOp>(def))
    return "(" + poolVar(buffer.getPool()) + " + " + std::to_string(buffer.getOffset()) + ")";
  if (auto view = dyn_cast<kernel::ReshapeOp>(def))
    return bufferExpr(view.getInput());
  if (auto slice = dyn_cast<memref::SubViewOp>(def)) {
    // A slice of a concat's output (kernel-elide-concat): its first element's byte offset.
    auto [strides, offset] = getStridesAndOffset(slice.getType());
    int64_t bytes = offset * byteSizeOf(MemRefType::get({1}, slice.getType().getElementType()));
    return "(" + bufferExpr(slice.getSource()) + " + " + std::to_string(bytes) + ")";
  }
  auto get = cast<memref::GetGlobalOp>(def);
  auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(get, get.getNameAttr());
  // A weight the planner copies into a fast pool at _init: the kernels read the copy.
  if (auto copy = global->getAttrOfType<DictionaryAttr>("edgec.fast_copy"))
    return "(" + poolVar(copy.getAs<StringAttr>("pool").getValue()) + " + " +
           std::to_string(copy.getAs<IntegerAttr>("offset").getInt()) + ")";
  int64_t offset = global->getAttrOfType<IntegerAttr>("edgec.offset").getInt();
  return "(" + name + "_weights + " + std::to_string(offset) + ")";
}

void Emitter::writeTrace(Operation &op, raw_ostream &os, int64_t index, StringRef label) {
  Value out = op.getOperands().back();
  auto type = cast<MemRefType>(out.getType());
  // A slice of a concat's output (kernel-elide-concat) is not contiguous: not traced.
  if (!type.getLayout().isIdentity())
    return;
  SmallVector<int64_t> perm;
  if (auto layout = op.getAttrOfType<DenseI64ArrayAttr>("edgec.layout"))
    perm.assign(layout.asArrayRef().begin(), layout.asArrayRef().end());
  else
    for (int64_t d = 0; d < type.getRank(); ++d)
      perm.push_back(d);
  auto list = [](ArrayRef<int64_t> v) {
    std::string s = "{";
    for (size_t i = 0; i < v.size(); ++i)
      s += (i ? ", " : "") + std::to_string(v[i]);
    return s + (v.empty() ? "0}" : "}");
  };
  os << "  {\n    static const int32_t shape[] = " << list(type.getShape()) << ";\n"
     << "    static const int32_t perm[] = " << list(perm) << ";\n"
     << "    " << name << "_trace(" << index << ", \"" << sanitize(label) << "\", "
     << bufferExpr(out) << ", \"" << dtypeName(type.getElementType()) << "\", " << type.getRank()
     << ", shape, perm);\n  }\n";
}

/// A patch stage, unrolled: per patch, gather the stage input's region, run every kernel on
/// its region (each call written by the ordinary kernel writer for a copy of the kernel
/// retyped to the region, with the patch's padding), scatter the last region into place.
LogicalResult Emitter::writePatchStage(kernel::PatchStageOp stage, raw_ostream &os, std::set<std::string> &headers) {
  headers.insert("patch.h");
  SmallVector<Operation *> kernels;
  for (Operation &op : stage.getBody().front())
    kernels.push_back(&op);
  const int64_t n = static_cast<int64_t>(kernels.size());
  ArrayRef<int64_t> regions = stage.getPatchRegions();
  // A gather or scatter of the box at (rows, cols) of `tensor`; `args` in the call's order.
  auto box = [&](const char *fn, Value tensor, const int64_t *rows, const int64_t *cols, const std::string &args) {
    auto type = cast<MemRefType>(tensor.getType());
    ArrayRef<int64_t> d = type.getShape();
    os << "  {\n    static const edgec_box_params b = {{" << d[0] << ", " << d[1] << ", " << d[2] << ", " << d[3]
       << "}, {0, " << rows[0] << ", " << cols[0] << ", 0}, {" << d[0] << ", " << rows[1] - rows[0] << ", "
       << cols[1] - cols[0] << ", " << d[3] << "}, " << byteSizeOf(MemRefType::get({1}, type.getElementType()))
       << "};\n    " << fn << "(&b, " << args << ");\n  }\n";
  };
  os << "  // patch stage: " << n << " kernels in " << stage.getGrid()[0] << "x" << stage.getGrid()[1] << " patches\n";
  OpBuilder b(stage.getContext());
  b.setInsertionPointToEnd(&stage.getBody().front());
  for (int64_t p = 0; p < stage.getNumPatches(); ++p) {
    const int64_t *first = &regions[(p * n) * kernel::PatchStageOp::kRegionFields];
    const int64_t *last = &regions[(p * n + n - 1) * kernel::PatchStageOp::kRegionFields];
    os << "  { // patch " << p << ": output rows [" << last[8] << ", " << last[9] << "), cols [" << last[10] << ", "
       << last[11] << ")\n";
    Value stageIn = kernels[0]->getOperand(0);
    box("edgec_box_gather", stageIn, first, first + 2, bufferExpr(stageIn) + ", " + bufferExpr(stage.getInPatch()));
    for (int64_t l = 0; l < n; ++l) {
      Operation *op = kernels[l];
      const int64_t *r = &regions[(p * n + l) * kernel::PatchStageOp::kRegionFields];
      auto retype = [&](Value v, int64_t rows, int64_t cols) {
        auto t = cast<MemRefType>(v.getType());
        return b.create<memref::AllocOp>(op->getLoc(), MemRefType::get({t.getShape()[0], rows, cols, t.getShape()[3]},
                                                                        t.getElementType()));
      };
      Value in = op->getOperand(0), out = op->getOperands().back();
      auto regionIn = retype(in, r[1] - r[0], r[3] - r[2]), regionOut = retype(out, r[9] - r[8], r[11] - r[10]);
      IRMapping map;
      map.map(in, regionIn.getResult());
      map.map(out, regionOut.getResult());
      Operation *copy = b.clone(*op, map);
      if (copy->hasAttr("pads"))
        copy->setAttr("pads", b.getDenseI64ArrayAttr({r[4], r[5], r[6], r[7]}));
      std::string inExpr = l == 0 ? bufferExpr(stage.getInPatch()) : bufferExpr(in);
      std::string outExpr = l == n - 1 ? bufferExpr(stage.getOutPatch()) : bufferExpr(out);
      os << "  { // [" << calls + l << "] " << sanitize(nodeName(op->getLoc())) << " (" << sanitize(nodeOpType(op->getLoc()))
         << ")\n  EDGEC_LAYER_BEGIN(" << calls + l << ");\n";
      LogicalResult written = writeKernelCall(
          copy,
          [&](Value v) {
            return v == regionIn.getResult() ? inExpr : v == regionOut.getResult() ? outExpr : bufferExpr(v);
          },
          os, headers);
      copy->erase();
      regionOut.erase();
      regionIn.erase();
      if (failed(written))
        return failure();
      os << "  EDGEC_LAYER_END(" << calls + l << ");\n  }\n";
    }
    box("edgec_box_scatter", stage.getStageOutput(), last + 8, last + 10,
        bufferExpr(stage.getOutPatch()) + ", " + bufferExpr(stage.getStageOutput()));
    os << "  }\n";
  }
  calls += n;
  return success();
}

LogicalResult Emitter::buildSchedule(std::string &body, std::set<std::string> &headers) {
  llvm::raw_string_ostream out(body);
  // Run-time If (passes/lower/BranchGuards.h): the calls of one side run under its condition,
  // the byte its join reads; consecutive calls of a side share one block.
  DenseMap<int64_t, Value> conditionOf;
  for (Operation &op : func.getBody().front())
    if (auto join = op.getAttrOfType<IntegerAttr>("edgec.branch_join"))
      conditionOf[join.getInt()] = op.getOperand(0);
  std::optional<BranchGuard> open;
  bool elseTaken = false; // the open block is already an `else`
  auto enter = [&](std::optional<BranchGuard> guard) {
    if (guard == open)
      return;
    bool otherSide = open && guard && guard->join == open->join && !elseTaken;
    if (otherSide) {
      out << "  } else {\n";
    } else {
      if (open)
        out << "  }\n";
      if (guard)
        out << "  if (" << (guard->side ? "" : "!") << bufferExpr(conditionOf.lookup(guard->join))
            << "[0]) { // run-time If: its " << (guard->side ? "then" : "else") << " branch\n";
    }
    elseTaken = otherSide;
    open = guard;
  };
  for (Operation &op : func.getBody().front()) {
    if (isa<func::ReturnOp, kernel::BufferOp, kernel::ReshapeOp, memref::SubViewOp, memref::GetGlobalOp>(op))
      continue;
    if (!isa<kernel::KernelDialect>(op.getDialect()))
      return op.emitError() << "'" << op.getName() << "' is not a kernel call (the emitter reads only the kernel dialect)";
    std::optional<BranchGuard> guard = guardOf(&op);
    if (guard && !conditionOf.count(guard->join))
      return op.emitError() << "guarded by run-time If " << guard->join << ", which has no join";
    enter(guard);
    std::string text;
    llvm::raw_string_ostream os(text);
    if (auto stage = dyn_cast<kernel::PatchStageOp>(op)) {
      if (failed(writePatchStage(stage, os, headers)))
        return failure();
      out << text;
      continue;
    }
    os << "  { // [" << calls << "] " << sanitize(nodeName(op.getLoc())) << " ("
       << sanitize(nodeOpType(op.getLoc())) << ")\n";
    os << "  EDGEC_LAYER_BEGIN(" << calls << ");\n";
    if (failed(writeKernelCall(&op, [&](Value v) { return bufferExpr(v); }, os, headers)))
      return failure();
    if (options.observeTensors) {
      if (auto id = op.getAttrOfType<IntegerAttr>("edgec.observe"))
        writeTrace(op, os, id.getInt(), "observe");
    } else if (options.traceTensors && !op.hasAttr("edgec.layout_transpose") && !lastNodeName(op.getLoc()).empty()) {
      writeTrace(op, os, calls, lastNodeName(op.getLoc()));
    }
    os << "  EDGEC_LAYER_END(" << calls << ");\n  }\n";
    ++calls;
    out << (guard ? indentLines(text) : text);
  }
  enter(std::nullopt);
  return success();
}

void Emitter::emitHeaderFile() {
  std::string guard = name;
  for (char &c : guard)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string s = header(name + ".h", "//");
  llvm::raw_string_ostream os(s);
  os << "#ifndef " << guard << "_H\n#define " << guard << "_H\n\n"
     << "#include <stddef.h>\n#include <stdint.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     << "#define " << guard << "_ARENA_BYTES " << arenaBytes << "u\n"
     << "#define " << guard << "_ARENA_ALIGNMENT 16u\n"
     << "#define " << guard << "_WEIGHTS_BYTES " << weights.size() << "u\n"
     << poolMacros(guard)
     << "#define " << guard << "_NUM_INPUTS " << inputs.size() << "\n"
     << "#define " << guard << "_NUM_OUTPUTS " << outputs.size() << "\n\n";
  auto describe = [&](const char *kind, const std::vector<TensorInfo> &list) {
    for (size_t i = 0; i < list.size(); ++i) {
      os << "/* " << kind << " " << i << " '" << sanitize(list[i].name) << "': " << list[i].dtype << "[";
      for (size_t d = 0; d < list[i].shape.size(); ++d)
        os << (d ? "," : "") << list[i].shape[d];
      os << "] */\n#define " << guard << "_" << (kind[0] == 'i' ? "INPUT" : "OUTPUT") << i
         << "_ELEMENTS " << list[i].elements << "\n";
    }
  };
  describe("input", inputs);
  describe("output", outputs);
  os << "\n/* Shape and type of a graph input or output. */\n"
     << "typedef struct {\n  const char* name;\n  const char* dtype;\n  int32_t rank;\n"
     << "  int32_t shape[8];\n  int32_t elements;\n  int32_t bytes;\n"
     << "  int32_t used; /* 0: no kernel reads this input */\n} " << name << "_tensor_info;\n\n"
     << "extern const " << name << "_tensor_info " << name << "_inputs[" << inputs.size() << "];\n"
     << "extern const " << name << "_tensor_info " << name << "_outputs[" << outputs.size() << "];\n\n"
     << contextDecl(guard)
     << "int " << name << "_init(" << name << "_context* ctx, void* arena, size_t arena_bytes);\n\n"
     << "/* Runs one inference. inputs[i] / outputs[i] point to dense row-major buffers of\n"
     << " * the shapes above. Returns 0 on success. */\n"
     << "int " << name << "_run(" << name << "_context* ctx, const void* const* inputs, void* const* outputs);\n\n"
     << stateDecls(guard) << "#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
  files[name + ".h"] = os.str();
}

std::string Emitter::stateDecls(const std::string &guard) const {
  if (states.empty())
    return "";
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "/* State kept in the arena between runs (--stateful): each run reads it as its input and\n"
     << " * leaves the next value in the same bytes; they are not among the run's inputs and outputs.\n"
     << " * _init zeroes every state. */\n"
     << "#define " << guard << "_NUM_STATES " << states.size() << "\n"
     << "extern const " << name << "_tensor_info " << name << "_states[" << states.size() << "];\n\n"
     << "/* State `index`'s bytes in ctx's arena (" << name << "_states[index] gives its shape and type):\n"
     << " * read them to save a stream's state, write them to restore it. NULL for a bad index. */\n"
     << "void* " << name << "_state(" << name << "_context* ctx, int32_t index);\n\n"
     << "/* Zeroes every state, as _init does: the next run starts a new stream. */\n"
     << "void " << name << "_reset_state(" << name << "_context* ctx);\n\n";
  for (size_t i = 0; i < states.size(); ++i) {
    const StateInfo &st = states[i];
    os << "/* state " << i << " '" << sanitize(st.tensor.name) << "' (next value: output '" << sanitize(st.output)
       << "', " << (st.update == "in_place" ? "written in place" : "copied in after the last layer") << "): "
       << st.tensor.dtype << "[";
    for (size_t d = 0; d < st.tensor.shape.size(); ++d)
      os << (d ? "," : "") << st.tensor.shape[d];
    os << "] */\n#define " << guard << "_STATE_" << llvm::StringRef(st.accessor).upper() << "_BYTES " << st.tensor.bytes
       << "u\n#define " << name << "_state_" << st.accessor << "(ctx) " << name << "_state((ctx), " << i << ")\n";
  }
  return os.str() + "\n";
}

std::string Emitter::stateDefinitions() const {
  if (states.empty())
    return "";
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "extern \"C\" void* " << name << "_state(" << name << "_context* ctx, int32_t index) {\n"
     << "  if (!ctx) return nullptr;\n  switch (index) {\n";
  for (size_t i = 0; i < states.size(); ++i) {
    std::string base = pools.size() == 1 ? "ctx->arena" : "ctx->pools[" + std::to_string(states[i].pool) + "]";
    os << "    case " << i << ": return " << base << " ? " << base << " + " << states[i].offset << " : nullptr;\n";
  }
  os << "  }\n  return nullptr;\n}\n\n"
     << "extern \"C\" void " << name << "_reset_state(" << name << "_context* ctx) {\n"
     // A plain loop, not memset: the model code includes no C library header.
     << "  for (int32_t i = 0; i < " << states.size() << "; ++i)\n"
     << "    if (uint8_t* state = static_cast<uint8_t*>(" << name << "_state(ctx, i)))\n"
     << "      for (int32_t b = 0; b < " << name << "_states[i].bytes; ++b) state[b] = 0;\n}\n\n";
  return os.str();
}

std::string Emitter::poolMacros(const std::string &guard) const {
  if (pools.size() == 1)
    return "";
  std::string s = "#define " + guard + "_NUM_POOLS " + std::to_string(pools.size()) + "\n";
  for (size_t p = 0; p < pools.size(); ++p)
    s += "#define " + guard + "_POOL_" + llvm::StringRef(pools[p].name).upper() + "_BYTES " +
         std::to_string(pools[p].bytes) + "u /* pool " + std::to_string(p) + (p ? "" : ", the fastest") + " */\n";
  return s;
}

std::string Emitter::contextDecl(const std::string &guard) const {
  if (pools.size() == 1)
    return "/* One instance: the arena it computes in. Instances with separate arenas may run side by side. */\n"
           "typedef struct {\n  uint8_t* arena;\n} " + name + "_context;\n\n"
           "/* Binds `arena` (" + guard + "_ARENA_BYTES bytes, " + guard + "_ARENA_ALIGNMENT-aligned, owned by the caller),\n"
           " * or the model's static arena when `arena` is NULL. Returns 0 on success. */\n";
  std::string names;
  for (const Pool &p : pools)
    names += (names.empty() ? "" : ", ") + p.name;
  return "/* One instance: one arena per memory pool (" + names + "), fastest first.\n"
         " * Instances with separate arenas may run side by side. */\n"
         "typedef struct {\n  uint8_t* pools[" + std::to_string(pools.size()) + "];\n} " + name + "_context;\n\n"
         "/* Binds the model's static arenas, one per pool (each in the linker section its\n"
         " * " + guard + "_POOL_<NAME>_SECTION macro names), when `arena` is NULL; otherwise carves every\n"
         " * pool, back to back, out of `arena` (" + guard + "_ARENA_BYTES bytes, " + guard +
         "_ARENA_ALIGNMENT-aligned).\n * Returns 0 on success. */\n";
}

std::string Emitter::arenaDefinitions() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  std::string guard = llvm::StringRef(name).upper();
  std::string resetStates = states.empty() ? "" : "  " + name + "_reset_state(ctx);\n";
  if (pools.size() == 1) {
    os << "namespace {\nEDGEC_ALIGN(16) uint8_t " << name << "_static_arena[" << std::max<int64_t>(arenaBytes, 1)
       << "];\n}\n\n"
       << "extern \"C\" int " << name << "_init(" << name << "_context* ctx, void* arena, size_t arena_bytes) {\n"
       << "  if (!ctx) return EDGEC_ERR_ARG;\n"
       << "  if (!arena) {\n    arena = " << name << "_static_arena;\n    arena_bytes = sizeof(" << name
       << "_static_arena);\n  }\n"
       // No size test for an empty arena: `arena_bytes < 0u` is always false (-Wtype-limits).
       << (arenaBytes ? "  if (arena_bytes < " + std::to_string(arenaBytes) + "u || "
                      : std::string("  (void)arena_bytes;  // no arena needed\n  if ("))
       << "(reinterpret_cast<uintptr_t>(arena) % 16u) != 0)\n"
       << "    return EDGEC_ERR_ARENA;\n"
       << "  ctx->arena = static_cast<uint8_t*>(arena);\n" << resetStates << "  return EDGEC_OK;\n}\n\n"
       << "extern \"C\" int " << name << "_run(" << name << "_context* ctx, const void* const* inputs, void* const* outputs) {\n"
       << "  if (!ctx || !ctx->arena || !inputs || !outputs) return EDGEC_ERR_ARG;\n"
       << "  uint8_t* const arena = ctx->arena;\n  (void)arena;\n";
    return os.str();
  }
  // Several pools: a static arena each, placed by a section attribute the user may override.
  os << "namespace {\n";
  for (const Pool &p : pools) {
    std::string macro = guard + "_POOL_" + llvm::StringRef(p.name).upper() + "_SECTION";
    os << "#ifndef " << macro << "\n#define " << macro
       << (p.section.empty() ? std::string() : " __attribute__((section(\"" + p.section + "\")))") << "\n#endif\n"
       << "EDGEC_ALIGN(16) " << macro << " uint8_t " << name << "_pool_" << p.name << "["
       << std::max<int64_t>(p.bytes, 1) << "];\n";
  }
  // Weights the planner copies into a fast pool (edgec.fast_copy): copied by every _init.
  std::string copies;
  for (auto global : func->getParentOfType<ModuleOp>().getOps<memref::GlobalOp>()) {
    auto copy = global->getAttrOfType<DictionaryAttr>("edgec.fast_copy");
    if (!copy)
      continue;
    StringRef pool = copy.getAs<StringAttr>("pool").getValue();
    size_t p = 0;
    while (p + 1 < pools.size() && pools[p].name != pool)
      ++p;
    copies += "  std::memcpy(ctx->pools[" + std::to_string(p) + "] + " +
              std::to_string(copy.getAs<IntegerAttr>("offset").getInt()) + ", " + name + "_weights + " +
              std::to_string(global->getAttrOfType<IntegerAttr>("edgec.offset").getInt()) + ", " +
              std::to_string(byteSizeOf(global.getType())) + ");  // " + global.getSymName().str() + "\n";
  }
  if (!copies.empty())
    os << "// The weights read most per byte, copied into the faster pools (the planner's\n"
       << "// edgec.fast_copy): the kernels read them there.\n"
       << "void " << name << "_copy_weights(" << name << "_context* ctx) {\n" << copies << "}\n";
  std::string ready = (copies.empty() ? "" : "  " + name + "_copy_weights(ctx);\n") + resetStates;
  os << "}\n\n"
     << "extern \"C\" int " << name << "_init(" << name << "_context* ctx, void* arena, size_t arena_bytes) {\n"
     << "  if (!ctx) return EDGEC_ERR_ARG;\n"
     << "  if (!arena) {\n";
  for (size_t p = 0; p < pools.size(); ++p)
    os << "    ctx->pools[" << p << "] = " << name << "_pool_" << pools[p].name << ";\n";
  SmallVector<StringRef> readyLines;
  StringRef(ready).split(readyLines, '\n', -1, /*KeepEmpty=*/false);
  for (StringRef line : readyLines) // inside the `if (!arena)` branch: two more spaces
    os << "  " << line << "\n";
  os << "    return EDGEC_OK;\n  }\n"
     << "  if (arena_bytes < " << arenaBytes << "u || (reinterpret_cast<uintptr_t>(arena) % 16u) != 0)\n"
     << "    return EDGEC_ERR_ARENA;\n";
  int64_t offset = 0;
  for (size_t p = 0; p < pools.size(); ++p) {
    os << "  ctx->pools[" << p << "] = static_cast<uint8_t*>(arena) + " << offset << ";\n";
    offset += (pools[p].bytes + 15) / 16 * 16;
  }
  os << ready << "  return EDGEC_OK;\n}\n\n"
     << "extern \"C\" int " << name << "_run(" << name << "_context* ctx, const void* const* inputs, void* const* outputs) {\n"
     << "  if (!ctx || !inputs || !outputs) return EDGEC_ERR_ARG;\n";
  for (size_t p = 0; p < pools.size(); ++p)
    os << "  uint8_t* const " << poolVar(pools[p].name) << " = ctx->pools[" << p << "];\n  (void)"
       << poolVar(pools[p].name) << ";\n"
       << "  if (!" << poolVar(pools[p].name) << ") return EDGEC_ERR_ARG;\n";
  return os.str();
}

void Emitter::emitSourceFile(const std::string &body, const std::set<std::string> &headers) {
  std::string s = header(name + ".cpp", "//");
  llvm::raw_string_ostream os(s);
  os << "#include \"" << name << ".h\"\n\n";
  // std::memcpy for the weights copied into fast pools at _init.
  if (llvm::any_of(func->getParentOfType<ModuleOp>().getOps<memref::GlobalOp>(),
                   [](memref::GlobalOp g) { return g->hasAttr("edgec.fast_copy"); }))
    os << "#include <cstring>\n\n";
  os << "#include \"edgec/runtime.h\"\n";
  for (const std::string &h : headers)
    os << "#include \"edgec/kernels/" << h << "\"\n";
  if (std::set<std::string> symbols = customOpSymbols(); !symbols.empty()) {
    os << "#include \"edgec/custom_op.h\"\n\n// --custom-op functions: the user's code (signature and descriptors in edgec/custom_op.h).\n";
    for (const std::string &symbol : symbols)
      os << "extern \"C\" EDGEC_CUSTOM_OP(" << symbol << ");\n";
  }
  os << "\n// Per-layer hooks (timing, tracing): define before including to override.\n"
     << "// EDGEC_LAYER_HOOKS: call edgec_layer_begin/end(index), which the user (or a harness) defines.\n"
     << "#if defined(EDGEC_LAYER_HOOKS) && !defined(EDGEC_LAYER_BEGIN)\n"
     << "extern \"C\" void edgec_layer_begin(int32_t index);\nextern \"C\" void edgec_layer_end(int32_t index);\n"
     << "#define EDGEC_LAYER_BEGIN(index) edgec_layer_begin(index)\n#define EDGEC_LAYER_END(index) edgec_layer_end(index)\n"
     << "#endif\n"
     << "#ifndef EDGEC_LAYER_BEGIN\n#define EDGEC_LAYER_BEGIN(index) ((void)0)\n#endif\n"
     << "#ifndef EDGEC_LAYER_END\n#define EDGEC_LAYER_END(index) ((void)0)\n#endif\n\n"
     << "extern \"C\" const uint8_t " << name << "_weights[];\n\n";
  if (options.traceTensors || options.observeTensors)
    os << "// --trace-tensors: called after every kernel with its output (stored layout;\n"
       << "// onnx = transpose(data, perm)). The harness writes them as .npy files.\n"
       << "extern \"C\" void " << name << "_trace(int32_t index, const char* node, const void* data,\n"
       << "    const char* dtype, int32_t rank, const int32_t* shape, const int32_t* perm);\n\n";
  auto table = [&](const char *kind, const std::vector<TensorInfo> &list) {
    os << "extern \"C\" const " << name << "_tensor_info " << name << "_" << kind << "[" << list.size()
       << "] = {\n";
    for (const TensorInfo &t : list) {
      os << "    {\"" << sanitize(t.name) << "\", \"" << t.dtype << "\", " << t.shape.size() << ", {";
      for (size_t d = 0; d < 8; ++d)
        os << (d ? ", " : "") << (d < t.shape.size() ? t.shape[d] : 0);
      os << "}, " << t.elements << ", " << t.bytes << ", " << (t.used ? 1 : 0) << "},\n";
    }
    os << "};\n\n";
  };
  table("inputs", inputs);
  table("outputs", outputs);
  if (!states.empty()) {
    std::vector<TensorInfo> stateTensors;
    for (const StateInfo &st : states)
      stateTensors.push_back(st.tensor);
    table("states", stateTensors);
  }
  os << stateDefinitions() << arenaDefinitions();
  for (size_t i = 0; i < inputs.size(); ++i)
    os << "  const uint8_t* const in" << i << " = static_cast<const uint8_t*>(inputs[" << i << "]);\n";
  for (size_t i = 0; i < outputs.size(); ++i)
    os << "  uint8_t* const out" << i << " = static_cast<uint8_t*>(outputs[" << i << "]);\n";
  os << body << "  return EDGEC_OK;\n}\n";
  files[name + ".cpp"] = os.str();
}

void Emitter::emitWeightsFiles() {
  if (options.weightsAsCArray) {
    std::string s = header(name + "_weights.cpp", "//");
    llvm::raw_string_ostream os(s);
    os << "#include <stdint.h>\n\nextern \"C\" alignas(16) const uint8_t " << name << "_weights["
       << std::max<size_t>(weights.size(), 1) << "] = {";
    for (size_t i = 0; i < weights.size(); ++i)
      os << (i % 16 == 0 ? "\n   " : "") << " " << static_cast<unsigned>(static_cast<uint8_t>(weights[i])) << ",";
    os << (weights.empty() ? "0" : "") << "\n};\n";
    files[name + "_weights.cpp"] = os.str();
    return;
  }
  files[name + "_weights.bin"] = weights;
  std::string s = header(name + "_weights.S", "//");
  llvm::raw_string_ostream os(s);
  // Assembled through the C preprocessor (.S), so // comments are fine. The blob is
  // linked as-is: a model with hundreds of MB of weights compiles in seconds.
  os << "  .section .rodata." << name << "_weights,\"a\"\n"
     << "  .balign 16\n  .global " << name << "_weights\n"
     << "  .type " << name << "_weights, %object\n"
     << name << "_weights:\n  .incbin \"" << name << "_weights.bin\"\n"
     << "  .byte 0\n" // keeps the symbol valid for a model without weights
     << "  .size " << name << "_weights, . - " << name << "_weights\n"
     << "#if defined(__ELF__)\n  .section .note.GNU-stack,\"\",%progbits\n#endif\n";
  files[name + "_weights.S"] = os.str();
}

/// The harness side of --trace-tensors: each kernel output, back in ONNX layout, as
/// out_dir/trace/NNNN_<node>.npy.
std::string Emitter::traceWriter() {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "extern \"C\" void " << name << "_trace(int32_t index, const char* node, const void* data,\n"
     << "    const char* dtype, int32_t rank, const int32_t* shape, const int32_t* perm) {\n"
     << "  edgec_io::Tensor t;\n  t.dtype = dtype;\n"
     << "  size_t elem = edgec_io::detail::dtypeSize(t.dtype), count = 1;\n"
     << "  std::vector<size_t> stride(rank > 0 ? rank : 1, 1);\n"
     << "  for (int32_t d = rank - 1; d >= 0; --d) {\n"
     << "    stride[d] = count;\n    count *= static_cast<size_t>(shape[d]);\n  }\n"
     << "  for (int32_t d = 0; d < rank; ++d) t.shape.push_back(shape[perm[d]]);\n"
     << "  t.data.resize(count * elem);\n"
     << "  const uint8_t* src = static_cast<const uint8_t*>(data);\n"
     << "  std::vector<size_t> idx(rank > 0 ? rank : 1, 0);\n"
     << "  for (size_t i = 0; i < count; ++i) {\n"
     << "    size_t from = 0;\n"
     << "    for (int32_t d = 0; d < rank; ++d) from += idx[d] * stride[perm[d]];\n"
     << "    std::memcpy(t.data.data() + i * elem, src + from * elem, elem);\n"
     << "    for (int32_t d = rank - 1; d >= 0; --d) {\n"
     << "      if (++idx[d] < static_cast<size_t>(t.shape[d])) break;\n      idx[d] = 0;\n    }\n  }\n"
     << "  std::string safe = node;\n"
     << "  for (char& c : safe)\n"
     << "    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') c = '_';\n"
     << "  char prefix[16];\n  std::snprintf(prefix, sizeof(prefix), \"%04d_\", static_cast<int>(index));\n"
     << "  std::error_code ec;\n  std::filesystem::create_directories(g_out_dir + \"/trace\", ec);\n"
     << "  std::string err;\n"
     << "  if (!edgec_io::write_npy(g_out_dir + \"/trace/\" + prefix + safe + \".npy\", t, err))\n"
     << "    std::fprintf(stderr, \"trace: %s\\n\", err.c_str());\n}\n\n";
  return os.str();
}

/// The harness writes each --stateful state after the last run, as out_dir/state_<i>.npy.
std::string Emitter::stateWriter() const {
  if (states.empty())
    return "";
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "  for (int i = 0; i < " << states.size() << "; ++i) {\n"
     << "    const " << name << "_tensor_info& info = " << name << "_states[i];\n"
     << "    edgec_io::Tensor t;\n    t.dtype = info.dtype;\n    t.shape.assign(info.shape, info.shape + info.rank);\n"
     << "    const uint8_t* bytes = static_cast<const uint8_t*>(" << name << "_state(&ctx, i));\n"
     << "    t.data.assign(bytes, bytes + info.bytes);\n"
     << "    std::string err, path = out_dir + \"/state_\" + std::to_string(i) + \".npy\";\n"
     << "    if (!edgec_io::write_npy(path, t, err)) {\n"
     << "      std::fprintf(stderr, \"%s: %s\\n\", path.c_str(), err.c_str());\n      return 1;\n    }\n  }\n";
  return os.str();
}

/// The bare-metal harness's timing: per-layer hooks (EDGEC_LAYER_HOOKS) that add up SysTick
/// ticks, printed as instructions (QEMU -icount shift=0: 1 ns per instruction).
std::string Emitter::bareMetalTiming() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "#define EDGEC_TIMED_LAYERS " << std::max<int64_t>(calls, 1) << "\n"
     << "static uint64_t g_layer_ticks[EDGEC_TIMED_LAYERS];\nstatic uint64_t g_layer_start;\n"
     << "extern \"C\" void edgec_layer_begin(int32_t) { g_layer_start = edgec_cycles(); }\n"
     << "extern \"C\" void edgec_layer_end(int32_t index) {\n"
     << "  if (index >= 0 && index < EDGEC_TIMED_LAYERS) g_layer_ticks[index] += edgec_cycles() - g_layer_start;\n}\n\n"
     << "// Under QEMU -icount shift=0 a tick of the EDGEC_CLOCK_HZ SysTick is 1e9 / EDGEC_CLOCK_HZ\n"
     << "// executed instructions. These are instruction counts, not cycles.\n"
     << "static void print_instructions(const char* what, uint64_t ticks) {\n"
     << "  if (ticks == 0) {\n    std::printf(\"%s: counter not running (run under QEMU with -icount)\\n\", what);\n    return;\n  }\n"
     << "  const unsigned long long n = ticks * 1000000000ull / EDGEC_CLOCK_HZ;\n"
     << "  std::printf(\"%s: %llu (SysTick ticks %llu)\\n\", what, n, static_cast<unsigned long long>(ticks));\n}\n\n";
  return os.str();
}

void Emitter::emitMain() {
  std::string s = header("main.cpp", "//");
  llvm::raw_string_ostream os(s);
  // The same harness on every target; a bare-metal one reads and writes host files through
  // semihosting, times with the runtime stub's counter and cannot create folders (run.sh does).
  const bool bare = build.bareMetal();
  // --steps K runs K inferences in order, on K inputs concatenated in each file (a stream of
  // chunks, the --stateful state carried in the arena), and writes the K outputs concatenated.
  os << "// Test harness: " << name << "_main IN... [-o DIR] [--repeat N] [--steps K]" << (bare ? " [--layers]" : "")
     << "\n"
     << "#include \"" << name << ".h\"\n#include \"edgec/harness_io.h\"\n"
     << (bare ? "#include \"edgec/cortex_m.h\"\n" : "") << "\n"
     << "#include <algorithm>\n#include <cctype>\n" << (bare ? "" : "#include <chrono>\n")
     << "#include <cstdio>\n#include <cstdlib>\n#include <cstring>\n" << (bare ? "" : "#include <filesystem>\n")
     << "#include <string>\n#include <vector>\n\n"
     << "static std::string g_out_dir = \".\";\n\n"
     << (options.traceTensors || options.observeTensors ? traceWriter() : std::string())
     << (bare ? bareMetalTiming() : std::string())
     << "int main(int argc, char** argv) {\n"
     << "  std::vector<std::string> paths;\n  std::string& out_dir = g_out_dir;\n  long repeat = 0, steps = 1;\n"
     << (bare ? "  bool layers = false;\n" : "")
     << "  for (int i = 1; i < argc; ++i) {\n    std::string a = argv[i];\n"
     << "    if (a == \"-o\" && i + 1 < argc) out_dir = argv[++i];\n"
     << "    else if (a == \"--repeat\" && i + 1 < argc) repeat = std::strtol(argv[++i], nullptr, 10);\n"
     << "    else if (a == \"--steps\" && i + 1 < argc) steps = std::strtol(argv[++i], nullptr, 10);\n"
     << (bare ? "    else if (a == \"--layers\") layers = true;\n" : "")
     << "    else if (a == \"-h\" || a == \"--help\") {\n"
     << "      std::printf(\"usage: %s IN... [-o DIR] [--repeat N] [--steps K]" << (bare ? " [--layers]" : "")
     << "\\n\", argv[0]);\n      return 0;\n    }\n"
     << "    else if (!a.empty() && a[0] == '-') { std::fprintf(stderr, \"unknown option %s\\n\", a.c_str()); return 2; }\n"
     << "    else paths.push_back(a);\n  }\n"
     << "  if (steps < 1) {\n    std::fprintf(stderr, \"--steps needs a count of at least 1\\n\");\n    return 2;\n  }\n"
     << "  const int num_inputs = " << inputs.size() << ", num_outputs = " << outputs.size() << ";\n"
     << "  if (static_cast<int>(paths.size()) != num_inputs) {\n"
     << "    std::fprintf(stderr, \"" << name << "_main: expected %d input files, got %zu\\n\", num_inputs, paths.size());\n"
     << "    return 2;\n  }\n"
     << "  std::vector<edgec_io::Tensor> in(num_inputs);\n  std::vector<const void*> in_ptrs;\n"
     << "  for (int i = 0; i < num_inputs; ++i) {\n    std::string err;\n"
     << "    const " << name << "_tensor_info& info = " << name << "_inputs[i];\n"
     << "    if (!edgec_io::read_tensor_file(paths[i], in[i], err) || !edgec_io::convert_to(in[i], info.dtype, err)) {\n"
     << "      std::fprintf(stderr, \"%s: %s\\n\", paths[i].c_str(), err.c_str());\n      return 1;\n    }\n"
     << "    const size_t bytes = static_cast<size_t>(info.bytes) * static_cast<size_t>(steps);\n"
     << "    if (!info.used) in[i].data.resize(bytes);\n"
     << "    if (in[i].data.size() != bytes) {\n"
     << "      std::fprintf(stderr, \"%s: input '%s' needs %ld x %d elements, the file has %zu\\n\", paths[i].c_str(),\n"
     << "                   info.name, steps, info.elements, in[i].data.size() / (info.elements ? info.bytes / info.elements : 1));\n"
     << "      return 1;\n    }\n    in_ptrs.push_back(in[i].data.data());\n  }\n"
     << "  std::vector<edgec_io::Tensor> out(num_outputs);\n  std::vector<void*> out_ptrs;\n"
     << "  for (int i = 0; i < num_outputs; ++i) {\n"
     << "    const " << name << "_tensor_info& info = " << name << "_outputs[i];\n"
     << "    out[i].dtype = info.dtype;\n    out[i].shape.assign(info.shape, info.shape + info.rank);\n"
     << "    if (out[i].shape.empty()) out[i].shape.push_back(1);\n    out[i].shape[0] *= steps;\n"
     << "    out[i].data.assign(static_cast<size_t>(info.bytes) * static_cast<size_t>(steps), 0);\n"
     << "    out_ptrs.push_back(out[i].data.data());\n  }\n"
     << "  " << name << "_context ctx;\n"
     << (bare ? "  edgec_cycles_start();\n  const uint64_t t0 = edgec_cycles();\n" : "")
     << "  if (" << name << "_init(&ctx, nullptr, 0) != 0) {\n"
     << "    std::fprintf(stderr, \"" << name << "_main: init failed\\n\");\n    return 3;\n  }\n"
     << "  for (long k = 0; k < steps; ++k) {\n"
     << "    std::vector<const void*> in_k(in_ptrs);\n    std::vector<void*> out_k(out_ptrs);\n"
     << "    for (int i = 0; i < num_inputs; ++i) in_k[i] = in[i].data.data() + k * " << name << "_inputs[i].bytes;\n"
     << "    for (int i = 0; i < num_outputs; ++i) out_k[i] = out[i].data.data() + k * " << name << "_outputs[i].bytes;\n"
     << "    if (" << name << "_run(&ctx, in_k.data(), out_k.data()) != 0) {\n"
     << "      std::fprintf(stderr, \"" << name << "_main: inference %ld failed\\n\", k);\n      return 3;\n    }\n  }\n"
     << (bare ? "  const uint64_t ticks = (edgec_cycles() - t0) / static_cast<uint64_t>(steps);\n"
              : "  std::error_code mkdir_error;\n  std::filesystem::create_directories(out_dir, mkdir_error);\n")
     << "  for (int i = 0; i < num_outputs; ++i) {\n    std::string err;\n"
     << "    std::string path = out_dir + \"/output_\" + std::to_string(i) + \".npy\";\n"
     << "    if (!edgec_io::write_npy(path, out[i], err)) {\n"
     << "      std::fprintf(stderr, \"%s: %s\\n\", path.c_str(), err.c_str());\n      return 1;\n    }\n  }\n"
     << stateWriter()
     << "  std::printf(\"" << name << ": %d kernel calls, arena %u bytes, weights %u bytes\\n\", " << calls << ", "
     << arenaBytes << "u, " << weights.size() << "u);\n";
  if (bare) {
    os << "  print_instructions(\"instructions per inference\", ticks);\n"
       << "  if (layers && ticks)\n    for (int i = 0; i < " << calls << " && i < EDGEC_TIMED_LAYERS; ++i)\n"
       << "      std::printf(\"layer %d instructions: %llu\\n\", i, g_layer_ticks[i] / steps * 1000000000ull / EDGEC_CLOCK_HZ);\n"
       << "  for (long r = 0; r < repeat; ++r) " << name << "_run(&ctx, in_ptrs.data(), out_ptrs.data());\n"
       << "  return 0;\n}\n";
    files["main.cpp"] = os.str();
    return;
  }
  os << "  if (repeat > 0) {\n    std::vector<double> us;\n"
     << "    for (long r = 0; r < repeat; ++r) {\n"
     << "      auto t0 = std::chrono::steady_clock::now();\n"
     << "      " << name << "_run(&ctx, in_ptrs.data(), out_ptrs.data());\n"
     << "      auto t1 = std::chrono::steady_clock::now();\n"
     << "      us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());\n    }\n"
     << "    std::sort(us.begin(), us.end());\n"
     << "    std::printf(\"latency over %ld runs: median %.1f us, min %.1f us\\n\", repeat, us[us.size() / 2], us[0]);\n"
     << "  }\n  return 0;\n}\n";
  files["main.cpp"] = os.str();
}

void Emitter::emitCMake() {
  std::string s = header("CMakeLists.txt", "#");
  llvm::raw_string_ostream os(s);
  std::string weightsSrc = options.weightsAsCArray ? name + "_weights.cpp" : name + "_weights.S";
  os << "cmake_minimum_required(VERSION 3.16)\n" << cmakePreamble(build)
     << "project(" << name << " LANGUAGES C CXX" << (options.weightsAsCArray ? "" : " ASM") << ")\n\n"
     << "add_library(" << name << " STATIC " << name << ".cpp " << weightsSrc << customOpSources() << ")\n"
     << "target_include_directories(" << name << " PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})\n"
     << "target_compile_features(" << name << " PUBLIC cxx_std_17)\n"
     << "# The generated code needs neither exceptions nor RTTI.\n"
     << "target_compile_options(" << name << " PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti>)\n"
     << "# The kernels are tuned for -O2: GCC's -O3 unrolling spills their register tiles\n"
     << "# (3.5x slower measured with g++ 12), so a Release build compiles them at -O2.\n"
     << "if(CMAKE_CXX_COMPILER_ID STREQUAL \"GNU\")\n"
     << "  target_compile_options(" << name << " PRIVATE $<$<CONFIG:Release>:-O2>)\n"
     << "endif()\n";
  emitArchFlags(os);
  if (!options.weightsAsCArray)
    os << "set_source_files_properties(" << weightsSrc << " PROPERTIES\n"
       << "  COMPILE_OPTIONS \"-Wa,-I${CMAKE_CURRENT_SOURCE_DIR}\"\n"
       << "  OBJECT_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/" << name << "_weights.bin)\n";
  if (options.withMain) {
    os << "\nadd_executable(" << name << "_main main.cpp)\n"
       << "target_link_libraries(" << name << "_main PRIVATE " << name << ")\n";
    if (hasArch)
      os << "target_compile_options(" << name << "_main PRIVATE ${EDGEC_ARCH_FLAGS_LIST})\n";
    os << cmakeFirmware(build, name);
  }
  files["CMakeLists.txt"] = os.str();
  if (options.withMain) {
    files["run.sh"] = runScript(build, name); // written executable, as every *.sh
  }
}

/// An ISA level name as written into CMakeLists.txt: -march values are [A-Za-z0-9.+_-].
static bool isArchName(StringRef s) {
  return !s.empty() && s.size() <= 64 && llvm::all_of(s, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '_' || c == '-';
  });
}

/// The CPU features a build machine needs to run code built with -march=<x86-64 level>
/// (__builtin_cpu_supports names); empty for a level not listed.
static std::vector<const char *> x86LevelFeatures(StringRef level) {
  if (level == "x86-64-v2")
    return {"sse4.2", "popcnt"};
  if (level == "x86-64-v3")
    return {"avx2", "fma"};
  if (level == "x86-64-v4")
    return {"avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"};
  return {};
}

void Emitter::emitArchFlags(llvm::raw_ostream &os) {
  // The target description's "isa_level": {"x86_64": LEVEL, "aarch64": LEVEL}, the -march
  // the model code is built for on that architecture.
  auto target = module->getAttrOfType<DictionaryAttr>("edgec.target");
  auto levels = target ? target.getAs<DictionaryAttr>("isa_level") : DictionaryAttr();
  auto level = [&](StringRef arch) {
    auto l = levels ? levels.getAs<StringAttr>(arch) : StringAttr();
    return l && isArchName(l.getValue()) ? l.getValue().str() : std::string();
  };
  std::string x86 = level("x86_64"), arm = level("aarch64");
  auto features = x86LevelFeatures(x86);
  if (x86.empty() && arm.empty())
    return;
  hasArch = true;
  os << "\n# Instruction-set level (the target description's \"isa_level\"). EDGEC_ARCH_FLAGS defaults to\n"
     << "# -march=LEVEL when this machine is the one the code runs on (not cross-compiling) and its\n"
     << "# CPU has LEVEL; -DEDGEC_ARCH_FLAGS=\"...\" overrides it, an empty value builds for the\n"
     << "# compiler's default target. -ffp-contract=off: no multiply-add is fused into an FMA, so\n"
     << "# every float kernel keeps its documented accumulation order and the outputs are the\n"
     << "# same bits at every ISA level.\n"
     << "if(NOT DEFINED EDGEC_ARCH_FLAGS)\n"
     << "  set(_edgec_arch \"\")\n"
     << "  if(NOT CMAKE_CROSSCOMPILING AND CMAKE_CXX_COMPILER_ID MATCHES \"GNU|Clang\")\n";
  const char *sep = "    if";
  if (!x86.empty() && !features.empty()) {
    os << sep << "(CMAKE_SYSTEM_PROCESSOR MATCHES \"^(x86_64|AMD64|amd64|x64)$\")\n"
       << "      include(CheckCXXSourceRuns)\n"
       << "      set(CMAKE_REQUIRED_FLAGS \"-march=" << x86 << "\")\n"
       << "      check_cxx_source_runs(\"int main() { __builtin_cpu_init(); return !(";
    for (size_t i = 0; i < features.size(); ++i)
      os << (i ? " && " : "") << "__builtin_cpu_supports(\\\"" << features[i] << "\\\")";
    os << "); }\" EDGEC_HOST_HAS_ISA_LEVEL)\n"
       << "      unset(CMAKE_REQUIRED_FLAGS)\n"
       << "      if(EDGEC_HOST_HAS_ISA_LEVEL)\n"
       << "        set(_edgec_arch \"-march=" << x86 << " -ffp-contract=off\")\n"
       << "      endif()\n";
    sep = "    elseif";
  }
  if (!arm.empty()) {
    os << sep << "(CMAKE_SYSTEM_PROCESSOR MATCHES \"^(aarch64|arm64|ARM64)$\")\n"
       << "      set(_edgec_arch \"-march=" << arm << " -ffp-contract=off\")\n";
    sep = "    elseif";
  }
  if (std::string(sep) == "    elseif")
    os << "    endif()\n";
  os << "  endif()\n"
     << "  set(EDGEC_ARCH_FLAGS \"${_edgec_arch}\" CACHE STRING \"ISA flags of the model code (empty: the compiler's default target)\")\n"
     << "endif()\n"
     << "separate_arguments(EDGEC_ARCH_FLAGS_LIST UNIX_COMMAND \"${EDGEC_ARCH_FLAGS}\")\n"
     << "message(STATUS \"" << name << ": EDGEC_ARCH_FLAGS = '${EDGEC_ARCH_FLAGS}'\")\n"
     << "target_compile_options(" << name << " PRIVATE \"$<$<COMPILE_LANGUAGE:CXX>:${EDGEC_ARCH_FLAGS_LIST}>\")\n";
}

LogicalResult Emitter::copyRuntime(const std::set<std::string> &headers) {
  std::string root = dataRoot();
  std::set<std::string> pending(headers.begin(), headers.end()), done;
  auto copy = [&](const std::string &from, const std::string &to) -> std::string {
    auto buffer = llvm::MemoryBuffer::getFile(from);
    if (!buffer) {
      module.emitError() << "cannot read " << from << " (set EDGEC_DATA_DIR?)";
      return {};
    }
    files[to] = (*buffer)->getBuffer().str();
    return files[to];
  };
  if (copy(root + "/runtime-stub/common/edgec/runtime.h", "edgec/runtime.h").empty())
    return failure();
  if (!customOpSymbols().empty() && copy(root + "/runtime-stub/common/edgec/custom_op.h", "edgec/custom_op.h").empty())
    return failure();
  if (options.withMain &&
      copy(root + "/runtime-stub/host/edgec/harness_io.h", "edgec/harness_io.h").empty())
    return failure();
  for (const auto &[from, to] : runtimeFiles(build))
    if (copy(root + "/runtime-stub/" + build.runtime + "/" + from, to).empty())
      return failure();
  // Only the kernels used, plus the kernel headers they include: the target's own
  // variants (targets/<kernels dir>/kernels) first, then the reference kernels.
  while (!pending.empty()) {
    std::string h = *pending.begin();
    pending.erase(pending.begin());
    if (!done.insert(h).second)
      continue;
    std::string variant = root + "/targets/" + build.kernelsDir + "/kernels/edgec/kernels/" + h;
    std::string text =
        copy(!build.kernelsDir.empty() && llvm::sys::fs::exists(variant) ? variant
                                                                         : root + "/targets/reference/kernels/edgec/kernels/" + h,
             "edgec/kernels/" + h);
    if (text.empty())
      return failure();
    StringRef rest(text);
    while (true) {
      size_t at = rest.find("#include \"edgec/kernels/");
      if (at == StringRef::npos)
        break;
      rest = rest.drop_front(at + strlen("#include \"edgec/kernels/"));
      pending.insert(rest.take_until([](char c) { return c == '"'; }).str());
    }
  }
  return success();
}

/// The C symbols the --custom-op calls name.
std::set<std::string> Emitter::customOpSymbols() {
  std::set<std::string> symbols;
  func.walk([&](kernel::CustomOp c) { symbols.insert(c.getImpl().str()); });
  return symbols;
}

/// The --custom-op-source files (module attribute edgec.custom_op_sources), written under
/// custom_ops/ and built into the model library: " custom_ops/a.c custom_ops/b.cpp".
std::string Emitter::customOpSources() {
  std::string list;
  if (auto sources = module->getAttrOfType<ArrayAttr>("edgec.custom_op_sources"))
    for (auto source : sources.getAsRange<DictionaryAttr>()) {
      std::string path = "custom_ops/" + source.getAs<StringAttr>("file").getValue().str();
      files[path] = source.getAs<StringAttr>("text").getValue().str();
      list += " " + path;
    }
  return list;
}

/// A custom op's symbol must not collide with what the generated code defines itself.
LogicalResult Emitter::checkCustomOps() {
  WalkResult clash = func.walk([&](kernel::CustomOp c) {
    StringRef symbol = c.getImpl();
    if (symbol.starts_with("edgec_") || symbol.starts_with(name + "_") || symbol == name) {
      c.emitError() << "custom op symbol '" << symbol << "' clashes with the generated code's names (edgec_*, "
                    << name << "_*): rename the function";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(clash.wasInterrupted());
}

LogicalResult Emitter::run() {
  if (!isCIdentifier(name))
    return module.emitError() << "model name '" << name << "' is not a C identifier";
  if (failed(collectSignature()) || failed(buildWeights()) || failed(checkCustomOps()))
    return failure();
  std::string body;
  std::set<std::string> headers;
  if (failed(buildSchedule(body, headers)))
    return failure();
  // kernel-select-impl's variants live in headers of their own.
  WalkResult variants = func.walk([&](Operation *op) {
    auto impl = op->getAttrOfType<StringAttr>("impl");
    if (!impl || !op->hasAttr("edgec.variant"))
      return WalkResult::advance();
    auto header = build.variantHeaders.find(impl.getValue().str());
    if (header == build.variantHeaders.end()) {
      op->emitError() << "kernel variant " << impl.getValue() << " is not in the target's kernels.impls";
      return WalkResult::interrupt();
    }
    headers.insert(header->second);
    return WalkResult::advance();
  });
  if (variants.wasInterrupted())
    return failure();
  emitHeaderFile();
  emitSourceFile(body, headers);
  emitWeightsFiles();
  if (options.withMain)
    emitMain();
  emitCMake();
  files["report.json"] = writeReport(module, func, name);
  files["report.html"] = renderReportHtml(files["report.json"]);
  return copyRuntime(headers);
}

} // namespace

LogicalResult emitCpp(ModuleOp module, const EmitOptions &options, FileSet &files) {
  return Emitter(module, options, files).run();
}

} // namespace edgec
