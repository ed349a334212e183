// Calibration for int8 quantization: sample folders and stacked .npz files (with hand-built and
// numpy-written ZIP archives, corrupt ones included), range observers, quant params, progress bar.
#include "compiler/quant/CalibrationData.h"
#include "compiler/quant/ProgressBar.h"
#include "compiler/quant/RangeObserver.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <catch2/catch.hpp>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace edgec::quant;

namespace {

using Bytes = std::string;

/// A temporary folder removed at scope exit.
struct TempDir {
  llvm::SmallString<128> path;
  TempDir() { REQUIRE(!llvm::sys::fs::createUniqueDirectory("edgec-calib", path)); }
  ~TempDir() { llvm::sys::fs::remove_directories(path); }
  std::string file(const std::string &name) const {
    llvm::SmallString<128> full(path);
    llvm::sys::path::append(full, name);
    return std::string(full);
  }
  std::string write(const std::string &name, const Bytes &bytes) const {
    const std::string full = file(name);
    std::ofstream out(full, std::ios::binary);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    REQUIRE(out.good());
    return full;
  }
};

void putLE(Bytes &out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(char(i < 8 ? uint8_t(v >> (8 * i)) : 0));
}

/// A version 1.0 .npy of \p shape with \p descr ('<f4', '<f8', '|i1'...) and raw \p data.
Bytes npy(const std::vector<int64_t> &shape, const std::string &descr, const Bytes &data) {
  std::string dims;
  for (size_t i = 0; i < shape.size(); ++i)
    dims += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1)
    dims += ",";
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  while ((10 + header.size() + 1) % 64)
    header += ' ';
  header += '\n';
  Bytes out("\x93NUMPY\x01\x00", 8);
  putLE(out, header.size(), 2);
  return out + header + data;
}

template <typename T> Bytes raw(const std::vector<T> &values) {
  return Bytes(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(T));
}

Bytes npyF32(const std::vector<int64_t> &shape, const std::vector<float> &values) {
  return npy(shape, "<f4", raw(values));
}

void putVarint(Bytes &out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(char(uint8_t(v | 0x80)));
    v >>= 7;
  }
  out.push_back(char(uint8_t(v)));
}

/// An ONNX TensorProto (FLOAT, raw_data) of \p shape.
Bytes pbF32(const std::vector<int64_t> &shape, const std::vector<float> &values) {
  Bytes out;
  for (int64_t d : shape) {
    out.push_back(0x08); // dims, varint
    putVarint(out, uint64_t(d));
  }
  out.push_back(0x10); // data_type = FLOAT
  putVarint(out, 1);
  const Bytes data = raw(values);
  out.push_back(0x4a); // raw_data, length-delimited
  putVarint(out, data.size());
  return out + data;
}

struct ZipMember {
  std::string name;
  Bytes data;
  bool deflate = false;
};

Bytes rawDeflate(const Bytes &in) {
  z_stream s;
  std::memset(&s, 0, sizeof(s));
  REQUIRE(deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) ==
          Z_OK);
  Bytes out(deflateBound(&s, uLong(in.size())), '\0');
  s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
  s.avail_in = uInt(in.size());
  s.next_out = reinterpret_cast<Bytef *>(&out[0]);
  s.avail_out = uInt(out.size());
  REQUIRE(deflate(&s, Z_FINISH) == Z_STREAM_END);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

/// A ZIP archive as np.savez (stored) or np.savez_compressed (deflate) writes one, without
/// numpy's ZIP64 local extras. \p crcXor corrupts every stored CRC.
Bytes zip(const std::vector<ZipMember> &members, uint32_t crcXor = 0) {
  Bytes out, central;
  for (const ZipMember &m : members) {
    const Bytes body = m.deflate ? rawDeflate(m.data) : m.data;
    const uint32_t crc =
        uint32_t(crc32(0, reinterpret_cast<const Bytef *>(m.data.data()), uInt(m.data.size()))) ^
        crcXor;
    const uint16_t method = m.deflate ? 8 : 0;
    const uint64_t offset = out.size();
    putLE(out, 0x04034b50, 4);
    putLE(out, 20, 2);
    putLE(out, 0, 2);
    putLE(out, method, 2);
    putLE(out, 0, 4); // time, date
    putLE(out, crc, 4);
    putLE(out, body.size(), 4);
    putLE(out, m.data.size(), 4);
    putLE(out, m.name.size(), 2);
    putLE(out, 0, 2);
    out += m.name + body;
    putLE(central, 0x02014b50, 4);
    putLE(central, 20, 2);
    putLE(central, 20, 2);
    putLE(central, 0, 2);
    putLE(central, method, 2);
    putLE(central, 0, 4);
    putLE(central, crc, 4);
    putLE(central, body.size(), 4);
    putLE(central, m.data.size(), 4);
    putLE(central, m.name.size(), 2);
    putLE(central, 0, 2 + 2 + 2 + 2 + 4);
    putLE(central, offset, 4);
    central += m.name;
  }
  const uint64_t cdOffset = out.size();
  out += central;
  putLE(out, 0x06054b50, 4);
  putLE(out, 0, 4);
  putLE(out, members.size(), 2);
  putLE(out, members.size(), 2);
  putLE(out, central.size(), 4);
  putLE(out, cdOffset, 4);
  putLE(out, 0, 2);
  return out;
}

std::vector<float> iota(size_t n, float from) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = from + float(i);
  return v;
}

/// Opens \p path expecting failure; returns the message.
std::string openError(const std::string &path, std::vector<InputSpec> specs,
                      uint64_t maxBytes = 1 << 20) {
  std::string error;
  auto set = CalibrationSet::open(path, std::move(specs), maxBytes, error);
  CHECK_FALSE(set);
  CHECK_FALSE(error.empty());
  return error;
}

CalibrationSet openOk(const std::string &path, std::vector<InputSpec> specs) {
  std::string error;
  auto set = CalibrationSet::open(path, std::move(specs), 1 << 20, error);
  INFO(error);
  REQUIRE(set);
  return std::move(*set);
}

Sample loadOk(const CalibrationSet &set, size_t i) {
  Sample sample;
  std::string error;
  if (!set.load(i, sample, error))
    FAIL(error);
  return sample;
}

using Catch::Matchers::Contains;

// Written by numpy 2.2 (np.savez / np.savez_compressed) for x = arange(6, float32).reshape(2, 3),
// y = [1.5, -2.0] (float64): local headers carry ZIP64 extras, the central directory real sizes.
const Bytes kNumpySavez(
    "\x50\x4b\x03\x04\x2d\x00\x00\x00\x00\x00\x00\x00\x21\x00\x4f\xe9\x00\x2a\xff\xff\xff\xff\xff\xff"
    "\xff\xff\x05\x00\x14\x00\x78\x2e\x6e\x70\x79\x01\x00\x10\x00\x98\x00\x00\x00\x00\x00\x00\x00\x98"
    "\x00\x00\x00\x00\x00\x00\x00\x93\x4e\x55\x4d\x50\x59\x01\x00\x76\x00\x7b\x27\x64\x65\x73\x63\x72"
    "\x27\x3a\x20\x27\x3c\x66\x34\x27\x2c\x20\x27\x66\x6f\x72\x74\x72\x61\x6e\x5f\x6f\x72\x64\x65\x72"
    "\x27\x3a\x20\x46\x61\x6c\x73\x65\x2c\x20\x27\x73\x68\x61\x70\x65\x27\x3a\x20\x28\x32\x2c\x20\x33"
    "\x29\x2c\x20\x7d\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
    "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
    "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x0a\x00\x00\x00\x00\x00\x00\x80\x3f\x00"
    "\x00\x00\x40\x00\x00\x40\x40\x00\x00\x80\x40\x00\x00\xa0\x40\x50\x4b\x03\x04\x2d\x00\x00\x00\x00"
    "\x00\x00\x00\x21\x00\xb0\x98\xc5\x41\xff\xff\xff\xff\xff\xff\xff\xff\x05\x00\x14\x00\x79\x2e\x6e"
    "\x70\x79\x01\x00\x10\x00\x90\x00\x00\x00\x00\x00\x00\x00\x90\x00\x00\x00\x00\x00\x00\x00\x93\x4e"
    "\x55\x4d\x50\x59\x01\x00\x76\x00\x7b\x27\x64\x65\x73\x63\x72\x27\x3a\x20\x27\x3c\x66\x38\x27\x2c"
    "\x20\x27\x66\x6f\x72\x74\x72\x61\x6e\x5f\x6f\x72\x64\x65\x72\x27\x3a\x20\x46\x61\x6c\x73\x65\x2c"
    "\x20\x27\x73\x68\x61\x70\x65\x27\x3a\x20\x28\x32\x2c\x29\x2c\x20\x7d\x20\x20\x20\x20\x20\x20\x20"
    "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
    "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
    "\x20\x20\x20\x20\x20\x0a\x00\x00\x00\x00\x00\x00\xf8\x3f\x00\x00\x00\x00\x00\x00\x00\xc0\x50\x4b"
    "\x01\x02\x2d\x03\x2d\x00\x00\x00\x00\x00\x00\x00\x21\x00\x4f\xe9\x00\x2a\x98\x00\x00\x00\x98\x00"
    "\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x01\x00\x00\x00\x00\x78\x2e\x6e\x70"
    "\x79\x50\x4b\x01\x02\x2d\x03\x2d\x00\x00\x00\x00\x00\x00\x00\x21\x00\xb0\x98\xc5\x41\x90\x00\x00"
    "\x00\x90\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x01\xcf\x00\x00\x00\x79"
    "\x2e\x6e\x70\x79\x50\x4b\x05\x06\x00\x00\x00\x00\x02\x00\x02\x00\x66\x00\x00\x00\x96\x01\x00\x00"
    "\x00\x00"
    , 530);
const Bytes kNumpySavezCompressed(
    "\x50\x4b\x03\x04\x2d\x00\x00\x00\x08\x00\x00\x00\x21\x00\x4f\xe9\x00\x2a\xff\xff\xff\xff\xff\xff"
    "\xff\xff\x05\x00\x14\x00\x78\x2e\x6e\x70\x79\x01\x00\x10\x00\x98\x00\x00\x00\x00\x00\x00\x00\x55"
    "\x00\x00\x00\x00\x00\x00\x00\x9b\xec\x17\xea\x1b\x10\xc9\xc8\x50\xc6\x50\xad\x9e\x92\x5a\x9c\x5c"
    "\xa4\x6e\xa5\xa0\x6e\x93\x66\xa2\xae\xa3\xa0\x9e\x96\x5f\x54\x52\x94\x98\x17\x9f\x5f\x94\x92\x0a"
    "\x12\x77\x4b\xcc\x29\x4e\x05\x8a\x17\x67\x24\x16\xa4\x02\xf9\x1a\x46\x3a\x0a\xc6\x9a\x3a\x0a\xb5"
    "\x0a\x64\x03\x2e\x06\x30\x68\xb0\x07\x12\x0e\x40\x04\xc4\x0d\x40\xbc\xc0\x01\x00\x50\x4b\x03\x04"
    "\x2d\x00\x00\x00\x08\x00\x00\x00\x21\x00\xb0\x98\xc5\x41\xff\xff\xff\xff\xff\xff\xff\xff\x05\x00"
    "\x14\x00\x79\x2e\x6e\x70\x79\x01\x00\x10\x00\x90\x00\x00\x00\x00\x00\x00\x00\x4d\x00\x00\x00\x00"
    "\x00\x00\x00\x9b\xec\x17\xea\x1b\x10\xc9\xc8\x50\xc6\x50\xad\x9e\x92\x5a\x9c\x5c\xa4\x6e\xa5\xa0"
    "\x6e\x93\x66\xa1\xae\xa3\xa0\x9e\x96\x5f\x54\x52\x94\x98\x17\x9f\x5f\x94\x92\x0a\x12\x77\x4b\xcc"
    "\x29\x4e\x05\x8a\x17\x67\x24\x16\xa4\x02\xf9\x1a\x46\x3a\x9a\x3a\x0a\xb5\x0a\x14\x00\x2e\x06\x30"
    "\xf8\x61\x0f\xa1\x19\x0e\x00\x00\x50\x4b\x01\x02\x2d\x03\x2d\x00\x00\x00\x08\x00\x00\x00\x21\x00"
    "\x4f\xe9\x00\x2a\x55\x00\x00\x00\x98\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x80\x01\x00\x00\x00\x00\x78\x2e\x6e\x70\x79\x50\x4b\x01\x02\x2d\x03\x2d\x00\x00\x00\x08\x00\x00"
    "\x00\x21\x00\xb0\x98\xc5\x41\x4d\x00\x00\x00\x90\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x80\x01\x8c\x00\x00\x00\x79\x2e\x6e\x70\x79\x50\x4b\x05\x06\x00\x00\x00\x00\x02\x00"
    "\x02\x00\x66\x00\x00\x00\x10\x01\x00\x00\x00\x00"
    , 396);

} // namespace

//===----------------------------------------------------------------------===//
// Calibration data
//===----------------------------------------------------------------------===//

TEST_CASE("a folder of .npy and .pb samples is read in name order", "[calibration]") {
  TempDir dir;
  dir.write("b.npy", npyF32({1, 2, 3}, iota(6, 10)));
  dir.write("a.pb", pbF32({1, 2, 3}, iota(6, 0)));
  dir.write("c.NPY", npyF32({2, 3}, iota(6, 20))); // batch dim of 1 left out
  dir.write(".DS_Store", "junk");
  CalibrationSet set = openOk(std::string(dir.path), {{"x", {1, 2, 3}}});
  REQUIRE(set.size() == 3);
  CHECK_THAT(set.sampleName(0), Contains("a.pb"));
  CHECK(loadOk(set, 0).inputs == std::vector<std::vector<float>>{iota(6, 0)});
  CHECK(loadOk(set, 1).inputs == std::vector<std::vector<float>>{iota(6, 10)});
  CHECK(loadOk(set, 2).inputs == std::vector<std::vector<float>>{iota(6, 20)});
  Sample sample;
  std::string error;
  CHECK_FALSE(set.load(3, sample, error));
}

TEST_CASE("other dtypes are converted to float32", "[calibration]") {
  TempDir dir;
  dir.write("0.npy", npy({3}, "<f8", raw(std::vector<double>{0.5, -1.25, 1e-3})));
  dir.write("1.npy", npy({3}, "|u1", raw(std::vector<uint8_t>{0, 128, 255})));
  dir.write("2.npy", npy({3}, "<f2", raw(std::vector<uint16_t>{0x3c00, 0xc000, 0x3800})));
  CalibrationSet set = openOk(std::string(dir.path), {{"x", {3}}});
  CHECK(loadOk(set, 0).inputs[0] == std::vector<float>{0.5f, -1.25f, 1e-3f});
  CHECK(loadOk(set, 1).inputs[0] == std::vector<float>{0, 128, 255});
  CHECK(loadOk(set, 2).inputs[0] == std::vector<float>{1, -2, 0.5f});
}

TEST_CASE("a folder of .npz samples feeds a two-input model", "[calibration]") {
  TempDir dir;
  dir.write("s0.npz", zip({{"a.npy", npyF32({2}, {1, 2})}, {"b.npy", npyF32({1, 3}, {3, 4, 5})}}));
  dir.write("s1.npz", zip({{"b.npy", npyF32({3}, {8, 9, 10}), true},
                           {"a.npy", npy({2}, "<f8", raw(std::vector<double>{6, 7})), true}}));
  CalibrationSet set = openOk(std::string(dir.path), {{"a", {2}}, {"b", {1, 3}}});
  REQUIRE(set.size() == 2);
  CHECK(loadOk(set, 0).inputs == std::vector<std::vector<float>>{{1, 2}, {3, 4, 5}});
  CHECK(loadOk(set, 1).inputs == std::vector<std::vector<float>>{{6, 7}, {8, 9, 10}});

  SECTION("a .npy sample cannot feed two inputs") {
    dir.write("s2.npy", npyF32({2}, {1, 2}));
    CHECK_THAT(openError(std::string(dir.path), {{"a", {2}}, {"b", {1, 3}}}),
               Contains("s2.npy") && Contains("2 inputs"));
  }
  SECTION("a missing array is named") {
    dir.write("s2.npz", zip({{"a.npy", npyF32({2}, {1, 2})}}));
    CHECK_THAT(openError(std::string(dir.path), {{"a", {2}}, {"b", {1, 3}}}),
               Contains("s2.npz") && Contains("no array 'b'"));
  }
  SECTION("an array that is no input is named") {
    dir.write("s2.npz", zip({{"a.npy", npyF32({2}, {1, 2})}, {"c.npy", npyF32({3}, {1, 2, 3})}}));
    CHECK_THAT(openError(std::string(dir.path), {{"a", {2}}, {"b", {1, 3}}}),
               Contains("s2.npz") && Contains("'c' is not a graph input"));
  }
  SECTION("a wrong shape is named") {
    dir.write("s2.npz", zip({{"a.npy", npyF32({2}, {1, 2})}, {"b.npy", npyF32({1, 4}, iota(4, 0))}}));
    CHECK_THAT(openError(std::string(dir.path), {{"a", {2}}, {"b", {1, 3}}}),
               Contains("s2.npz") && Contains("array 'b'") && Contains("[1,4]") &&
                   Contains("expected [1,3] or [3]"));
  }
}

TEST_CASE("a lone array of any name feeds a single-input model", "[calibration]") {
  TempDir dir;
  dir.write("0.npz", zip({{"arr_0.npy", npyF32({1, 2}, {1, 2})}}, 0));
  CalibrationSet set = openOk(std::string(dir.path), {{"input", {1, 2}}});
  CHECK(loadOk(set, 0).inputs[0] == std::vector<float>{1, 2});
}

TEST_CASE("one stacked .npz holds all samples", "[calibration]") {
  TempDir dir;
  const std::string path = dir.write(
      "calib.npz", zip({{"a.npy", npyF32({4, 2}, iota(8, 0)), true},
                        {"b.npy", npyF32({4, 3}, iota(12, 100))}})); // b: batch dim left out
  CalibrationSet set = openOk(path, {{"a", {2}}, {"b", {1, 3}}});
  REQUIRE(set.size() == 4);
  CHECK(loadOk(set, 2).inputs == std::vector<std::vector<float>>{{4, 5}, {106, 107, 108}});
  CHECK_THAT(set.sampleName(3), Contains("calib.npz sample 3"));

  SECTION("sample counts must agree") {
    const std::string bad = dir.write(
        "bad.npz", zip({{"a.npy", npyF32({4, 2}, iota(8, 0))}, {"b.npy", npyF32({3, 3}, iota(9, 0))}}));
    CHECK_THAT(openError(bad, {{"a", {2}}, {"b", {1, 3}}}), Contains("3 samples"));
  }
  SECTION("shapes must be [N, input shape]") {
    const std::string bad = dir.write("bad.npz", zip({{"a.npy", npyF32({4, 3}, iota(12, 0))},
                                                       {"b.npy", npyF32({4, 3}, iota(12, 0))}}));
    CHECK_THAT(openError(bad, {{"a", {2}}, {"b", {1, 3}}}),
               Contains("array 'a'") && Contains("[4,3]") && Contains("expected [N,2]"));
  }
  SECTION("zero samples") {
    const std::string bad = dir.write("empty.npz", zip({{"x.npy", npyF32({0, 2}, {})}}));
    CHECK_THAT(openError(bad, {{"x", {2}}}), Contains("no samples"));
  }
}

TEST_CASE("numpy's own .npz files (ZIP64 local extras) are read", "[calibration]") {
  TempDir dir;
  for (const Bytes *blob : {&kNumpySavez, &kNumpySavezCompressed}) {
    const std::string path = dir.write("np.npz", *blob);
    CalibrationSet set = openOk(path, {{"x", {1, 3}}, {"y", {1}}});
    REQUIRE(set.size() == 2);
    CHECK(loadOk(set, 1).inputs == std::vector<std::vector<float>>{{3, 4, 5}, {-2}});
  }
}

TEST_CASE("corrupt calibration data is rejected with the file named", "[calibration]") {
  TempDir dir;
  const std::vector<InputSpec> spec = {{"x", {2}}};
  const Bytes good = zip({{"x.npy", npyF32({2}, {1, 2}), true}});

  SECTION("unknown extension") {
    dir.write("0.npy", npyF32({2}, {1, 2}));
    dir.write("notes.txt", "hello");
    CHECK_THAT(openError(std::string(dir.path), spec),
               Contains("notes.txt") && Contains("unknown calibration file type"));
  }
  SECTION("subfolder") {
    llvm::sys::fs::create_directory(dir.file("more"));
    CHECK_THAT(openError(std::string(dir.path), spec), Contains("more") && Contains("folder"));
  }
  SECTION("empty folder") {
    dir.write(".hidden.npy", npyF32({2}, {1, 2}));
    CHECK_THAT(openError(std::string(dir.path), spec), Contains("no samples"));
  }
  SECTION("missing path") {
    CHECK_THAT(openError(dir.file("nothing-here"), spec), Contains("nothing-here"));
  }
  SECTION("a single file that is no .npz") {
    CHECK_THAT(openError(dir.write("x.npy", npyF32({2}, {1, 2})), spec), Contains("folder"));
  }
  SECTION("truncated archives") {
    for (size_t len : {size_t(0), size_t(10), good.size() / 2, good.size() - 1}) {
      INFO(len);
      dir.write("0.npz", good.substr(0, len));
      CHECK_THAT(openError(std::string(dir.path), spec), Contains("0.npz"));
    }
    // Cut inside the data but keep the directory: offsets then point past the end.
    Bytes cut = good;
    cut.erase(40, 10);
    dir.write("0.npz", cut);
    CHECK_THAT(openError(std::string(dir.path), spec), Contains("0.npz"));
  }
  SECTION("garbage") {
    dir.write("0.npz", Bytes(300, '\x5a'));
    CHECK_THAT(openError(std::string(dir.path), spec), Contains("not a ZIP archive"));
  }
  SECTION("bad CRC") {
    dir.write("0.npz", zip({{"x.npy", npyF32({2}, {1, 2})}}, 0x1));
    CHECK_THAT(openError(std::string(dir.path), spec), Contains("0.npz") && Contains("CRC-32"));
  }
  SECTION("corrupt deflate stream") {
    Bytes bad = good;
    for (size_t i = 40; i < 60; ++i)
      bad[i] = char(~bad[i]);
    dir.write("0.npz", bad);
    CHECK_THAT(openError(std::string(dir.path), spec), Contains("0.npz"));
  }
  SECTION("samples beyond the size limit") {
    dir.write("0.npy", npyF32({2}, {1, 2}));
    CHECK_THAT(openError(std::string(dir.path), {{"x", {1000}}}, 64),
               Contains("4000 bytes") && Contains("limit of 64"));
  }
  SECTION("declared size beyond the sample limit") {
    // 4 MiB of zeros deflate to a few KiB; the sample may take 2 * 8 bytes + 1 MiB.
    dir.write("0.npz", zip({{"x.npy", npyF32({1 << 20}, std::vector<float>(1 << 20)), true}}));
    CHECK_THAT(openError(std::string(dir.path), spec),
               Contains("0.npz") && Contains("declares 4194432 uncompressed bytes"));
  }
  SECTION("a declared size deflate cannot produce") {
    Bytes z = zip({{"x.npy", npyF32({2}, {1, 2}), true}});
    const size_t central = z.find("PK\x01\x02");
    REQUIRE(central != Bytes::npos);
    z.replace(central + 24, 4, "\x00\x00\x10\x00", 4); // uncompressed size 1 MiB
    dir.write("0.npz", z);
    CHECK_THAT(openError(std::string(dir.path), spec, 1 << 30),
               Contains("0.npz") && Contains("more than deflate can produce"));
  }
  SECTION("ZIP64 end records") {
    Bytes z = good;
    z.replace(z.size() - 22 + 8, 4, "\xff\xff\xff\xff", 4); // entry counts 0xffff
    dir.write("0.npz", z);
    CHECK_THAT(openError(std::string(dir.path), spec), Contains("ZIP64"));
  }
  SECTION("not an .npy inside") {
    dir.write("0.npz", zip({{"x.npy", "not numpy"}}));
    CHECK_THAT(openError(std::string(dir.path), spec), Contains("0.npz") && Contains("x.npy"));
  }
  SECTION("a .npy with a wrong shape or a bad header") {
    dir.write("0.npy", npyF32({3}, {1, 2, 3}));
    CHECK_THAT(openError(std::string(dir.path), spec),
               Contains("0.npy") && Contains("[3]") && Contains("expected [2]"));
    dir.write("0.npy", npyF32({2}, {1, 2}).substr(0, 70));
    CHECK_THAT(openError(std::string(dir.path), spec), Contains("0.npy"));
  }
  SECTION("input shapes that cannot be calibrated") {
    dir.write("0.npy", npyF32({2}, {1, 2}));
    CHECK_THAT(openError(std::string(dir.path), {{"x", {-1, 2}}}), Contains("'x'"));
  }
}

//===----------------------------------------------------------------------===//
// Observers
//===----------------------------------------------------------------------===//

namespace {

RangeObserver::Range observe(RangeObserver &obs, const std::vector<std::vector<float>> &samples) {
  for (const auto &s : samples)
    obs.observeRange(s);
  if (obs.needsHistogram())
    for (const auto &s : samples)
      obs.observeHistogram(s);
  return obs.range();
}

const ObserverKind kAllKinds[] = {ObserverKind::MinMax, ObserverKind::Percentile,
                                  ObserverKind::Mse, ObserverKind::Entropy};

} // namespace

TEST_CASE("observer kinds parse", "[calibration]") {
  for (ObserverKind kind : kAllKinds) {
    CHECK(parseObserverKind(observerKindName(kind)) == kind);
    CHECK(makeObserver(kind)->kind() == kind);
  }
  CHECK_FALSE(parseObserverKind("kl"));
  CHECK_FALSE(parseObserverKind("MinMax"));
}

TEST_CASE("minmax is exact and skips NaN and Inf", "[calibration]") {
  const float inf = std::numeric_limits<float>::infinity(), nan = std::nanf("");
  MinMaxObserver obs;
  auto r = observe(obs, {{1.5f, -0.25f, nan}, {inf, 3.75f}, {}, {-inf, 0.5f}});
  CHECK(r.lo == -0.25f);
  CHECK(r.hi == 3.75f);
  CHECK(obs.nonFiniteCount() == 3);
  CHECK(obs.finiteCount() == 4);
  CHECK_FALSE(obs.needsHistogram());

  MinMaxObserver positive;
  r = observe(positive, {{2.0f, 5.0f}});
  CHECK(r.lo == 0.0f); // widened to include zero
  CHECK(r.hi == 5.0f);
}

TEST_CASE("empty, all-NaN and constant tensors give valid ranges", "[calibration]") {
  for (ObserverKind kind : kAllKinds) {
    INFO(observerKindName(kind));
    auto empty = makeObserver(kind);
    auto r = observe(*empty, {{}});
    CHECK((r.lo == 0 && r.hi == 0));
    auto nans = makeObserver(kind);
    r = observe(*nans, {{std::nanf(""), std::nanf("")}});
    CHECK((r.lo == 0 && r.hi == 0));
    CHECK(nans->nonFiniteCount() == 2);
    auto constant = makeObserver(kind);
    r = observe(*constant, {std::vector<float>(100, -3.0f)});
    CHECK((r.lo == -3.0f && r.hi == 0.0f));
    auto zeros = makeObserver(kind);
    r = observe(*zeros, {std::vector<float>(100, 0.0f)});
    CHECK((r.lo == 0.0f && r.hi == 0.0f));
    QuantParams p = asymmetricParams(r.lo, r.hi, -128, 127);
    CHECK(p.scale > 0);
  }
}

TEST_CASE("histogram observers clip outliers that minmax keeps", "[calibration]") {
  std::mt19937 rng(42);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<std::vector<float>> samples(8, std::vector<float>(500000));
  for (auto &s : samples)
    for (float &x : s)
      x = normal(rng);
  samples[3][17] = 1000.0f;

  MinMaxObserver minmax;
  auto r = observe(minmax, samples);
  CHECK(r.lo < -4.0f);
  CHECK(r.lo > -6.0f);
  CHECK(r.hi == 1000.0f);

  PercentileObserver percentile;
  r = observe(percentile, samples);
  // 99.99% of |x| lies within 3.9 sigma; the histogram's bins are 1000/2048 wide.
  CHECK(r.hi > 3.8f);
  CHECK(r.hi < 3.9f + 2 * 1000.0f / 2048);
  CHECK(r.lo == -r.hi);

  // MSE weighs the outlier's squared clipping error, (1000 - b)^2, against the rounding error
  // of 4M values, 4M * ((b - a) / 255)^2 / 12: the optimum clips it to about a sixth,
  // b = (1000 + 5.1 a) / 6.1 with a just inside the gaussian's tail.
  MseObserver mse;
  r = observe(mse, samples);
  CHECK(r.hi > 140.0f);
  CHECK(r.hi < 180.0f);
  CHECK(r.lo < -2.0f);
  CHECK(r.lo > -6.0f);

  // The smallest candidate is 64 of the 2048 bins either side of zero, 64 * 1000 / 1024 = 62.5;
  // the gaussian's far tail sharing the last merged level with the outlier moves it a little.
  EntropyObserver entropy;
  r = observe(entropy, samples);
  CHECK(r.hi >= 62.5f);
  CHECK(r.hi < 150.0f);
  CHECK(r.lo == minmax.min()); // -t clamped to the data
}

TEST_CASE("on uniform data every observer keeps about the data range", "[calibration]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-1.0f, 3.0f), positive(0.0f, 2.0f);
  std::vector<std::vector<float>> samples(4, std::vector<float>(250000)), relu = samples;
  for (auto &s : samples)
    for (float &x : s)
      x = uniform(rng);
  for (auto &s : relu)
    for (float &x : s)
      x = positive(rng);
  for (ObserverKind kind : kAllKinds) {
    INFO(observerKindName(kind));
    auto obs = makeObserver(kind);
    auto r = observe(*obs, samples);
    CHECK(r.lo == Approx(-1.0f).epsilon(0.02));
    CHECK(r.hi == Approx(3.0f).epsilon(0.02));
    auto reluObs = makeObserver(kind);
    r = observe(*reluObs, relu);
    CHECK(r.lo == 0.0f);
    CHECK(r.hi == Approx(2.0f).epsilon(0.02));
  }
}

TEST_CASE("mse keeps outliers that are too many to clip", "[calibration]") {
  // Clipping 1000 values at 50 costs far more than the coarser rounding of keeping them.
  std::vector<float> values(100000);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = float(i % 200) / 100.0f - 1.0f;
  for (size_t i = 0; i < 1000; ++i)
    values[i * 100] = 50.0f;
  MseObserver mse;
  auto r = observe(mse, {values});
  CHECK(r.hi == Approx(50.0f).epsilon(0.02));
}

//===----------------------------------------------------------------------===//
// Quant params
//===----------------------------------------------------------------------===//

TEST_CASE("asymmetric params match onnxruntime's compute_scale_zp", "[calibration]") {
  // Expected values from onnxruntime 1.22 quant_utils.compute_scale_zp (float32 rmin/rmax).
  struct Case {
    float lo, hi;
    int32_t qmin, qmax, zp;
    float scale;
  } cases[] = {
      {-1, 1, -128, 127, 0, 0.007843137718737125f},
      {-0.3f, 2.7f, -128, 127, -102, 0.0117647061124444f},
      {0.5f, 4, -128, 127, -128, 0.01568627543747425f}, // widened to [0, 4]
      {-5, -1, -128, 127, 127, 0.019607843831181526f},  // widened to [-5, 0]
      {0, 0, -128, 127, 0, 1.0f},
      {-0.001f, 1000, -128, 127, -128, 3.92157244682312f},
      {-2.5f, 0.7f, 0, 255, 199, 0.012549019418656826f},
      {-1.5f, 1.5f, -128, 127, 0, 0.0117647061124444f},
      {-0.1f, 25.4f, -128, 127, -127, 0.10000000149011612f},
  };
  for (const Case &c : cases) {
    INFO(c.lo << " " << c.hi);
    QuantParams p = asymmetricParams(c.lo, c.hi, c.qmin, c.qmax);
    CHECK(p.zeroPoint == c.zp);
    CHECK(float(p.scale) == c.scale);
    CHECK(p.scale == double(float(p.scale))); // a float32 value
    // Zero is exact: the zero point dequantizes to 0, and within range.
    CHECK((double(p.zeroPoint) - p.zeroPoint) * p.scale == 0.0);
    CHECK(p.zeroPoint >= c.qmin);
    CHECK(p.zeroPoint <= c.qmax);
  }
  // The range ends land on (or just inside) the grid.
  QuantParams p = asymmetricParams(-0.3f, 2.7f, -128, 127);
  CHECK((-128 - p.zeroPoint) * p.scale == Approx(-0.3).margin(p.scale));
  CHECK((127 - p.zeroPoint) * p.scale == Approx(2.7).margin(p.scale));
  // Non-finite bounds still give finite params.
  p = asymmetricParams(-std::numeric_limits<float>::infinity(), std::nanf(""), -128, 127);
  CHECK(std::isfinite(p.scale));
  CHECK(p.zeroPoint == 127);
}

TEST_CASE("symmetric params", "[calibration]") {
  QuantParams p = symmetricParams(2.54f, 127);
  CHECK(p.zeroPoint == 0);
  CHECK(float(p.scale) == float(2.54f / 127.0));
  CHECK(symmetricParams(-1.27f, 127).scale == double(float(double(1.27f) / 127)));
  CHECK(symmetricParams(0, 127).scale == 1.0);
}

//===----------------------------------------------------------------------===//
// Progress bar
//===----------------------------------------------------------------------===//

TEST_CASE("the progress bar draws only when enabled, rate-limited, ending the line",
          "[calibration]") {
  std::string text;
  {
    llvm::raw_string_ostream os(text);
    ProgressBar bar("calibrating", 50, os, true);
    for (uint64_t i = 1; i <= 50; ++i)
      bar.update(i);
    bar.finish();
    bar.finish();
  }
  // The first and the final update draw; the rest come faster than 10 a second.
  CHECK(std::count(text.begin(), text.end(), '\r') <= 4);
  CHECK_THAT(text, Contains(" calibrating [##############################] 50/50 "));
  CHECK(text.back() == '\n');
  CHECK(std::count(text.begin(), text.end(), '\n') == 1);

  ProgressBar sizer("x", 4, llvm::nulls(), false);
  CHECK(sizer.render(1, 2.34) == " x [#######.......................] 1/4 2.3 s");

  std::string quiet;
  {
    llvm::raw_string_ostream os(quiet);
    ProgressBar bar("calibrating", 3, os, false);
    bar.update(1);
    bar.update(3);
  }
  CHECK(quiet.empty());
}
