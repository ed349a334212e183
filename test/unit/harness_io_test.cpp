// Unit tests for the host harness tensor I/O (.npy and ONNX TensorProto .pb).
#include <catch2/catch.hpp>

#include "edgec/harness_io.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace {

using edgec_io::Tensor;
using Bytes = std::vector<uint8_t>;

std::string tempPath(const std::string &Name) {
  const std::filesystem::path Dir =
      std::filesystem::temp_directory_path() / "edgec-harness-io-test";
  std::filesystem::create_directories(Dir);
  return (Dir / Name).string();
}

void writeBytes(const std::string &Path, const Bytes &Data) {
  std::ofstream Out(Path, std::ios::binary | std::ios::trunc);
  Out.write(reinterpret_cast<const char *>(Data.data()), std::streamsize(Data.size()));
}

Bytes readBytes(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(In), std::istreambuf_iterator<char>());
}

/// Writes \p Data to a scratch file and parses it.
bool readFromBytes(const Bytes &Data, Tensor &T, std::string &Err,
                   const std::string &Name = "input.bin") {
  const std::string Path = tempPath(Name);
  writeBytes(Path, Data);
  return edgec_io::read_tensor_file(Path, T, Err);
}

template <typename T> Bytes toBytes(const std::vector<T> &Values) {
  Bytes B(Values.size() * sizeof(T));
  if (!B.empty())
    std::memcpy(B.data(), Values.data(), B.size());
  return B;
}

template <typename T> std::vector<T> fromBytes(const Bytes &B) {
  std::vector<T> V(B.size() / sizeof(T));
  if (!V.empty())
    std::memcpy(V.data(), B.data(), V.size() * sizeof(T));
  return V;
}

Tensor makeTensor(const std::string &Dtype, std::vector<int64_t> Shape, Bytes Data) {
  Tensor T;
  T.dtype = Dtype;
  T.shape = std::move(Shape);
  T.data = std::move(Data);
  return T;
}

/// Hand-assembles a .npy file with the given version and header text.
Bytes makeNpy(uint8_t Major, const std::string &Header, const Bytes &Data) {
  Bytes Out = {0x93, 'N', 'U', 'M', 'P', 'Y', Major, 0};
  const size_t LenBytes = Major == 1 ? 2 : 4;
  for (size_t B = 0; B < LenBytes; ++B)
    Out.push_back(uint8_t(Header.size() >> (8 * B)));
  Out.insert(Out.end(), Header.begin(), Header.end());
  Out.insert(Out.end(), Data.begin(), Data.end());
  return Out;
}

//===----------------------------------------------------------------------===//
// Minimal protobuf encoder for building TensorProto messages by hand.
//===----------------------------------------------------------------------===//

class ProtoWriter {
public:
  ProtoWriter &varint(uint64_t V) {
    while (V >= 0x80) {
      Buf.push_back(uint8_t(V | 0x80));
      V >>= 7;
    }
    Buf.push_back(uint8_t(V));
    return *this;
  }
  ProtoWriter &tag(uint32_t Field, uint32_t Wire) { return varint((uint64_t(Field) << 3) | Wire); }
  ProtoWriter &varintField(uint32_t Field, uint64_t V) { return tag(Field, 0).varint(V); }
  ProtoWriter &bytesField(uint32_t Field, const Bytes &Payload) {
    tag(Field, 2).varint(Payload.size());
    Buf.insert(Buf.end(), Payload.begin(), Payload.end());
    return *this;
  }
  ProtoWriter &fixed32Field(uint32_t Field, float V) {
    tag(Field, 5);
    return raw(toBytes(std::vector<float>{V}));
  }
  ProtoWriter &fixed64Field(uint32_t Field, uint64_t V) {
    tag(Field, 1);
    return raw(toBytes(std::vector<uint64_t>{V}));
  }
  ProtoWriter &raw(const Bytes &B) {
    Buf.insert(Buf.end(), B.begin(), B.end());
    return *this;
  }
  /// Packed repeated varints (e.g. dims, int64_data).
  ProtoWriter &packedVarints(uint32_t Field, const std::vector<int64_t> &Values) {
    ProtoWriter Inner;
    for (int64_t V : Values)
      Inner.varint(uint64_t(V));
    return bytesField(Field, Inner.Buf);
  }
  Bytes Buf;
};

enum : uint32_t {
  Dims = 1,
  DataType = 2,
  FloatData = 4,
  Int32Data = 5,
  Int64Data = 7,
  Name = 8,
  RawData = 9,
  DoubleData = 10,
  DataLocation = 14,
};
enum : uint64_t { OnnxFloat = 1, OnnxUint8 = 2, OnnxInt8 = 3, OnnxInt32 = 6, OnnxInt64 = 7,
                  OnnxBool = 9, OnnxFloat16 = 10, OnnxDouble = 11 };

const std::vector<float> SixFloats = {1.5f, -2.0f, 3.25f, 0.0f, -1e-3f, 42.0f};

/// A [2,3] float TensorProto whose last field is raw_data, with unknown fields of
/// every wire type before it. Every strict prefix of it is invalid.
Bytes floatRawProto() {
  ProtoWriter W;
  W.varintField(Dims, 2).varintField(Dims, 3).varintField(DataType, OnnxFloat);
  W.bytesField(Name, {'x'});
  W.varintField(100, 12345);                       // unknown varint
  W.fixed64Field(101, 0x0123456789abcdefULL);      // unknown fixed64
  W.bytesField(102, {1, 2, 3});                    // unknown length-delimited
  W.fixed32Field(103, 1.0f);                       // unknown fixed32
  W.tag(104, 3).varintField(1, 7).tag(104, 4);     // unknown group
  W.bytesField(12, {'d', 'o', 'c'});               // doc_string, ignored
  W.bytesField(RawData, toBytes(SixFloats));
  return W.Buf;
}

} // namespace

//===----------------------------------------------------------------------===//
// .npy
//===----------------------------------------------------------------------===//

TEST_CASE("npy round trip for every dtype", "[harness_io][npy]") {
  const Tensor Cases[] = {
      makeTensor("float32", {2, 3}, toBytes(SixFloats)),
      makeTensor("float64", {3}, toBytes(std::vector<double>{1.0, -2.5, 1e300})),
      makeTensor("int64", {2, 1, 2}, toBytes(std::vector<int64_t>{1, -2, INT64_MAX, INT64_MIN})),
      makeTensor("int32", {1}, toBytes(std::vector<int32_t>{-7})),
      makeTensor("int8", {}, toBytes(std::vector<int8_t>{-5})),
      makeTensor("uint8", {4}, Bytes{0, 1, 128, 255}),
      makeTensor("bool", {2, 2}, Bytes{1, 0, 0, 1}),
      makeTensor("float32", {1, 0, 3}, Bytes{}),
  };
  for (const Tensor &In : Cases) {
    INFO(In.dtype << " rank " << In.shape.size());
    const std::string Path = tempPath("roundtrip.npy");
    std::string Err;
    REQUIRE(edgec_io::write_npy(Path, In, Err));
    const Bytes File = readBytes(Path);
    REQUIRE(File.size() >= 10 + In.data.size());
    CHECK(File[6] == 1);
    CHECK(File[7] == 0);
    // Data starts 64-byte aligned and the header ends with a newline, as numpy writes.
    const size_t HeaderEnd = File.size() - In.data.size();
    CHECK(HeaderEnd % 64 == 0);
    CHECK(File[HeaderEnd - 1] == '\n');
    Tensor Out;
    REQUIRE(edgec_io::read_tensor_file(Path, Out, Err));
    CHECK(Out.dtype == In.dtype);
    CHECK(Out.shape == In.shape);
    CHECK(Out.data == In.data);
  }
}

TEST_CASE("npy header text matches numpy's format", "[harness_io][npy]") {
  const std::string Path = tempPath("header.npy");
  std::string Err;
  REQUIRE(edgec_io::write_npy(Path, makeTensor("float32", {3}, toBytes(std::vector<float>{1, 2, 3})), Err));
  const Bytes File = readBytes(Path);
  const std::string Header(File.begin() + 10, File.end() - 12);
  CHECK(Header.rfind("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 0) == 0);
  REQUIRE(edgec_io::write_npy(Path, makeTensor("int64", {2, 3}, Bytes(48)), Err));
  const Bytes File2 = readBytes(Path);
  CHECK(std::string(File2.begin() + 10, File2.end() - 48)
            .rfind("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }", 0) == 0);
}

TEST_CASE("npy v2 and v3 headers and header variations", "[harness_io][npy]") {
  const Bytes Data = toBytes(std::vector<float>{1, 2, 3, 4});
  Tensor T;
  std::string Err;
  const std::string Header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }          \n";
  REQUIRE(readFromBytes(makeNpy(2, Header, Data), T, Err));
  CHECK(T.shape == std::vector<int64_t>{2, 2});
  REQUIRE(readFromBytes(makeNpy(3, Header, Data), T, Err));
  CHECK(T.dtype == "float32");
  // Key order, quoting and spacing are free in a Python dict literal.
  REQUIRE(readFromBytes(makeNpy(1, "{\"shape\":(4,),\"fortran_order\":False,\"descr\":\"<f4\"}\n", Data),
                        T, Err));
  CHECK(T.shape == std::vector<int64_t>{4});
  CHECK(fromBytes<float>(T.data) == std::vector<float>{1, 2, 3, 4});
  REQUIRE(readFromBytes(makeNpy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (16,), }\n", Data),
                        T, Err));
  CHECK(T.dtype == "uint8");
  CHECK(T.shape == std::vector<int64_t>{16});
}

TEST_CASE("npy rejects fortran order, big-endian and unknown dtypes", "[harness_io][npy]") {
  const Bytes Data = toBytes(std::vector<float>{1, 2, 3, 4});
  Tensor T;
  std::string Err;
  CHECK_FALSE(readFromBytes(
      makeNpy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n", Data), T, Err));
  CHECK(Err.find("Fortran") != std::string::npos);
  CHECK_FALSE(readFromBytes(
      makeNpy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }\n", Data), T, Err));
  CHECK(Err.find("big-endian") != std::string::npos);
  CHECK_FALSE(readFromBytes(
      makeNpy(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }\n", Data), T, Err));
  CHECK_FALSE(readFromBytes(
      makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }\n", Data), T, Err));
  CHECK(Err.find("size mismatch") != std::string::npos);
  CHECK_FALSE(readFromBytes(
      makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-4,), }\n", Data), T, Err));
  CHECK_FALSE(readFromBytes(makeNpy(4, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }\n", Data),
                            T, Err));
  CHECK_FALSE(readFromBytes(
      makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999), }\n",
              Data),
      T, Err));
}

TEST_CASE("npy truncated at every length fails cleanly", "[harness_io][npy]") {
  const std::string Path = tempPath("full.npy");
  std::string Err;
  REQUIRE(edgec_io::write_npy(Path, makeTensor("float32", {2, 3}, toBytes(SixFloats)), Err));
  const Bytes Full = readBytes(Path);
  for (size_t Len = 0; Len < Full.size(); ++Len) {
    Tensor T;
    INFO("prefix length " << Len);
    CHECK_FALSE(readFromBytes(Bytes(Full.begin(), Full.begin() + std::ptrdiff_t(Len)), T, Err));
    CHECK_FALSE(Err.empty());
  }
}

TEST_CASE("write_npy rejects inconsistent tensors", "[harness_io][npy]") {
  std::string Err;
  CHECK_FALSE(edgec_io::write_npy(tempPath("bad.npy"), makeTensor("float32", {2, 3}, Bytes(8)), Err));
  CHECK_FALSE(edgec_io::write_npy(tempPath("bad.npy"), makeTensor("complex64", {1}, Bytes(8)), Err));
  CHECK_FALSE(edgec_io::write_npy(tempPath("no-such-dir/x.npy"), makeTensor("uint8", {1}, Bytes(1)), Err));
}

TEST_CASE("missing file is reported", "[harness_io]") {
  Tensor T;
  std::string Err;
  CHECK_FALSE(edgec_io::read_tensor_file(tempPath("does-not-exist.npy"), T, Err));
  CHECK(Err.find("cannot open") != std::string::npos);
}

//===----------------------------------------------------------------------===//
// TensorProto
//===----------------------------------------------------------------------===//

TEST_CASE("TensorProto with packed float_data", "[harness_io][pb]") {
  ProtoWriter W;
  W.varintField(Dims, 2).varintField(Dims, 3).varintField(DataType, OnnxFloat);
  W.bytesField(Name, {'i', 'n', 'p', 'u', 't'});
  W.bytesField(FloatData, toBytes(SixFloats));
  Tensor T;
  std::string Err;
  REQUIRE(readFromBytes(W.Buf, T, Err, "packed.pb"));
  CHECK(T.dtype == "float32");
  CHECK(T.shape == std::vector<int64_t>{2, 3});
  CHECK(fromBytes<float>(T.data) == SixFloats);
}

TEST_CASE("TensorProto with unpacked float_data and packed dims", "[harness_io][pb]") {
  ProtoWriter W;
  W.packedVarints(Dims, {3, 2}).varintField(DataType, OnnxFloat);
  for (float V : SixFloats)
    W.fixed32Field(FloatData, V);
  Tensor T;
  std::string Err;
  REQUIRE(readFromBytes(W.Buf, T, Err, "unpacked.pb"));
  CHECK(T.shape == std::vector<int64_t>{3, 2});
  CHECK(fromBytes<float>(T.data) == SixFloats);
}

TEST_CASE("TensorProto with raw_data skips unknown fields", "[harness_io][pb]") {
  Tensor T;
  std::string Err;
  REQUIRE(readFromBytes(floatRawProto(), T, Err, "raw.pb"));
  CHECK(T.dtype == "float32");
  CHECK(T.shape == std::vector<int64_t>{2, 3});
  CHECK(fromBytes<float>(T.data) == SixFloats);
}

TEST_CASE("TensorProto integer, bool and double payloads", "[harness_io][pb]") {
  Tensor T;
  std::string Err;
  {
    ProtoWriter W;
    W.varintField(Dims, 3).varintField(DataType, OnnxInt64);
    W.packedVarints(Int64Data, {-1, 0, INT64_MAX});
    REQUIRE(readFromBytes(W.Buf, T, Err, "i64.pb"));
    CHECK(fromBytes<int64_t>(T.data) == std::vector<int64_t>{-1, 0, INT64_MAX});
  }
  {
    // Unpacked int32_data with a negative value (10-byte sign-extended varint).
    ProtoWriter W;
    W.varintField(Dims, 2).varintField(DataType, OnnxInt32);
    W.varintField(Int32Data, uint64_t(int64_t(-123456))).varintField(Int32Data, 77);
    REQUIRE(readFromBytes(W.Buf, T, Err, "i32.pb"));
    CHECK(T.dtype == "int32");
    CHECK(fromBytes<int32_t>(T.data) == std::vector<int32_t>{-123456, 77});
  }
  {
    ProtoWriter W;
    W.varintField(Dims, 3).varintField(DataType, OnnxInt8);
    W.packedVarints(Int32Data, {-128, 5, 127});
    REQUIRE(readFromBytes(W.Buf, T, Err, "i8.pb"));
    CHECK(fromBytes<int8_t>(T.data) == std::vector<int8_t>{-128, 5, 127});
  }
  {
    ProtoWriter W;
    W.varintField(Dims, 2).varintField(DataType, OnnxUint8).packedVarints(Int32Data, {255, 3});
    REQUIRE(readFromBytes(W.Buf, T, Err, "u8.pb"));
    CHECK(T.data == Bytes{255, 3});
  }
  {
    ProtoWriter W;
    W.varintField(Dims, 3).varintField(DataType, OnnxBool).packedVarints(Int32Data, {1, 0, 1});
    REQUIRE(readFromBytes(W.Buf, T, Err, "bool.pb"));
    CHECK(T.dtype == "bool");
    CHECK(T.data == Bytes{1, 0, 1});
  }
  {
    ProtoWriter W;
    W.varintField(Dims, 2).varintField(DataType, OnnxDouble);
    W.bytesField(DoubleData, toBytes(std::vector<double>{0.5, -1e200}));
    REQUIRE(readFromBytes(W.Buf, T, Err, "f64.pb"));
    CHECK(T.dtype == "float64");
    CHECK(fromBytes<double>(T.data) == std::vector<double>{0.5, -1e200});
  }
  {
    // Scalar (no dims) with a single value.
    ProtoWriter W;
    W.varintField(DataType, OnnxFloat).fixed32Field(FloatData, 2.5f);
    REQUIRE(readFromBytes(W.Buf, T, Err, "scalar.pb"));
    CHECK(T.shape.empty());
    CHECK(fromBytes<float>(T.data) == std::vector<float>{2.5f});
  }
}

TEST_CASE("TensorProto semantic errors", "[harness_io][pb]") {
  Tensor T;
  std::string Err;
  SECTION("value count does not match dims") {
    ProtoWriter W;
    W.varintField(Dims, 4).varintField(DataType, OnnxFloat).bytesField(FloatData, toBytes(SixFloats));
    CHECK_FALSE(readFromBytes(W.Buf, T, Err, "count.pb"));
    CHECK(Err.find("float_data") != std::string::npos);
  }
  SECTION("raw_data size does not match dims") {
    ProtoWriter W;
    W.varintField(Dims, 2).varintField(DataType, OnnxInt64).bytesField(RawData, Bytes(12));
    CHECK_FALSE(readFromBytes(W.Buf, T, Err, "rawsize.pb"));
  }
  SECTION("missing data_type") {
    ProtoWriter W;
    W.varintField(Dims, 1).fixed32Field(FloatData, 1.0f);
    CHECK_FALSE(readFromBytes(W.Buf, T, Err, "notype.pb"));
  }
  SECTION("unsupported data_type") {
    ProtoWriter W;
    // COMPLEX64 (14): no kernel takes it, so the harness refuses it.
    W.varintField(Dims, 1).varintField(DataType, 14).bytesField(RawData, Bytes(8));
    CHECK_FALSE(readFromBytes(W.Buf, T, Err, "c64.pb"));
    CHECK(Err.find("data_type 14") != std::string::npos);
  }
  SECTION("external data") {
    ProtoWriter W;
    W.varintField(Dims, 1).varintField(DataType, OnnxFloat).varintField(DataLocation, 1);
    CHECK_FALSE(readFromBytes(W.Buf, T, Err, "external.pb"));
    CHECK(Err.find("external") != std::string::npos);
  }
  SECTION("huge dims without data do not allocate") {
    ProtoWriter W;
    W.varintField(Dims, 1u << 20).varintField(Dims, 1u << 20).varintField(DataType, OnnxFloat);
    CHECK_FALSE(readFromBytes(W.Buf, T, Err, "huge.pb"));
    ProtoWriter W2;
    W2.varintField(Dims, 1u << 31).varintField(DataType, OnnxFloat);
    CHECK_FALSE(readFromBytes(W2.Buf, T, Err, "big.pb"));
  }
  SECTION("negative dims") {
    ProtoWriter W;
    W.varintField(Dims, uint64_t(int64_t(-2))).varintField(DataType, OnnxFloat);
    CHECK_FALSE(readFromBytes(W.Buf, T, Err, "negdim.pb"));
  }
  SECTION("wrong wire type for a known field") {
    ProtoWriter W;
    W.fixed32Field(Dims, 1.0f).varintField(DataType, OnnxFloat);
    CHECK_FALSE(readFromBytes(W.Buf, T, Err, "wire.pb"));
  }
  SECTION("overlong varint") {
    Bytes B = {0x08};
    B.insert(B.end(), 11, 0xff);
    B.push_back(0x01);
    CHECK_FALSE(readFromBytes(B, T, Err, "varint.pb"));
  }
  SECTION("stray end-group and mismatched group") {
    ProtoWriter W;
    W.tag(50, 4);
    CHECK_FALSE(readFromBytes(W.Buf, T, Err, "endgroup.pb"));
    ProtoWriter W2;
    W2.tag(50, 3).varintField(1, 1).tag(51, 4);
    CHECK_FALSE(readFromBytes(W2.Buf, T, Err, "group.pb"));
  }
}

TEST_CASE("TensorProto truncated at every length fails cleanly", "[harness_io][pb]") {
  const Bytes Full = floatRawProto();
  for (size_t Len = 0; Len < Full.size(); ++Len) {
    Tensor T;
    std::string Err;
    INFO("prefix length " << Len);
    CHECK_FALSE(readFromBytes(Bytes(Full.begin(), Full.begin() + std::ptrdiff_t(Len)), T, Err,
                              "prefix.pb"));
    CHECK_FALSE(Err.empty());
  }
}

TEST_CASE("garbage and corrupted inputs never crash", "[harness_io][fuzz]") {
  std::mt19937 Rng(99);
  std::uniform_int_distribution<int> Byte(0, 255);
  const Bytes Seeds[] = {floatRawProto(), makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n",
                                                  toBytes(std::vector<float>{1}))};
  const std::string Path = tempPath("fuzz.bin");
  int Accepted = 0;
  for (int Iter = 0; Iter < 600; ++Iter) {
    Bytes B;
    if (Iter % 3 == 0) {
      B.resize(size_t(Iter % 48));
      for (uint8_t &X : B)
        X = uint8_t(Byte(Rng));
    } else {
      // Corrupt a few bytes of a valid file.
      B = Seeds[Iter % 2];
      for (int Flip = 0; Flip < 1 + Iter % 4; ++Flip)
        B[size_t(Byte(Rng)) % B.size()] = uint8_t(Byte(Rng));
    }
    writeBytes(Path, B);
    Tensor T;
    std::string Err;
    if (edgec_io::read_tensor_file(Path, T, Err)) {
      ++Accepted;
      // Anything accepted must be self-consistent.
      int64_t Count = 1;
      for (int64_t D : T.shape)
        Count *= D;
      const size_t Elem = T.dtype == "float64" || T.dtype == "int64" ? 8
                          : T.dtype == "float32" || T.dtype == "int32" ? 4
                                                                        : 1;
      CHECK(T.data.size() == size_t(Count) * Elem);
    } else {
      CHECK_FALSE(Err.empty());
    }
  }
  CHECK(Accepted < 600);
}

//===----------------------------------------------------------------------===//
// convert_to
//===----------------------------------------------------------------------===//

TEST_CASE("convert_to between dtypes", "[harness_io][convert]") {
  std::string Err;
  SECTION("float64 to float32") {
    Tensor T = makeTensor("float64", {3}, toBytes(std::vector<double>{0.5, -2.25, 1e10}));
    REQUIRE(edgec_io::convert_to(T, "float32", Err));
    CHECK(T.dtype == "float32");
    CHECK(T.shape == std::vector<int64_t>{3});
    CHECK(fromBytes<float>(T.data) == std::vector<float>{0.5f, -2.25f, 1e10f});
  }
  SECTION("int64 to int32 and back") {
    Tensor T = makeTensor("int64", {2}, toBytes(std::vector<int64_t>{-5, 2147483647}));
    REQUIRE(edgec_io::convert_to(T, "int32", Err));
    CHECK(fromBytes<int32_t>(T.data) == std::vector<int32_t>{-5, 2147483647});
    REQUIRE(edgec_io::convert_to(T, "int64", Err));
    CHECK(fromBytes<int64_t>(T.data) == std::vector<int64_t>{-5, 2147483647});
  }
  SECTION("int64 out of int32 range is rejected") {
    Tensor T = makeTensor("int64", {1}, toBytes(std::vector<int64_t>{int64_t(1) << 40}));
    CHECK_FALSE(edgec_io::convert_to(T, "int32", Err));
    CHECK(T.dtype == "int64");
  }
  SECTION("float to integer only when exact") {
    Tensor T = makeTensor("float32", {2}, toBytes(std::vector<float>{3.0f, -4.0f}));
    REQUIRE(edgec_io::convert_to(T, "int64", Err));
    CHECK(fromBytes<int64_t>(T.data) == std::vector<int64_t>{3, -4});
    Tensor Frac = makeTensor("float32", {1}, toBytes(std::vector<float>{2.5f}));
    CHECK_FALSE(edgec_io::convert_to(Frac, "int32", Err));
    Tensor Huge = makeTensor("float64", {1}, toBytes(std::vector<double>{1e30}));
    CHECK_FALSE(edgec_io::convert_to(Huge, "int64", Err));
    Tensor Nan = makeTensor("float64", {1}, toBytes(std::vector<double>{std::nan("")}));
    CHECK_FALSE(edgec_io::convert_to(Nan, "int8", Err));
  }
  SECTION("integers to float and bool") {
    Tensor T = makeTensor("int32", {3}, toBytes(std::vector<int32_t>{1, 0, -3}));
    Tensor F = T;
    REQUIRE(edgec_io::convert_to(F, "float32", Err));
    CHECK(fromBytes<float>(F.data) == std::vector<float>{1.0f, 0.0f, -3.0f});
    CHECK_FALSE(edgec_io::convert_to(T, "bool", Err)); // -3 is not a bool.
    Tensor U = makeTensor("uint8", {2}, Bytes{1, 0});
    REQUIRE(edgec_io::convert_to(U, "bool", Err));
    CHECK(U.data == Bytes{1, 0});
  }
  SECTION("same dtype is a no-op, unknown dtypes fail") {
    Tensor T = makeTensor("int8", {1}, Bytes{0x80});
    REQUIRE(edgec_io::convert_to(T, "int8", Err));
    CHECK(T.data == Bytes{0x80});
    CHECK_FALSE(edgec_io::convert_to(T, "uint16", Err));
  }
}
