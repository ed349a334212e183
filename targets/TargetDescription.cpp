// Target descriptions: data files under targets/<t>/target.json, attached to the module as `edgec.target`.
#include "targets/TargetDescription.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include "compiler/support/ByteSize.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

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

namespace {

constexpr uint64_t kMaxDescriptionBytes = 1 << 20; // a description is a few hundred bytes

bool isPowerOfTwo(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

/// A pool name becomes part of C identifiers and macro names.
bool isPoolName(llvm::StringRef s) {
  if (s.empty() || s.size() > 32 || !(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_'))
    return false;
  return llvm::all_of(s, [](char c) { return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'; });
}

/// A linker section name: letters, digits, '.', '_'.
bool isSectionName(llvm::StringRef s) {
  return s.size() <= 64 && llvm::all_of(s, [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_'; });
}

/// A kernel function name.
bool isCIdentifierName(llvm::StringRef s) {
  return !s.empty() && s.size() <= 128 && !std::isdigit(static_cast<unsigned char>(s[0])) &&
         llvm::all_of(s, [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

/// Reads a JSON object from `path`; an error message (naming the file) otherwise.
llvm::Expected<llvm::json::Object> readObject(const std::string &path) {
  auto fail = [&](const llvm::Twine &why) {
    return llvm::createStringError(path + ": " + why);
  };
  uint64_t size = 0;
  if (llvm::sys::fs::file_size(path, size))
    return fail("cannot read the file");
  if (size > kMaxDescriptionBytes)
    return fail("a target description is at most 1 MiB, this file has " + llvm::Twine(size) + " bytes");
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return fail("cannot read the file");
  auto json = llvm::json::parse((*buffer)->getBuffer());
  if (!json)
    return fail(llvm::toString(json.takeError()));
  if (!json->getAsObject())
    return fail("expected a JSON object");
  return std::move(*json->getAsObject());
}

/// `over` on top of `base`: objects merge key by key, anything else replaces.
void mergeInto(llvm::json::Object &base, const llvm::json::Object &over) {
  for (const auto &kv : over) {
    auto *into = base.getObject(kv.first);
    if (into && kv.second.getAsObject())
      mergeInto(*into, *kv.second.getAsObject());
    else
      base[kv.first] = kv.second;
  }
}

llvm::json::Array *poolsOf(llvm::json::Object &t) { return t.getArray("pools"); }

llvm::json::Object *poolNamed(llvm::json::Object &t, llvm::StringRef name) {
  if (auto *pools = poolsOf(t))
    for (auto &p : *pools)
      if (auto *obj = p.getAsObject())
        if (auto n = obj->getString("name"); n && *n == name)
          return obj;
  return nullptr;
}

const char *const kCacheKeys[] = {"l1", "l2", "l3"};
// Every field a description may set (targets/host/target.json documents them by example).
const char *const kDescriptionKeys[] = {"inherits",  "name",        "description",     "isa",
                                        "isa_level", "vector_bits", "alignment",       "caches",
                                        "pools",     "weights",     "max_arena_bytes", "max_weights_bytes",
                                        "flash_bytes", "toolchain", "kernels",         "emulator",
                                        "conv_filter_panel", "sparse_formats"};
const char *const kSizeKeys[] = {"max_arena_bytes", "max_weights_bytes", "flash_bytes"};
const char *const kIntKeys[] = {"vector_bits", "alignment"};

std::vector<std::string> optionKeys(llvm::json::Object &t) {
  std::vector<std::string> keys;
  if (auto *pools = poolsOf(t))
    for (auto &p : *pools)
      if (auto *obj = p.getAsObject())
        if (auto n = obj->getString("name"))
          for (const char *suffix : {"", ".speed", ".section"})
            keys.push_back(n->str() + suffix);
  for (const char *k : kCacheKeys)
    keys.push_back(k);
  keys.push_back("kernels");
  keys.push_back("conv_filter_panel");
  for (const char *k : kIntKeys)
    keys.push_back(k);
  for (const char *k : kSizeKeys)
    keys.push_back(k);
  return keys;
}

/// Applies --target-opt "key=value,..."; an error message otherwise.
std::string applyOptions(llvm::json::Object &t, llvm::StringRef options) {
  llvm::SmallVector<llvm::StringRef> items;
  options.split(items, ',', -1, false);
  for (llvm::StringRef item : items) {
    auto [key, value] = item.trim().split('=');
    key = key.trim();
    value = value.trim();
    if (key.empty() || value.empty())
      return "--target-opt expects key=value pairs separated by commas, got '" + item.str() + "'";
    auto size = [&]() { return parseByteSize(value.str()); };
    auto [poolName, field] = key.split('.');
    if (auto *pool = poolNamed(t, poolName)) {
      if (field.empty() || field == "bytes") {
        auto bytes = size();
        if (!bytes || *bytes <= 0)
          return "--target-opt " + key.str() + ": expected a size like 128K, got '" + value.str() + "'";
        (*pool)["bytes"] = *bytes;
        continue;
      }
      if (field == "speed") {
        double speed = 0;
        if (value.getAsDouble(speed) || !(speed > 0))
          return "--target-opt " + key.str() + ": expected a positive number, got '" + value.str() + "'";
        (*pool)["speed"] = speed;
        continue;
      }
      if (field == "section") {
        (*pool)["section"] = value.str();
        continue;
      }
    }
    if (key == "conv_filter_panel") {
      // 8: float convs on filters packed in panels of eight channels; 0: as imported.
      if (value != "0" && value != "8")
        return "--target-opt conv_filter_panel: expected 0 (filters as imported) or 8, got '" + value.str() + "'";
      t[key] = value == "8" ? 8 : 0;
      continue;
    }
    if (key == "kernels") {
      // kernels=reference: the portable reference kernels only (what the variants are
      // measured and checked against).
      if (value != "reference")
        return "--target-opt kernels: only 'reference' (the portable kernels) is accepted, got '" + value.str() + "'";
      llvm::json::Object kernels;
      kernels["variant"] = "reference";
      t["kernels"] = std::move(kernels);
      continue;
    }
    if (llvm::is_contained(kCacheKeys, key)) {
      auto bytes = size();
      if (!bytes || *bytes <= 0)
        return "--target-opt " + key.str() + ": expected a size like 32K, got '" + value.str() + "'";
      if (!t.getObject("caches"))
        t["caches"] = llvm::json::Object();
      (*t.getObject("caches"))[key] = *bytes;
      continue;
    }
    if (llvm::is_contained(kSizeKeys, key) || llvm::is_contained(kIntKeys, key)) {
      auto bytes = size();
      if (!bytes || *bytes <= 0)
        return "--target-opt " + key.str() + ": expected a positive number, got '" + value.str() + "'";
      t[key] = *bytes;
      continue;
    }
    std::string known;
    for (const std::string &k : optionKeys(t))
      known += (known.empty() ? "" : ", ") + k;
    return "--target-opt: unknown key '" + key.str() + "' (known: " + known + ")";
  }
  return "";
}

/// Text the emitter writes into CMakeLists.txt and run.sh or joins into paths: compiler
/// flags, file and machine names ([A-Za-z0-9=+._ -], no quotes, shell metacharacters or "..").
bool isPlainText(llvm::StringRef s) {
  return s.size() <= 256 && !s.contains("..") && llvm::all_of(s, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || llvm::StringRef("=+._ -").contains(c);
  });
}

/// "toolchain", "kernels" and "emulator": what the emitter copies into build files.
std::string validateToolchain(llvm::json::Object &t) {
  for (const char *section : {"toolchain", "emulator"}) {
    auto *value = t.get(section);
    if (!value || value->getAsString())
      continue;
    auto *object = value->getAsObject();
    if (!object)
      return "\"" + std::string(section) + "\" must be an object";
    for (const auto &kv : *object)
      if (auto text = kv.second.getAsString(); text && !isPlainText(*text))
        return "\"" + std::string(section) + "." + kv.first.str() +
               "\" may hold only letters, digits, spaces and =+._-";
  }
  auto *kernels = t.get("kernels");
  if (!kernels)
    return "";
  auto *object = kernels->getAsObject();
  if (!object)
    return "\"kernels\" must be an object {\"dir\", \"variant\", \"impls\"}";
  for (const char *key : {"dir", "variant"})
    if (auto *v = object->get(key); v && (!v->getAsString() || !isPlainText(*v->getAsString())))
      return "\"kernels." + std::string(key) + "\" must be a plain name";
  if (auto *impls = object->get("impls")) {
    if (!impls->getAsObject())
      return "\"kernels.impls\" must map reference kernels to {\"name\", \"header\"}";
    for (const auto &kv : *impls->getAsObject()) {
      auto *impl = kv.second.getAsObject();
      auto name = impl ? impl->getString("name") : std::nullopt;
      auto header = impl ? impl->getString("header") : std::nullopt;
      if (!name || !isCIdentifierName(*name) || !header || !isPlainText(*header))
        return "\"kernels.impls." + kv.first.str() + "\" needs a C identifier \"name\" and a \"header\" file name";
    }
  }
  return "";
}

/// Checks what the compiler relies on; an error message otherwise.
std::string validate(llvm::json::Object &t) {
  auto name = t.getString("name");
  if (!name || name->empty())
    return "expected a \"name\"";
  auto *pools = poolsOf(t);
  if (!pools || pools->empty())
    return "expected \"pools\": a non-empty array of {\"name\", \"bytes\", \"speed\"}";
  std::set<std::string> seen;
  for (auto &p : *pools) {
    auto *pool = p.getAsObject();
    if (!pool)
      return "every entry of \"pools\" must be an object";
    auto poolName = pool->getString("name");
    if (!poolName || !isPoolName(*poolName))
      return "pool name '" + (poolName ? poolName->str() : std::string()) +
             "' must be a lower-case C identifier of at most 32 characters";
    if (!seen.insert(poolName->str()).second)
      return "pool '" + poolName->str() + "' is listed twice";
    auto bytes = pool->getInteger("bytes");
    if (!bytes || *bytes <= 0)
      return "pool '" + poolName->str() + "' needs a positive integer \"bytes\"";
    auto speed = pool->getNumber("speed");
    if (pool->get("speed") && (!speed || !(*speed > 0)))
      return "pool '" + poolName->str() + "': \"speed\" must be a positive number";
    if (auto *section = pool->get("section"))
      if (!section->getAsString() || !isSectionName(*section->getAsString()))
        return "pool '" + poolName->str() + "': \"section\" must be a linker section name ([A-Za-z0-9._])";
  }
  if (auto *v = t.get("vector_bits"))
    if (!v->getAsInteger() || !isPowerOfTwo(*v->getAsInteger()) || *v->getAsInteger() > 2048)
      return "\"vector_bits\" must be a power of two up to 2048";
  if (auto *v = t.get("conv_filter_panel"))
    if (!v->getAsInteger() || (*v->getAsInteger() != 0 && *v->getAsInteger() != 8))
      return "\"conv_filter_panel\" must be 0 (filters as imported) or 8 (panels of eight output channels)";
  if (auto *v = t.get("sparse_formats")) {
    // Per weight type, the packed formats this target runs faster than dense: "nm" (any N:M),
    // an exact "N:M" such as "2:4", or "bsr".
    auto *formats = v->getAsObject();
    if (!formats)
      return "\"sparse_formats\" must be an object: {\"int8\": [...], \"float\": [...]}";
    for (const auto &kv : *formats) {
      auto *list = kv.second.getAsArray();
      if ((kv.first != "int8" && kv.first != "float") || !list)
        return "\"sparse_formats\" takes \"int8\" and \"float\" lists, got '" + kv.first.str() + "'";
      for (const auto &f : *list) {
        auto name = f.getAsString();
        if (!name || (*name != "nm" && *name != "bsr" && !llvm::StringRef(*name).contains(':')))
          return "\"sparse_formats\" entries are \"nm\", \"bsr\" or an N:M such as \"2:4\"";
      }
    }
  }
  if (auto *v = t.get("alignment"))
    if (!v->getAsInteger() || !isPowerOfTwo(*v->getAsInteger()) || *v->getAsInteger() > 4096)
      return "\"alignment\" must be a power of two up to 4096";
  if (std::string error = validateToolchain(t); !error.empty())
    return error;
  if (auto *caches = t.get("caches")) {
    if (!caches->getAsObject())
      return "\"caches\" must be an object of sizes in bytes";
    for (const auto &kv : *caches->getAsObject())
      if (!kv.second.getAsInteger() || *kv.second.getAsInteger() <= 0)
        return "cache '" + kv.first.str() + "' needs a positive size in bytes";
  }
  return "";
}

} // namespace

DictionaryAttr loadTarget(ModuleOp module, const TargetRequest &request) {
  auto builtin = [&](const std::string &name) -> std::optional<llvm::json::Object> {
    auto known = builtinTargets();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto &k : known)
        list += (list.empty() ? "" : ", ") + k;
      module.emitError() << "unknown target '" << name << "' (known: " << list << ")";
      return std::nullopt;
    }
    auto object = readObject(dataRoot() + "/targets/" + name + "/target.json");
    if (!object) {
      module.emitError() << llvm::toString(object.takeError());
      return std::nullopt;
    }
    return std::move(*object);
  };

  std::string source = "target '" + request.name + "'";
  std::optional<llvm::json::Object> target;
  if (request.descFile.empty()) {
    target = builtin(request.name);
  } else {
    auto desc = readObject(request.descFile);
    if (!desc) {
      module.emitError() << "--target-desc " << llvm::toString(desc.takeError());
      return {};
    }
    auto inherits = desc->getString("inherits");
    if (desc->get("inherits") && !inherits) {
      module.emitError() << "--target-desc " << request.descFile << ": \"inherits\" must name a built-in target";
      return {};
    }
    // A misspelt key would silently keep the base target's value: refuse it instead.
    for (const auto &kv : *desc)
      if (!llvm::is_contained(kDescriptionKeys, kv.first.str())) {
        std::string known;
        for (const char *k : kDescriptionKeys)
          known += (known.empty() ? "" : ", ") + std::string(k);
        module.emitError() << "--target-desc " << request.descFile << ": unknown key '" << kv.first.str()
                           << "' (known: " << known << ")";
        return {};
      }
    target = builtin(inherits ? inherits->str() : request.name);
    if (target) {
      (*target)["inherits"] = inherits ? inherits->str() : request.name;
      desc->erase("inherits");
      mergeInto(*target, *desc);
    }
    source = request.descFile;
  }
  if (!target)
    return {};
  if (std::string error = applyOptions(*target, request.options); !error.empty()) {
    module.emitError() << error;
    return {};
  }
  if (std::string error = validate(*target); !error.empty()) {
    module.emitError() << source << ": " << error;
    return {};
  }
  Builder b(module.getContext());
  return cast<DictionaryAttr>(toAttr(b, llvm::json::Value(std::move(*target))));
}

} // namespace edgec
