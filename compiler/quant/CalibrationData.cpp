// Calibration data for int8 post-training quantization: a folder of samples or one stacked .npz.
#include "compiler/quant/CalibrationData.h"

#include "edgec/harness_io.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>

namespace edgec::quant {
namespace {

constexpr uint64_t kMiB = uint64_t(1) << 20;
/// Most float32 data a stacked .npz may decode to (it is held in memory).
constexpr uint64_t kMaxStackedBytes = uint64_t(4) << 30;

std::string shapeText(const std::vector<int64_t> &shape) {
  return edgec_io::detail::shapeToString(shape);
}

/// Elements of a checked (non-negative, overflow-free) shape.
uint64_t elements(const std::vector<int64_t> &shape) {
  uint64_t n = 1;
  for (int64_t d : shape)
    n *= uint64_t(d);
  return n;
}

/// Bytes of raw file data a sample with \p floatBytes of float32 may take: 8-byte dtypes
/// double it, headers and protobuf framing get 1 MiB.
uint64_t rawCap(uint64_t floatBytes) { return 2 * floatBytes + kMiB; }

/// Whether \p got fits \p spec: equal, or \p spec with a leading 1 dropped.
bool shapeFits(const std::vector<int64_t> &got, const std::vector<int64_t> &spec) {
  if (got == spec)
    return true;
  return !spec.empty() && spec[0] == 1 && got.size() + 1 == spec.size() &&
         std::equal(got.begin(), got.end(), spec.begin() + 1);
}

std::string expectedShapes(const std::vector<int64_t> &spec, const char *prefix = "") {
  std::string text = shapeText(spec);
  if (*prefix)
    text = "[" + std::string(prefix) + (spec.empty() ? "" : ",") + text.substr(1);
  if (!spec.empty() && spec[0] == 1) {
    std::vector<int64_t> rest(spec.begin() + 1, spec.end());
    std::string alt = shapeText(rest);
    if (*prefix)
      alt = "[" + std::string(prefix) + (rest.empty() ? "" : ",") + alt.substr(1);
    text += " or " + alt;
  }
  return text;
}

/// Converts \p t (any numeric dtype) to float32 values appended to \p out.
bool appendFloats(edgec_io::Tensor &t, std::vector<float> &out, std::string &error) {
  if (!edgec_io::convert_to(t, "float32", error))
    return false;
  const size_t count = t.data.size() / sizeof(float);
  const size_t old = out.size();
  out.resize(old + count);
  if (count)
    std::memcpy(out.data() + old, t.data.data(), count * sizeof(float));
  t.data.clear();
  t.data.shrink_to_fit();
  return true;
}

//===----------------------------------------------------------------------===//
// ZIP (.npz)
//===----------------------------------------------------------------------===//

struct ZipEntry {
  std::string name;
  uint16_t flags = 0, method = 0;
  uint32_t crc = 0, compressedSize = 0, size = 0, localOffset = 0;
};

uint16_t le16(const uint8_t *p) { return uint16_t(p[0] | p[1] << 8); }
uint32_t le32(const uint8_t *p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

/// Reads the central directory of the ZIP archive in [data, data + size).
bool listZip(const uint8_t *data, uint64_t size, std::vector<ZipEntry> &entries,
             std::string &error) {
  constexpr uint32_t kEocdSig = 0x06054b50, kCentralSig = 0x02014b50, kZip64LocatorSig = 0x07064b50;
  if (size < 22) {
    error = "not a ZIP archive (too short for an end of central directory record)";
    return false;
  }
  // The end record is the last 22 bytes plus a comment of up to 64 KiB.
  uint64_t eocd = UINT64_MAX;
  const uint64_t lowest = size - 22 > 0xffff ? size - 22 - 0xffff : 0;
  for (uint64_t pos = size - 22 + 1; pos-- > lowest;) {
    if (le32(data + pos) == kEocdSig && pos + 22 + le16(data + pos + 20) <= size) {
      eocd = pos;
      break;
    }
  }
  if (eocd == UINT64_MAX) {
    error = "not a ZIP archive (no end of central directory record; truncated?)";
    return false;
  }
  const uint8_t *e = data + eocd;
  const uint16_t disk = le16(e + 4), cdDisk = le16(e + 6), diskEntries = le16(e + 8),
                 totalEntries = le16(e + 10);
  const uint32_t cdSize = le32(e + 12), cdOffset = le32(e + 16);
  if ((eocd >= 20 && le32(data + eocd - 20) == kZip64LocatorSig) || totalEntries == 0xffff ||
      cdSize == 0xffffffff || cdOffset == 0xffffffff) {
    error = "ZIP64 archives are not supported (save arrays of less than 4 GiB each)";
    return false;
  }
  if (disk != 0 || cdDisk != 0 || diskEntries != totalEntries) {
    error = "multi-part ZIP archives are not supported";
    return false;
  }
  if (uint64_t(cdOffset) + cdSize > eocd) {
    error = "corrupt ZIP archive: central directory (offset " + std::to_string(cdOffset) +
            ", " + std::to_string(cdSize) + " bytes) lies outside the file";
    return false;
  }
  const uint8_t *p = data + cdOffset, *end = p + cdSize;
  for (unsigned i = 0; i < totalEntries; ++i) {
    if (end - p < 46 || le32(p) != kCentralSig) {
      error = "corrupt ZIP archive: central directory entry " + std::to_string(i) +
              " is truncated or malformed";
      return false;
    }
    ZipEntry entry;
    entry.flags = le16(p + 8);
    entry.method = le16(p + 10);
    entry.crc = le32(p + 16);
    entry.compressedSize = le32(p + 20);
    entry.size = le32(p + 24);
    const uint16_t nameLen = le16(p + 28), extraLen = le16(p + 30), commentLen = le16(p + 32);
    entry.localOffset = le32(p + 42);
    const uint64_t recordLen = 46 + uint64_t(nameLen) + extraLen + commentLen;
    if (uint64_t(end - p) < recordLen) {
      error = "corrupt ZIP archive: central directory entry " + std::to_string(i) + " is truncated";
      return false;
    }
    entry.name.assign(reinterpret_cast<const char *>(p + 46), nameLen);
    if (entry.compressedSize == 0xffffffff || entry.size == 0xffffffff ||
        entry.localOffset == 0xffffffff) {
      error = "entry '" + entry.name + "' uses ZIP64 (over 4 GiB), which is not supported";
      return false;
    }
    entries.push_back(std::move(entry));
    p += recordLen;
  }
  return true;
}

/// Decompresses \p entry of the archive in [data, data + size) into \p out, checking its
/// local header, bounds, size (at most \p cap bytes) and CRC-32.
bool extractZip(const uint8_t *data, uint64_t size, const ZipEntry &entry, uint64_t cap,
                std::vector<uint8_t> &out, std::string &error) {
  const std::string what = "entry '" + entry.name + "': ";
  if (entry.flags & 1) {
    error = what + "encrypted ZIP entries are not supported";
    return false;
  }
  if (entry.method != 0 && entry.method != 8) {
    error = what + "unsupported compression method " + std::to_string(entry.method) +
            " (expected 0, stored, or 8, deflate)";
    return false;
  }
  if (entry.size > cap) {
    error = what + "declares " + std::to_string(entry.size) +
            " uncompressed bytes, more than the " + std::to_string(cap) + " a sample may take";
    return false;
  }
  // Deflate expands at most ~1032:1: a larger claim is a lie (or a bomb); refuse before allocating.
  if (entry.method == 8 && uint64_t(entry.size) > uint64_t(entry.compressedSize) * 1032 + 1024) {
    error = what + "declares " + std::to_string(entry.size) + " bytes from " +
            std::to_string(entry.compressedSize) + " compressed, more than deflate can produce";
    return false;
  }
  const uint64_t local = entry.localOffset;
  if (local + 30 > size || le32(data + local) != 0x04034b50) {
    error = what + "no local file header at offset " + std::to_string(local);
    return false;
  }
  // Sizes come from the central directory: numpy writes local headers with ZIP64 extras.
  const uint64_t start = local + 30 + le16(data + local + 26) + le16(data + local + 28);
  if (start > size || entry.compressedSize > size - start) {
    error = what + std::to_string(entry.compressedSize) + " bytes of data at offset " +
            std::to_string(start) + " run past the end of the file (truncated?)";
    return false;
  }
  const uint16_t localNameLen = le16(data + local + 26);
  if (localNameLen != entry.name.size() ||
      std::memcmp(data + local + 30, entry.name.data(), localNameLen) != 0) {
    error = what + "local header names a different file";
    return false;
  }
  const uint8_t *in = data + start;
  out.assign(entry.size, 0);
  if (entry.method == 0) {
    if (entry.compressedSize != entry.size) {
      error = what + "stored entry has " + std::to_string(entry.compressedSize) +
              " bytes but declares " + std::to_string(entry.size);
      return false;
    }
    if (entry.size)
      std::memcpy(out.data(), in, entry.size);
  } else {
    z_stream s;
    std::memset(&s, 0, sizeof(s));
    if (inflateInit2(&s, -MAX_WBITS) != Z_OK) {
      error = what + "cannot initialise zlib";
      return false;
    }
    uint8_t spare;
    s.next_in = const_cast<Bytef *>(in);
    s.avail_in = entry.compressedSize;
    s.next_out = entry.size ? out.data() : &spare;
    s.avail_out = entry.size ? entry.size : 1;
    const int rc = inflate(&s, Z_FINISH);
    const uint64_t produced = s.total_out;
    inflateEnd(&s);
    if (rc != Z_STREAM_END) {
      if (rc == Z_DATA_ERROR)
        error = what + "corrupt deflate data";
      else if (produced >= entry.size && s.avail_in != 0)
        error = what + "decompresses to more than its declared " + std::to_string(entry.size) +
                " bytes";
      else
        error = what + "deflate data ends early (truncated?)";
      return false;
    }
    if (produced != entry.size) {
      error = what + "decompresses to " + std::to_string(produced) + " bytes, declares " +
              std::to_string(entry.size);
      return false;
    }
  }
  const uint32_t crc = uint32_t(crc32(0, out.data(), uInt(out.size())));
  if (crc != entry.crc) {
    error = what + "CRC-32 mismatch (data is corrupt)";
    return false;
  }
  return true;
}

/// An .npz read from disk (memory-mapped when large) with its arrays matched to inputs.
struct Npz {
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  std::vector<ZipEntry> entries;
  std::vector<size_t> entryOfSpec; // index into entries for each InputSpec

  const uint8_t *data() const { return reinterpret_cast<const uint8_t *>(buffer->getBufferStart()); }
  uint64_t size() const { return buffer->getBufferSize(); }
};

/// Opens \p path and maps its "<array>.npy" entries to \p specs. Errors lack the path.
bool openNpz(const std::string &path, const std::vector<InputSpec> &specs, uint64_t fileCap,
             Npz &npz, std::string &error) {
  uint64_t fileSize = 0;
  if (std::error_code ec = llvm::sys::fs::file_size(path, fileSize)) {
    error = "cannot open: " + ec.message();
    return false;
  }
  if (fileSize > fileCap) {
    error = "file is " + std::to_string(fileSize) + " bytes, more than the " +
            std::to_string(fileCap) + " allowed";
    return false;
  }
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error = "cannot read: " + buffer.getError().message();
    return false;
  }
  npz.buffer = std::move(*buffer);
  if (!listZip(npz.data(), npz.size(), npz.entries, error))
    return false;
  std::vector<std::string> arrays;
  for (const ZipEntry &entry : npz.entries) {
    llvm::StringRef name(entry.name);
    if (!name.consume_back(".npy")) {
      error = "entry '" + entry.name + "' is not a .npy array";
      return false;
    }
    if (llvm::is_contained(arrays, name.str())) {
      error = "array '" + name.str() + "' appears twice";
      return false;
    }
    arrays.push_back(name.str());
  }
  npz.entryOfSpec.assign(specs.size(), SIZE_MAX);
  if (specs.size() == 1 && arrays.size() == 1) {
    npz.entryOfSpec[0] = 0; // A single-input model takes a lone array of any name.
    return true;
  }
  std::string inputs;
  for (const InputSpec &spec : specs)
    inputs += (inputs.empty() ? "'" : ", '") + spec.name + "'";
  for (size_t a = 0; a < arrays.size(); ++a) {
    auto it = llvm::find_if(specs, [&](const InputSpec &s) { return s.name == arrays[a]; });
    if (it == specs.end()) {
      error = "array '" + arrays[a] + "' is not a graph input (inputs: " + inputs + ")";
      return false;
    }
    npz.entryOfSpec[size_t(it - specs.begin())] = a;
  }
  for (size_t i = 0; i < specs.size(); ++i)
    if (npz.entryOfSpec[i] == SIZE_MAX) {
      error = "no array '" + specs[i].name + "' for graph input '" + specs[i].name + "'" +
              (arrays.empty() ? " (the archive is empty)" : "");
      return false;
    }
  return true;
}

/// Reads array \p i of \p npz as a tensor (at most \p cap bytes uncompressed).
bool readNpzArray(const Npz &npz, size_t i, uint64_t cap, edgec_io::Tensor &t,
                  std::string &error) {
  const ZipEntry &entry = npz.entries[npz.entryOfSpec[i]];
  std::vector<uint8_t> bytes;
  if (!extractZip(npz.data(), npz.size(), entry, cap, bytes, error))
    return false;
  static const uint8_t magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (bytes.size() < 6 || std::memcmp(bytes.data(), magic, 6) != 0) {
    error = "entry '" + entry.name + "' is not a .npy array (bad magic)";
    return false;
  }
  if (!edgec_io::detail::parseNpy(bytes, t, error)) {
    error = "array '" + entry.name.substr(0, entry.name.size() - 4) + "': " + error;
    return false;
  }
  return true;
}

std::string lower(llvm::StringRef s) { return s.lower(); }

} // namespace

//===----------------------------------------------------------------------===//
// CalibrationSet
//===----------------------------------------------------------------------===//

size_t CalibrationSet::size() const { return files_.empty() ? stackedCount_ : files_.size(); }

std::string CalibrationSet::sampleName(size_t index) const {
  if (!files_.empty())
    return index < files_.size() ? files_[index] : path_;
  return path_ + " sample " + std::to_string(index);
}

std::optional<CalibrationSet> CalibrationSet::open(const std::string &path,
                                                   std::vector<InputSpec> specs,
                                                   uint64_t maxBytesPerSample,
                                                   std::string &error) {
  CalibrationSet set;
  set.path_ = path;
  set.maxBytesPerSample_ = maxBytesPerSample;
  if (specs.empty()) {
    error = "the model has no inputs to calibrate";
    return std::nullopt;
  }
  uint64_t sampleBytes = 0;
  for (const InputSpec &spec : specs) {
    size_t count = 0;
    std::string why;
    if (!edgec_io::detail::elementCount(spec.shape, sizeof(float), count, why)) {
      error = "graph input '" + spec.name + "' has shape " + shapeText(spec.shape) +
              ", which calibration cannot use: " + why;
      return std::nullopt;
    }
    sampleBytes += uint64_t(count) * sizeof(float);
  }
  if (sampleBytes > maxBytesPerSample) {
    error = "one calibration sample of the model's inputs takes " + std::to_string(sampleBytes) +
            " bytes, more than the limit of " + std::to_string(maxBytesPerSample);
    return std::nullopt;
  }
  set.specs_ = std::move(specs);
  const std::vector<InputSpec> &in = set.specs_;

  llvm::sys::fs::file_status status;
  if (std::error_code ec = llvm::sys::fs::status(path, status)) {
    error = path + ": cannot open calibration data: " + ec.message();
    return std::nullopt;
  }

  if (llvm::sys::fs::is_directory(status)) {
    std::vector<std::string> names;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(path, ec), end; it != end && !ec; it.increment(ec))
      names.push_back(llvm::sys::path::filename(it->path()).str());
    if (ec) {
      error = path + ": cannot list calibration folder: " + ec.message();
      return std::nullopt;
    }
    llvm::sort(names);
    for (const std::string &name : names) {
      if (name.empty() || name[0] == '.')
        continue; // Hidden files: .DS_Store, editor swap files...
      llvm::SmallString<256> full(path);
      llvm::sys::path::append(full, name);
      const std::string ext = lower(llvm::sys::path::extension(name));
      if (llvm::sys::fs::is_directory(full)) {
        error = std::string(full) + ": is a folder; a calibration folder holds one sample per "
                                    ".npy, .pb or .npz file";
        return std::nullopt;
      }
      if (ext != ".npy" && ext != ".pb" && ext != ".npz") {
        error = std::string(full) + ": unknown calibration file type (expected .npy, .pb or "
                                    ".npz; hidden files are skipped)";
        return std::nullopt;
      }
      if (ext != ".npz" && in.size() != 1) {
        error = std::string(full) + ": a " + ext + " file holds one tensor but the model has " +
                std::to_string(in.size()) +
                " inputs; use .npz samples with one array per input, named by the input";
        return std::nullopt;
      }
      set.files_.push_back(std::string(full));
    }
    if (set.files_.empty()) {
      error = path + ": the calibration folder holds no samples (.npy, .pb or .npz files)";
      return std::nullopt;
    }
    Sample sample;
    for (size_t i = 0; i < set.files_.size(); ++i)
      if (!set.load(i, sample, error))
        return std::nullopt;
    return set;
  }

  if (lower(llvm::sys::path::extension(path)) != ".npz") {
    error = path + ": calibration data must be a folder of samples or one .npz file";
    return std::nullopt;
  }
  // One stacked .npz: decode every array into memory once.
  Npz npz;
  if (!openNpz(path, in, UINT64_MAX, npz, error)) {
    error = path + ": " + error;
    return std::nullopt;
  }
  uint64_t totalBytes = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    edgec_io::Tensor t;
    if (!readNpzArray(npz, i, UINT32_MAX, t, error)) {
      error = path + ": " + error;
      return std::nullopt;
    }
    const std::string array = npz.entries[npz.entryOfSpec[i]].name;
    const std::string what = path + ": array '" + array.substr(0, array.size() - 4) + "' ";
    std::vector<int64_t> rest(t.shape.begin() + (t.shape.empty() ? 0 : 1), t.shape.end());
    if (t.shape.empty() || !shapeFits(rest, in[i].shape)) {
      error = what + "has shape " + shapeText(t.shape) + ", expected " +
              expectedShapes(in[i].shape, "N") + " (N samples of graph input '" + in[i].name +
              "' " + shapeText(in[i].shape) + ")";
      return std::nullopt;
    }
    const size_t count = size_t(t.shape[0]);
    if (i == 0) {
      set.stackedCount_ = count;
    } else if (count != set.stackedCount_) {
      error = what + "holds " + std::to_string(count) + " samples but '" +
              npz.entries[npz.entryOfSpec[0]].name + "' holds " +
              std::to_string(set.stackedCount_);
      return std::nullopt;
    }
    totalBytes += elements(t.shape) * sizeof(float);
    if (totalBytes > kMaxStackedBytes) {
      error = path + ": the samples take more than " + std::to_string(kMaxStackedBytes >> 30) +
              " GiB as float32; use a folder of per-sample files instead";
      return std::nullopt;
    }
    set.stacked_.emplace_back();
    if (!appendFloats(t, set.stacked_.back(), error)) {
      error = what + ": " + error;
      return std::nullopt;
    }
  }
  if (set.stackedCount_ == 0) {
    error = path + ": the calibration file holds no samples (first dim is 0)";
    return std::nullopt;
  }
  return set;
}

bool CalibrationSet::load(size_t index, Sample &sample, std::string &error) const {
  sample.inputs.assign(specs_.size(), {});
  if (index >= size()) {
    error = "calibration sample " + std::to_string(index) + " does not exist (there are " +
            std::to_string(size()) + ")";
    return false;
  }
  if (files_.empty()) {
    for (size_t i = 0; i < specs_.size(); ++i) {
      const size_t per = size_t(elements(specs_[i].shape));
      const float *begin = stacked_[i].data() + index * per;
      sample.inputs[i].assign(begin, begin + per);
    }
    return true;
  }

  const std::string &file = files_[index];
  const uint64_t floatBytes = [&] {
    uint64_t n = 0;
    for (const InputSpec &spec : specs_)
      n += elements(spec.shape) * sizeof(float);
    return n;
  }();
  const uint64_t cap = rawCap(std::min(floatBytes, maxBytesPerSample_));
  auto fits = [&](size_t i, const edgec_io::Tensor &t, const std::string &what) {
    if (shapeFits(t.shape, specs_[i].shape))
      return true;
    error = file + ": " + what + "has shape " + shapeText(t.shape) + ", expected " +
            expectedShapes(specs_[i].shape) + " for graph input '" + specs_[i].name + "'";
    return false;
  };

  if (lower(llvm::sys::path::extension(file)) == ".npz") {
    Npz npz;
    if (!openNpz(file, specs_, cap, npz, error)) {
      error = file + ": " + error;
      return false;
    }
    for (size_t i = 0; i < specs_.size(); ++i) {
      edgec_io::Tensor t;
      if (!readNpzArray(npz, i, cap, t, error)) {
        error = file + ": " + error;
        return false;
      }
      const std::string &entry = npz.entries[npz.entryOfSpec[i]].name;
      const std::string what = "array '" + entry.substr(0, entry.size() - 4) + "' ";
      if (!fits(i, t, what))
        return false;
      if (!appendFloats(t, sample.inputs[i], error)) {
        error = file + ": " + what + error;
        return false;
      }
    }
    return true;
  }

  uint64_t fileSize = 0;
  if (std::error_code ec = llvm::sys::fs::file_size(file, fileSize)) {
    error = file + ": cannot open: " + ec.message();
    return false;
  }
  if (fileSize > cap) {
    error = file + ": file is " + std::to_string(fileSize) + " bytes, more than the " +
            std::to_string(cap) + " a sample may take";
    return false;
  }
  edgec_io::Tensor t;
  if (!edgec_io::read_tensor_file(file, t, error))
    return false; // The message starts with the path.
  if (!fits(0, t, "tensor "))
    return false;
  if (!appendFloats(t, sample.inputs[0], error)) {
    error = file + ": " + error;
    return false;
  }
  return true;
}

} // namespace edgec::quant
