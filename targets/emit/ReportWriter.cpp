// report.json: per kernel call (name, op, kernel, dtype, macs, params, bytes) and the memory plan.
#include "targets/emit/ReportWriter.h"
#include "compiler/dialect/Kernel/KernelDialect.h"
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"
#include "passes/lower/BranchGuards.h"
#include "passes/lower/StateBuffers.h"
#include "targets/emit/KernelCallWriter.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <optional>

using namespace mlir;

namespace edgec {

static int64_t bytesOf(Value v) { return byteSizeOf(cast<MemRefType>(v.getType())); }


/// An attribute of a kernel's quantization (numbers, arrays, dictionaries) as JSON.
static llvm::json::Value toJson(Attribute attr) {
  if (auto b = dyn_cast<BoolAttr>(attr)) // before IntegerAttr: a BoolAttr is an i1 IntegerAttr
    return b.getValue();
  if (auto s = dyn_cast<StringAttr>(attr))
    return s.getValue().str();
  if (auto i = dyn_cast<IntegerAttr>(attr))
    return i.getInt();
  if (auto f = dyn_cast<FloatAttr>(attr))
    return f.getValueAsDouble();
  if (auto a = dyn_cast<DenseI32ArrayAttr>(attr))
    return llvm::json::Array(a.asArrayRef());
  if (auto a = dyn_cast<DenseI64ArrayAttr>(attr))
    return llvm::json::Array(a.asArrayRef());
  if (auto a = dyn_cast<DenseF64ArrayAttr>(attr))
    return llvm::json::Array(a.asArrayRef());
  if (auto a = dyn_cast<DenseF32ArrayAttr>(attr))
    return llvm::json::Array(a.asArrayRef());
  if (auto d = dyn_cast<DictionaryAttr>(attr)) {
    llvm::json::Object o;
    for (NamedAttribute n : d)
      o[n.getName().strref()] = toJson(n.getValue());
    return o;
  }
  if (auto a = dyn_cast<ArrayAttr>(attr)) {
    llvm::json::Array out;
    for (Attribute e : a)
      out.push_back(toJson(e));
    return out;
  }
  // Enums and the rest: their printed form (e.g. "#edge<pool max>").
  std::string text;
  llvm::raw_string_ostream os(text);
  attr.print(os);
  return os.str();
}

/// A module attribute as JSON, or null when the module does not have it.
static llvm::json::Value attrJson(ModuleOp module, StringRef name) {
  Attribute a = module->getAttr(name);
  return a ? toJson(a) : llvm::json::Value(nullptr);
}

/// What an integer kernel computes with: its requantization, the scales it came from, and
/// where its constants (weights, bias, table) lie in the weights blob.
static llvm::json::Object quantReport(Operation &op) {
  llvm::json::Object q;
  for (StringRef name : {"quant", "input_params", "output_params"})
    if (Attribute attr = op.getAttr(name))
      q[name] = toJson(attr);
  llvm::json::Array constants;
  for (auto [i, v] : llvm::enumerate(op.getOperands()))
    if (auto get = v.getDefiningOp<memref::GetGlobalOp>()) {
      auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(&op, get.getNameAttr());
      auto offset = global ? global->getAttrOfType<IntegerAttr>("edgec.offset") : IntegerAttr();
      auto type = cast<MemRefType>(v.getType());
      constants.push_back(llvm::json::Object{{"operand", static_cast<int64_t>(i)},
                                             {"offset", offset ? offset.getInt() : -1},
                                             {"shape", llvm::json::Array(type.getShape())},
                                             {"dtype", dtypeName(type.getElementType())}});
    }
  q["constants"] = std::move(constants);
  llvm::json::Object attrs;
  for (NamedAttribute a : op.getAttrs())
    if (!llvm::is_contained({"impl", "quant", "input_params", "output_params"}, a.getName().strref()) &&
        !a.getName().strref().starts_with("edgec."))
      attrs[a.getName().strref()] = toJson(a.getValue());
  q["attrs"] = std::move(attrs);
  if (auto layout = op.getAttrOfType<DenseI64ArrayAttr>("edgec.layout"))
    q["layout_perm"] = llvm::json::Array(layout.asArrayRef());
  return q;
}

static int64_t attrInt(ModuleOp module, StringRef name) {
  auto attr = module->getAttrOfType<IntegerAttr>(name);
  return attr ? attr.getInt() : 0;
}

static llvm::json::Value scheduleReport(ModuleOp module) {
  auto peaks = module->getAttrOfType<DenseI64ArrayAttr>("edgec.schedule_peak");
  if (!peaks || peaks.size() != 2)
    return nullptr;
  return llvm::json::Object{{"peak_before_bytes", peaks[0]},
                            {"peak_after_bytes", peaks[1]},
                            {"reordered", peaks[1] < peaks[0]}};
}

/// memory.pools: each pool's arena, capacity and speed (fastest first), and the bytes the
/// kernels read from and write to it.
static llvm::json::Array poolsReport(ModuleOp module, int64_t arena,
                                     const std::map<std::string, std::pair<int64_t, int64_t>> &traffic) {
  llvm::json::Array pools;
  auto list = module->getAttrOfType<ArrayAttr>("edgec.pools");
  if (!list) // an older module: one pool, the arena
    return llvm::json::Array{llvm::json::Object{{"name", "arena"}, {"size", arena}}};
  for (auto p : list.getAsRange<DictionaryAttr>()) {
    std::string poolName = p.getAs<StringAttr>("name").getValue().str();
    auto it = traffic.find(poolName);
    llvm::json::Object entry{{"name", poolName},
                             {"size", p.getAs<IntegerAttr>("bytes").getInt()},
                             {"bytes_read", it == traffic.end() ? 0 : it->second.first},
                             {"bytes_written", it == traffic.end() ? 0 : it->second.second}};
    if (auto capacity = p.getAs<IntegerAttr>("capacity"))
      entry["capacity"] = capacity.getInt();
    if (auto speed = p.getAs<FloatAttr>("speed"))
      entry["speed"] = speed.getValueAsDouble();
    // Weights copied into this pool at _init (the planner's edgec.fast_copy), in `size`.
    if (auto weights = p.getAs<IntegerAttr>("weights"))
      entry["weights_bytes"] = weights.getInt();
    pools.push_back(std::move(entry));
  }
  return pools;
}

int64_t patchRecomputeMacs(kernel::PatchStageOp stage) {
  SmallVector<Operation *> body;
  for (Operation &op : stage.getBody().front())
    body.push_back(&op);
  int64_t n = static_cast<int64_t>(body.size()), recompute = 0;
  ArrayRef<int64_t> regions = stage.getPatchRegions();
  for (int64_t l = 0; l < n; ++l) {
    auto out = cast<MemRefType>(body[l]->getOperands().back().getType()).getShape();
    int64_t area = 0;
    for (int64_t p = 0; p < stage.getNumPatches(); ++p) {
      const int64_t *r = &regions[(p * n + l) * kernel::PatchStageOp::kRegionFields];
      area += (r[9] - r[8]) * (r[11] - r[10]);
    }
    recompute += kernel::kernelMacs(body[l]) * (area - out[1] * out[2]) / (out[1] * out[2]);
  }
  return recompute;
}

/// memory.patch_plan: each patch stage's grid, kernels, patch buffers and recomputation.
static llvm::json::Array patchPlan(func::FuncOp func) {
  llvm::json::Array stages;
  func.walk([&](kernel::PatchStageOp stage) {
    llvm::json::Array kernels;
    for (Operation &op : stage.getBody().front())
      kernels.push_back(nodeName(op.getLoc()));
    stages.push_back(llvm::json::Object{
        {"grid", llvm::json::Array(stage.getGrid())},
        {"patches", stage.getNumPatches()},
        {"kernels", std::move(kernels)},
        {"in_patch_bytes", bytesOf(stage.getInPatch())},
        {"out_patch_bytes", bytesOf(stage.getOutPatch())},
        {"recompute_macs", patchRecomputeMacs(stage)}});
  });
  return stages;
}

std::string writeReport(ModuleOp module, func::FuncOp func, const std::string &name) {
  // A kernel kernel-select-impl replaced names its variant ("scalar", "dsp", "mve"); the
  // others run the portable reference code.
  auto target = module->getAttrOfType<DictionaryAttr>("edgec.target");
  auto kernelVariant = [&](Operation &op) {
    auto variant = op.getAttrOfType<StringAttr>("edgec.variant");
    return variant ? variant.getValue().str() : std::string("reference");
  };
  llvm::json::Array layers, timeline, floatLayers;
  int64_t totalMacs = 0, totalParams = 0, integerMacs = 0, int16Macs = 0;
  bool quantized = module->hasAttr("edgec.quantize");
  // Which layer (or graph input, as -1 - index) last wrote each buffer: a layer's reads.
  DenseMap<Value, int64_t> writer;
  for (BlockArgument arg : func.getArguments())
    writer[arg] = -1 - static_cast<int64_t>(arg.getArgNumber());
  auto source = [](Value v) { return kernel::viewSource(v); };
  // Arena traffic by pool: what each kernel reads from and writes to the planned buffers.
  std::map<std::string, std::pair<int64_t, int64_t>> poolTraffic; // pool -> (read, written)
  auto poolOf = [&](Value v) -> std::optional<std::string> {
    if (auto buffer = source(v).getDefiningOp<kernel::BufferOp>())
      return buffer.getPool().str();
    if (auto get = v.getDefiningOp<memref::GetGlobalOp>())
      if (auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(get, get.getNameAttr()))
        if (auto copy = global->getAttrOfType<DictionaryAttr>("edgec.fast_copy"))
          return copy.getAs<StringAttr>("pool").getValue().str();
    return std::nullopt;
  };
  // Every kernel call in schedule order, patch stages' kernels included.
  SmallVector<Operation *> calls;
  func.walk([&](Operation *op) {
    if (kernel::isKernelCall(op))
      calls.push_back(op);
  });
  // Run-time If: each join's node and the MACs of its two sides (passes/lower/BranchGuards.h).
  std::map<int64_t, Operation *> joins;
  for (Operation *call : calls)
    if (auto join = call->getAttrOfType<IntegerAttr>("edgec.branch_join"))
      joins[join.getInt()] = call;
  std::map<int64_t, std::pair<int64_t, int64_t>> sideMacs; // join -> (then, else)
  for (Operation *call : calls) {
    Operation &op = *call;
    if (std::optional<BranchGuard> guard = guardOf(&op))
      (guard->side ? sideMacs[guard->join].first : sideMacs[guard->join].second) += kernel::kernelMacs(&op);
    llvm::json::Object layerTraffic;
    for (auto [i, v] : llvm::enumerate(op.getOperands())) {
      auto pool = poolOf(v);
      if (!pool)
        continue;
      bool written = i + 1 == op.getNumOperands();
      auto &[read, write] = poolTraffic[*pool];
      (written ? write : read) += bytesOf(v);
      if (!layerTraffic.getObject(*pool))
        layerTraffic[*pool] = llvm::json::Object{{"read", 0}, {"written", 0}};
      auto *entry = layerTraffic.getObject(*pool);
      (*entry)[written ? "written" : "read"] = *entry->getInteger(written ? "written" : "read") + bytesOf(v);
    }
    int64_t params = 0, bytes = 0;
    auto sparse = op.getAttrOfType<DictionaryAttr>("sparse");
    for (Value v : op.getOperands()) {
      bytes += bytesOf(v);
      if (!isa_and_nonnull<memref::GetGlobalOp>(v.getDefiningOp()))
        continue;
      // A packed sparse weight (kernel-pack-sparse) counts its nonzeros, not its blob's bytes.
      if (sparse && v == op.getOperand(1))
        params += static_cast<int64_t>(std::llround(sparse.getAs<FloatAttr>("density").getValueAsDouble() *
                                                    sparse.getAs<IntegerAttr>("rows").getInt() *
                                                    sparse.getAs<IntegerAttr>("cols").getInt()));
      else
        params += cast<MemRefType>(v.getType()).getNumElements();
    }
    int64_t macs = kernel::kernelMacs(&op);
    totalMacs += macs;
    totalParams += params;
    Type dtype = cast<MemRefType>(op.getOperands().back().getType()).getElementType();
    StringRef impl = op.getAttrOfType<StringAttr>("impl").getValue();
    bool integer = op.hasAttr("input_params");
    // A 16x8 kernel (int16 input, int8 weights) computes in int16x8, whatever it writes.
    bool sixteenByEight = integer && isa<kernel::ConvOp, kernel::GemmOp>(op) &&
                          cast<MemRefType>(op.getOperand(0).getType()).getElementType().isInteger(16);
    if (integer)
      integerMacs += macs;
    if (sixteenByEight)
      int16Macs += macs;
    llvm::json::Object layer{
        {"name", nodeName(op.getLoc())},
        {"op", nodeOpType(op.getLoc())},
        {"kernel", impl},
        {"variant", kernelVariant(op)},
        {"dtype", sixteenByEight ? std::string("int16x8") : dtypeName(dtype)},
        {"macs", macs},
        {"params", params},
        {"bytes", bytes},
        {"working_set_bytes", bytes},
        {"pool_traffic", std::move(layerTraffic)}};
    if (integer)
      layer["quant"] = quantReport(op);
    if (auto rc = dyn_cast<kernel::RecurrentOp>(op)) {
      auto shaped = [](Value v) { return cast<ShapedType>(v.getType()); };
      edge::RecurrentCost cost = edge::recurrentCost(shaped(rc.getX()), shaped(rc.getW()), shaped(rc.getR()), rc.getKind());
      layer["recurrent"] = llvm::json::Object{{"kind", rc.getKind()},
                                              {"steps", cost.steps},
                                              {"macs_per_step", cost.stepMacs},
                                              {"state_bytes", cost.stateBytes}};
    }
    if (std::optional<BranchGuard> guard = guardOf(&op); guard && joins.count(guard->join))
      layer["branch"] = llvm::json::Object{{"if", nodeName(joins[guard->join]->getLoc())},
                                           {"side", guard->side ? "then" : "else"}};
    if (auto sqnr = op.getAttrOfType<FloatAttr>("edgec.sqnr_db"))
      layer["sqnr_db"] = sqnr.getValueAsDouble();
    llvm::json::Array reads;
    for (Value v : op.getOperands().drop_back())
      if (!isa_and_nonnull<memref::GetGlobalOp>(v.getDefiningOp()))
        reads.push_back(writer.count(source(v)) ? llvm::json::Value(writer[source(v)]) : llvm::json::Value(nullptr));
    layer["reads"] = std::move(reads);
    writer[source(op.getOperands().back())] = static_cast<int64_t>(layers.size());
    // In an int8 model, a float kernel between dequantize and quantize is worth naming.
    if (quantized && (impl.ends_with("_f32") || isa<kernel::CustomOp>(op)) &&
        !isa<kernel::QuantizeOp, kernel::DequantizeOp>(op))
      floatLayers.push_back(llvm::json::Object{
          {"name", nodeName(op.getLoc())},
          {"op", nodeOpType(op.getLoc())},
          {"kernel", impl},
          {"macs", macs},
          {"reason", (op.hasAttr("edgec.float_reason")
                          ? op.getAttrOfType<StringAttr>("edgec.float_reason").getValue().str()
                          : std::string("no integer kernel for this op with these operands")) +
                         " (runs in float32 between dequantize and quantize)"}});
    layers.push_back(std::move(layer));
  }
  // --stateful: each state's buffer, kept between runs, and how the new state gets into it.
  llvm::json::Array states;
  int64_t stateBytes = 0;
  for (auto buffer : func.getOps<kernel::BufferOp>()) {
    auto live = buffer->getAttrOfType<DenseI64ArrayAttr>("live");
    if (auto state = buffer->getAttrOfType<DictionaryAttr>(kStateBufferAttr)) {
      stateBytes += bytesOf(buffer.getOutput());
      states.push_back(llvm::json::Object{{"input", toJson(state.get("input"))},
                                          {"output", toJson(state.get("output"))},
                                          {"bytes", bytesOf(buffer.getOutput())},
                                          {"pool", buffer.getPool()},
                                          {"offset", buffer.getOffset()},
                                          {"update", toJson(state.get("update"))}});
    }
    timeline.push_back(llvm::json::Object{
        {"tensor", nodeName(buffer.getLoc())},
        {"pool", buffer.getPool()},
        {"offset", buffer.getOffset()},
        {"size", buffer->hasAttr("edgec.patch_bytes")
                     ? buffer->getAttrOfType<IntegerAttr>("edgec.patch_bytes").getInt()
                     : bytesOf(buffer.getOutput())},
        {"first", live ? live[0] : 0},
        {"last", live ? live[1] : 0}});
  }
  // Arena bytes live during each call, by a difference array. In-place tensors share one
  // placement and overlap at the call that hands it over: that call counts it once.
  struct Span {
    std::string pool;
    int64_t offset, first, last, size;
  };
  std::vector<Span> spans;
  for (const llvm::json::Value &t : timeline) {
    const llvm::json::Object &e = *t.getAsObject();
    spans.push_back({e.getString("pool")->str(), *e.getInteger("offset"), *e.getInteger("first"),
                     *e.getInteger("last"), *e.getInteger("size")});
  }
  std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) {
    return std::tie(a.pool, a.offset, a.first) < std::tie(b.pool, b.offset, b.first);
  });
  // The two sides of a run-time If may hold the same bytes over the same calls: counted once too.
  std::vector<int64_t> delta(layers.size() + 1, 0);
  int64_t coveredUntil = -1; // the last call counted at this placement so far
  for (size_t i = 0; i < spans.size(); ++i) {
    int64_t first = spans[i].first;
    bool samePlace = i > 0 && spans[i - 1].pool == spans[i].pool && spans[i - 1].offset == spans[i].offset;
    if (!samePlace)
      coveredUntil = -1;
    if (coveredUntil >= first)
      first = coveredUntil + 1;
    coveredUntil = std::max(coveredUntil, spans[i].last);
    int64_t last = std::min<int64_t>(spans[i].last, static_cast<int64_t>(layers.size()) - 1);
    if (first > last || first < 0)
      continue;
    delta[first] += spans[i].size;
    delta[last + 1] -= spans[i].size;
  }
  int64_t running = 0;
  for (size_t call = 0; call < layers.size(); ++call)
    (*layers[call].getAsObject())["live_bytes"] = running += delta[call];
  // --io int8: the parameters a caller quantizes inputs with and dequantizes outputs with.
  llvm::json::Array integerIo;
  for (BlockArgument arg : func.getArguments())
    if (auto q = func.getArgAttrOfType<DictionaryAttr>(arg.getArgNumber(), "edgec.quant")) {
      auto name = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "edgec.name");
      llvm::json::Object entry = std::move(*toJson(q).getAsObject());
      entry["name"] = name ? name.getValue().str() : std::string();
      entry["role"] = func.getArgAttr(arg.getArgNumber(), "edgec.output") ? "output" : "input";
      integerIo.push_back(std::move(entry));
    }
  llvm::json::Array branches;
  for (auto &[index, join] : joins) {
    auto [thenMacs, elseMacs] = sideMacs[index];
    branches.push_back(llvm::json::Object{{"name", nodeName(join->getLoc())},
                                          {"op", nodeOpType(join->getLoc())},
                                          {"then_macs", thenMacs},
                                          {"else_macs", elseMacs},
                                          {"common_macs", totalMacs - thenMacs - elseMacs}});
  }
  // --custom-op: the nodes the user's functions compute.
  llvm::json::Array customOps;
  func.walk([&](kernel::CustomOp c) {
    customOps.push_back(llvm::json::Object{{"name", nodeName(c.getLoc())},
                                           {"op_type", c.getOpType()},
                                           {"domain", c.getDomain()},
                                           {"symbol", c.getImpl()}});
  });
  int64_t arena = attrInt(module, "edgec.arena_bytes");
  int64_t totalTraffic = 0;
  for (const auto &kv : poolTraffic)
    totalTraffic += kv.second.first + kv.second.second;
  auto targetName = target ? target.getAs<StringAttr>("name") : StringAttr();
  auto hash = module->getAttrOfType<StringAttr>("edgec.model_hash");
  llvm::json::Object report{
      {"model", name},
      {"model_sha256", hash ? hash.getValue().str() : std::string()},
      {"target", targetName ? targetName.getValue().str() : std::string("host")},
      {"layers", std::move(layers)},
      // Run-time Ifs: per If, the MACs of each side and of what runs either way.
      {"branches", std::move(branches)},
      {"custom_ops", std::move(customOps)},
      {"totals", llvm::json::Object{{"macs", totalMacs}, {"params", totalParams},
                                    {"weights_bytes", attrInt(module, "edgec.weights_bytes")}}},
      {"quantization", quantized ? llvm::json::Value(llvm::json::Object{
                                       {"mode", module->getAttrOfType<StringAttr>("edgec.quantize").getValue()},
                                       {"integer_macs", integerMacs},
                                       {"int16x8_macs", int16Macs},
                                       {"int16_layers", module->hasAttr("edgec.int16_layers")
                                                            ? toJson(module->getAttr("edgec.int16_layers"))
                                                            : llvm::json::Value(llvm::json::Array())},
                                       {"mixed_precision", attrJson(module, "edgec.mixed_precision")},
                                       {"integer_io", std::move(integerIo)},
                                       {"evaluation", attrJson(module, "edgec.quant_eval")},
                                       {"float_layers", std::move(floatLayers)}})
                                 : llvm::json::Value(nullptr)},
      // edge-prune-channels and kernel-pack-sparse: what compression did, layer by layer.
      {"compression", llvm::json::Object{{"pruning", attrJson(module, "edgec.pruning")},
                                         {"sparsity", attrJson(module, "edgec.sparsity_report")},
                                         {"search", attrJson(module, "edgec.prune_search")},
                                         {"evaluation", attrJson(module, "edgec.compression_eval")}}},
      {"memory", llvm::json::Object{
                     {"arena_bytes", arena},
                     // The arena were the two sides of each run-time If not to share bytes.
                     {"arena_bytes_without_branch_overlap",
                      module->hasAttr("edgec.arena_bytes_without_branch_overlap")
                          ? attrInt(module, "edgec.arena_bytes_without_branch_overlap")
                          : arena},
                     {"lower_bound_bytes", attrInt(module, "edgec.lower_bound_bytes")},
                     {"state_bytes", stateBytes},
                     {"states", std::move(states)},
                     {"pools", poolsReport(module, arena, poolTraffic)},
                     {"arena_traffic_bytes", totalTraffic},
                     {"layerwise_lower_bound_bytes", module->hasAttr("edgec.layerwise_lower_bound_bytes")
                                                         ? attrInt(module, "edgec.layerwise_lower_bound_bytes")
                                                         : attrInt(module, "edgec.lower_bound_bytes")},
                     {"patch_plan", patchPlan(func)},
                     // kernel-elide-concat: concat inputs their producers wrote in place, and
                     // concats left with nothing to copy (gone from the schedule).
                     {"concat_inputs_elided", attrInt(module, "edgec.concat_inputs_elided")},
                     {"concats_removed", attrInt(module, "edgec.concats_removed")},
                     // kernel-schedule-memory: peak live bytes of the imported call order and
                     // of the order kept (equal when reordering did not lower it).
                     {"schedule", scheduleReport(module)},
                     {"timeline", std::move(timeline)}}}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
  return os.str();
}

} // namespace edgec
