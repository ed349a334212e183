// edgec compile --prune-channels / --sparsity: the requests the compression passes read, and
// their summaries.
#include "tools/edgec/Compression.h"

#include "compiler/support/SparseFormats.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <spdlog/spdlog.h>

#include <map>

using namespace mlir;

namespace edgec {

namespace {

std::optional<double> parseRatio(llvm::StringRef text) {
  double ratio;
  if (text.trim().getAsDouble(ratio) || !(ratio >= 0 && ratio < 1))
    return std::nullopt;
  return ratio;
}

std::string percentDrop(int64_t before, int64_t after) {
  return before > 0 ? llvm::formatv("{0:F1}", 100.0 * (before - after) / before).str() : "0.0";
}

} // namespace

DictionaryAttr pruneRequest(MLIRContext *context, const CompileRequest &request, std::string &error) {
  Builder b(context);
  double ratio = 0;
  SmallVector<NamedAttribute> layers;
  SmallVector<llvm::StringRef> items;
  llvm::StringRef(request.pruneChannels).split(items, ',', -1, false);
  for (llvm::StringRef item : items) {
    auto [name, value] = item.split('=');
    bool perLayer = item.contains('=');
    std::optional<double> r = parseRatio(perLayer ? value : item);
    if (!r || (perLayer && name.trim().empty())) {
      error = "--prune-channels expects fractions in [0, 1), for every layer (0.3) or per layer (conv3=0.5), got '" +
              item.str() + "'";
      return {};
    }
    if (perLayer)
      layers.push_back(b.getNamedAttr(name.trim(), b.getF64FloatAttr(*r)));
    else
      ratio = *r;
  }
  if (items.empty()) {
    error = "--prune-channels is empty";
    return {};
  }
  SmallVector<Attribute> keep;
  for (const std::string &name : request.pruneKeep)
    keep.push_back(b.getStringAttr(name));
  return b.getDictionaryAttr({b.getNamedAttr("ratio", b.getF64FloatAttr(ratio)),
                              b.getNamedAttr("criterion", b.getStringAttr(request.pruneCriterion)),
                              b.getNamedAttr("layers", b.getDictionaryAttr(layers)),
                              b.getNamedAttr("keep", b.getArrayAttr(keep))});
}

DictionaryAttr sparsityRequest(MLIRContext *context, const std::string &pattern, std::string &error) {
  if (!SparsityPattern::parse(pattern)) {
    error = "--sparsity expects 2:4, 4:8 (any N:M up to 16), block:RxC or auto, got '" + pattern + "'";
    return {};
  }
  Builder b(context);
  return b.getDictionaryAttr({b.getNamedAttr("pattern", b.getStringAttr(pattern))});
}

/// An integer entry of a report attribute (0 when absent).
static int64_t intOf(DictionaryAttr report, llvm::StringRef key) {
  auto v = report.getAs<IntegerAttr>(key);
  return v ? v.getInt() : 0;
}

void logPruning(ModuleOp module) {
  auto report = module->getAttrOfType<DictionaryAttr>("edgec.pruning");
  if (!report)
    return;
  auto get = [&](llvm::StringRef key) { return intOf(report, key); };
  int64_t layers = 0;
  if (auto list = report.getAs<ArrayAttr>("layers"))
    for (auto layer : list.getAsRange<DictionaryAttr>())
      layers += layer.getAs<IntegerAttr>("channels_after").getInt() <
                layer.getAs<IntegerAttr>("channels_before").getInt();
  spdlog::info("pruned {} of {} channels in {} layers: parameters {} -> {} (-{}%), MACs {} -> {} (-{}%)",
               get("channels_before") - get("channels_after"), get("channels_before"), layers, get("params_before"),
               get("params_after"), percentDrop(get("params_before"), get("params_after")), get("macs_before"),
               get("macs_after"), percentDrop(get("macs_before"), get("macs_after")));
}

void logSparsity(ModuleOp module) {
  auto report = module->getAttrOfType<DictionaryAttr>("edgec.sparsity_report");
  if (!report)
    return;
  auto get = [&](llvm::StringRef key) { return intOf(report, key); };
  auto layers = report.getAs<ArrayAttr>("layers");
  // Why layers stayed dense, with how many each.
  std::map<std::string, int> reasons;
  if (layers)
    for (auto layer : layers.getAsRange<DictionaryAttr>())
      if (auto why = layer.getAs<StringAttr>("reason"))
        ++reasons[why.str()];
  std::string dense;
  for (const auto &[why, count] : reasons)
    dense += fmt::format("{}{}: {} layer{}", dense.empty() ? " (dense where " : "; ", why, count, count == 1 ? "" : "s");
  if (!dense.empty())
    dense += ")";
  spdlog::info("sparse weights: {} of {} layers packed{}; weight bytes {} -> {} (-{}%), MACs {} -> {} (-{}%)",
               get("layers_packed"), layers ? layers.size() : 0, dense, get("dense_bytes"), get("bytes"),
               percentDrop(get("dense_bytes"), get("bytes")), get("dense_macs"), get("macs"),
               percentDrop(get("dense_macs"), get("macs")));
}

} // namespace edgec
