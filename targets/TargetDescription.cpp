// Target descriptions: data files under targets/<t>/target.json, attached to the module as `edgec.target`.
#include "targets/TargetDescription.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <algorithm>

using namespace mlir;

namespace edgec {

std::string dataRoot() {
  if (auto env = llvm::sys::Process::GetEnv("EDGEC_DATA_DIR"))
    return *env;
  std::string exe = llvm::sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&dataRoot));
  llvm::SmallString<256> installed(llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(installed, "share", "edgec");
  if (llvm::sys::fs::is_directory(installed + "/targets"))
    return std::string(installed);
  return EDGEC_SOURCE_DIR;
}

std::vector<std::string> builtinTargets() {
  std::vector<std::string> names;
  std::error_code ec;
  std::string dir = dataRoot() + "/targets";
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
    if (llvm::sys::fs::exists(it->path() + "/target.json"))
      names.push_back(llvm::sys::path::filename(it->path()).str());
  std::sort(names.begin(), names.end());
  return names;
}

static Attribute toAttr(Builder &b, const llvm::json::Value &v) {
  if (auto i = v.getAsInteger())
    return b.getI64IntegerAttr(*i);
  if (auto d = v.getAsNumber())
    return b.getF64FloatAttr(*d);
  if (auto s = v.getAsString())
    return b.getStringAttr(*s);
  if (auto flag = v.getAsBoolean())
    return b.getBoolAttr(*flag);
  if (const auto *arr = v.getAsArray()) {
    SmallVector<Attribute> items;
    for (const auto &item : *arr)
      items.push_back(toAttr(b, item));
    return b.getArrayAttr(items);
  }
  if (const auto *obj = v.getAsObject()) {
    SmallVector<NamedAttribute> fields;
    for (const auto &kv : *obj)
      fields.push_back(b.getNamedAttr(kv.first.str(), toAttr(b, kv.second)));
    return b.getDictionaryAttr(fields); // sorts by name: deterministic
  }
  return b.getUnitAttr();
}

DictionaryAttr loadTarget(ModuleOp module, const std::string &name) {
  auto known = builtinTargets();
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    std::string list;
    for (const auto &k : known)
      list += (list.empty() ? "" : ", ") + k;
    module.emitError() << "unknown target '" << name << "' (known: " << list << ")";
    return {};
  }
  std::string path = dataRoot() + "/targets/" + name + "/target.json";
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    module.emitError() << "cannot read " << path;
    return {};
  }
  auto json = llvm::json::parse((*buffer)->getBuffer());
  if (!json) {
    module.emitError() << path << ": " << llvm::toString(json.takeError());
    return {};
  }
  Builder b(module.getContext());
  auto dict = dyn_cast<DictionaryAttr>(toAttr(b, *json));
  if (!dict || !dict.get("name")) {
    module.emitError() << path << ": expected an object with a \"name\"";
    return {};
  }
  return dict;
}

} // namespace edgec
