// Host-only tensor file I/O for generated test harnesses: .npy and ONNX TensorProto .pb.
#ifndef EDGEC_HARNESS_IO_H
#define EDGEC_HARNESS_IO_H

// This header is used only by the host test harness (never by target code), so it
// may use the heap and the standard library. It is header-only so the generated
// harness main needs nothing but an include path. All multi-byte values are read and
// written little-endian, which is what both .npy ('<' descr) and protobuf mandate;
// hosts are assumed little-endian (checked below).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace edgec_io {

struct Tensor {
  std::string dtype; // "float32","int64","int32","int8","uint8","bool","float64",
                     // "float16","bfloat16" (2-byte bit patterns), "float8e4m3fn",
                     // "float8e4m3fnuz","float8e5m2","float8e5m2fnuz" (1-byte codes)
  std::vector<int64_t> shape;
  std::vector<uint8_t> data; // dense, row-major, little-endian
};

namespace detail {

inline bool hostIsLittleEndian() {
  const uint16_t Probe = 1;
  uint8_t First;
  std::memcpy(&First, &Probe, 1);
  return First == 1;
}

/// Size in bytes of one element of \p Dtype, 0 for an unknown dtype.
inline size_t dtypeSize(const std::string &Dtype) {
  if (Dtype == "float32" || Dtype == "int32")
    return 4;
  if (Dtype == "float64" || Dtype == "int64")
    return 8;
  if (Dtype == "int8" || Dtype == "uint8" || Dtype == "bool")
    return 1;
  if (Dtype == "float8e4m3fn" || Dtype == "float8e4m3fnuz" ||
      Dtype == "float8e5m2" || Dtype == "float8e5m2fnuz")
    return 1;
  if (Dtype == "float16" || Dtype == "bfloat16" || Dtype == "int16" || Dtype == "uint16")
    return 2;
  if (Dtype == "uint32")
    return 4;
  if (Dtype == "uint64")
    return 8;
  return 0;
}

//===----------------------------------------------------------------------===//
// float16 / bfloat16
//===----------------------------------------------------------------------===//

/// IEEE binary16 bits -> value (exact).
inline float halfToFloat(uint16_t H) {
  const int Exp = (H >> 10) & 0x1f;
  const int Mant = H & 0x3ff;
  float V;
  if (Exp == 0x1f)
    V = Mant ? std::numeric_limits<float>::quiet_NaN()
             : std::numeric_limits<float>::infinity();
  else if (Exp == 0)
    V = std::ldexp(float(Mant), -24);
  else
    V = std::ldexp(float(Mant | 0x400), Exp - 25);
  return (H & 0x8000) ? -V : V;
}

/// Value -> IEEE binary16 bits, rounded once to nearest even (like numpy's
/// astype(float16), also from float64); |V| >= 65520 gives inf, NaN a quiet NaN.
inline uint16_t floatToHalf(double V) {
  const uint16_t Sign = std::signbit(V) ? 0x8000 : 0;
  if (std::isnan(V))
    return uint16_t(Sign | 0x7e00);
  const double A = std::fabs(V);
  if (A >= 65520.0)
    return uint16_t(Sign | 0x7c00);
  int E = 0;
  std::frexp(A, &E); // A = F * 2^E with F in [0.5, 1): leading bit 2^(E-1).
  int Exp = std::max(E - 1, -14);
  // A scaled to 11 significant bits is exact; nearbyint rounds half to even.
  uint32_t Q = uint32_t(std::nearbyint(std::ldexp(A, 10 - Exp)));
  if (Q < 0x400) // Subnormal (or zero): Exp is -14, the unit is 2^-24.
    return uint16_t(Sign | Q);
  if (Q == 0x800) { // Rounded up to the next binade.
    Q = 0x400;
    ++Exp;
  }
  return uint16_t(Sign | uint32_t(Exp + 15) << 10 | (Q - 0x400));
}

/// bfloat16 bits -> value (exact).
inline float bfloat16ToFloat(uint16_t B) {
  const uint32_t U = uint32_t(B) << 16;
  float V;
  std::memcpy(&V, &U, 4);
  return V;
}

/// Value -> bfloat16 bits: rounded to float32, then to nearest even; NaN stays NaN.
inline uint16_t floatToBfloat16(double D) {
  const float F = float(D);
  uint32_t U;
  std::memcpy(&U, &F, 4);
  if (std::isnan(F))
    return uint16_t((U >> 16) | 0x40);
  return uint16_t((U + 0x7fff + ((U >> 16) & 1)) >> 16);
}

//===----------------------------------------------------------------------===//
// float8 (ONNX FLOAT8E4M3FN/E4M3FNUZ/E5M2/E5M2FNUZ)
//===----------------------------------------------------------------------===//

/// Layout of one float8 flavour: mantissa bits, exponent bias, whether it has no
/// negative zero (FNUZ: the only NaN is 0x80), whether it has inf (E5M2), and the
/// code of its largest finite value.
struct Float8Format {
  int MantBits;
  int Bias;
  bool Uz;
  bool HasInf;
  uint8_t MaxCode;
};

inline bool float8Format(const std::string &Dtype, Float8Format &F) {
  if (Dtype == "float8e4m3fn")
    F = {3, 7, false, false, 0x7e};
  else if (Dtype == "float8e4m3fnuz")
    F = {3, 8, true, false, 0x7f};
  else if (Dtype == "float8e5m2")
    F = {2, 15, false, true, 0x7b};
  else if (Dtype == "float8e5m2fnuz")
    F = {2, 16, true, false, 0x7f};
  else
    return false;
  return true;
}

inline bool isFloat8Dtype(const std::string &Dtype) {
  Float8Format F;
  return float8Format(Dtype, F);
}

/// float8 code -> value (exact); NaN codes give NaN, E5M2's 0x7c/0xfc give +-inf.
inline float float8ToFloat(uint8_t V, const Float8Format &F) {
  const bool Neg = (V & 0x80) != 0;
  const int Exp = (V & 0x7f) >> F.MantBits;
  const int Mant = V & ((1 << F.MantBits) - 1);
  const int ExpMax = (1 << (7 - F.MantBits)) - 1;
  if (F.Uz && V == 0x80)
    return std::numeric_limits<float>::quiet_NaN();
  if (!F.Uz && !F.HasInf && (V & 0x7f) == 0x7f)
    return Neg ? -std::numeric_limits<float>::quiet_NaN()
               : std::numeric_limits<float>::quiet_NaN();
  if (F.HasInf && Exp == ExpMax) {
    const float Special = Mant ? std::numeric_limits<float>::quiet_NaN()
                               : std::numeric_limits<float>::infinity();
    return Neg ? -Special : Special;
  }
  const float A = Exp == 0
                      ? std::ldexp(float(Mant), 1 - F.Bias - F.MantBits)
                      : std::ldexp(float(Mant | (1 << F.MantBits)),
                                   Exp - F.Bias - F.MantBits);
  return Neg ? -A : A;
}

/// Value -> float8 code as ONNX Cast with saturate=1: rounded to float32, then to
/// nearest even; out-of-range values and +-inf clamp to +-max; NaN gives NaN.
inline uint8_t floatToFloat8(double D, const Float8Format &F) {
  const float X = float(D);
  const uint8_t Sign = std::signbit(X) ? 0x80 : 0;
  if (std::isnan(X))
    return F.Uz ? 0x80 : uint8_t(Sign | 0x7f);
  const double A = std::fabs(double(X));
  const double Max = float8ToFloat(F.MaxCode, F);
  if (A > 2 * Max) // Also inf: far past max, saturates whichever way it rounds.
    return uint8_t(Sign | F.MaxCode);
  const int MinExp = 1 - F.Bias; // Exponent of the smallest normal.
  int E = 0;
  std::frexp(A, &E); // A = f * 2^E, f in [0.5, 1): leading bit 2^(E-1).
  int Exp = std::max(E - 1, MinExp);
  // A scaled to MantBits + 1 significant bits; nearbyint rounds half to even.
  uint32_t Q = uint32_t(std::nearbyint(std::ldexp(A, F.MantBits - Exp)));
  const uint32_t Hidden = 1u << F.MantBits;
  uint8_t Code;
  if (Q < Hidden) { // Subnormal or zero.
    Code = uint8_t(Q);
  } else {
    if (Q == 2 * Hidden) {
      Q = Hidden;
      ++Exp;
    }
    Code = uint8_t(uint32_t(Exp + F.Bias) << F.MantBits | (Q - Hidden));
  }
  if (std::ldexp(double(Q), Exp - F.MantBits) > Max)
    Code = F.MaxCode;
  if (Code == 0 && F.Uz)
    return 0; // No negative zero.
  return uint8_t(Sign | Code);
}

/// Number of elements of \p Shape; false on a negative dim or overflow past what a
/// host buffer could hold (a malformed file must not trigger a huge allocation).
inline bool elementCount(const std::vector<int64_t> &Shape, size_t ElemSize,
                         size_t &Count, std::string &Err) {
  const uint64_t Limit = uint64_t(1) << 40; // 1 TiB: far beyond any test tensor.
  uint64_t C = 1;
  for (int64_t D : Shape) {
    if (D < 0) {
      Err = "negative dimension " + std::to_string(D);
      return false;
    }
    if (D != 0 && C > Limit / uint64_t(D)) {
      Err = "tensor too large";
      return false;
    }
    C *= uint64_t(D);
  }
  if (ElemSize != 0 && C > Limit / ElemSize) {
    Err = "tensor too large";
    return false;
  }
  Count = size_t(C);
  return true;
}

inline std::string shapeToString(const std::vector<int64_t> &Shape) {
  std::string S = "[";
  for (size_t I = 0; I < Shape.size(); ++I)
    S += (I ? "," : "") + std::to_string(Shape[I]);
  return S + "]";
}

inline bool readFile(const std::string &Path, std::vector<uint8_t> &Bytes,
                     std::string &Err) {
  std::ifstream In(Path, std::ios::binary);
  if (!In) {
    Err = "cannot open '" + Path + "'";
    return false;
  }
  Bytes.assign(std::istreambuf_iterator<char>(In),
               std::istreambuf_iterator<char>());
  if (In.bad()) {
    Err = "error reading '" + Path + "'";
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// .npy
//===----------------------------------------------------------------------===//

/// Cursor over the Python dict literal that forms a .npy header, e.g.
/// {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
class NpyHeaderParser {
public:
  explicit NpyHeaderParser(const std::string &Header) : Text(Header) {}

  bool parse(std::string &Descr, bool &FortranOrder,
             std::vector<int64_t> &Shape, std::string &Err) {
    bool HaveDescr = false, HaveOrder = false, HaveShape = false;
    if (!expect('{'))
      return fail("expected '{'", Err);
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string Key;
      if (!parseString(Key))
        return fail("expected a quoted key", Err);
      if (!expect(':'))
        return fail("expected ':' after '" + Key + "'", Err);
      if (Key == "descr") {
        if (!parseString(Descr))
          return fail("'descr' must be a string (structured dtypes are "
                      "not supported)",
                      Err);
        HaveDescr = true;
      } else if (Key == "fortran_order") {
        if (!parseBool(FortranOrder))
          return fail("'fortran_order' must be True or False", Err);
        HaveOrder = true;
      } else if (Key == "shape") {
        if (!parseShape(Shape))
          return fail("'shape' must be a tuple of non-negative integers", Err);
        HaveShape = true;
      } else {
        return fail("unexpected key '" + Key + "'", Err);
      }
      skipSpace();
      if (consume(','))
        continue;
      if (!expect('}'))
        return fail("expected ',' or '}'", Err);
      break;
    }
    if (!HaveDescr || !HaveOrder || !HaveShape)
      return fail("missing 'descr', 'fortran_order' or 'shape'", Err);
    return true;
  }

private:
  bool fail(const std::string &Msg, std::string &Err) {
    Err = "malformed .npy header: " + Msg;
    return false;
  }
  void skipSpace() {
    while (Pos < Text.size() &&
           (Text[Pos] == ' ' || Text[Pos] == '\t' || Text[Pos] == '\n'))
      ++Pos;
  }
  bool consume(char C) {
    if (Pos < Text.size() && Text[Pos] == C) {
      ++Pos;
      return true;
    }
    return false;
  }
  bool expect(char C) {
    skipSpace();
    return consume(C);
  }
  bool parseString(std::string &Out) {
    skipSpace();
    if (Pos >= Text.size() || (Text[Pos] != '\'' && Text[Pos] != '"'))
      return false;
    const char Quote = Text[Pos++];
    const size_t End = Text.find(Quote, Pos);
    if (End == std::string::npos)
      return false;
    Out = Text.substr(Pos, End - Pos);
    Pos = End + 1;
    return true;
  }
  bool parseBool(bool &Out) {
    skipSpace();
    for (const char *Word : {"True", "False"}) {
      const size_t Len = std::strlen(Word);
      if (Text.compare(Pos, Len, Word) == 0) {
        Pos += Len;
        Out = Word[0] == 'T';
        return true;
      }
    }
    return false;
  }
  bool parseShape(std::vector<int64_t> &Shape) {
    Shape.clear();
    if (!expect('('))
      return false;
    while (true) {
      skipSpace();
      if (consume(')'))
        return true;
      if (Pos >= Text.size() || Text[Pos] < '0' || Text[Pos] > '9')
        return false;
      int64_t Value = 0;
      while (Pos < Text.size() && Text[Pos] >= '0' && Text[Pos] <= '9') {
        if (Value > (std::numeric_limits<int64_t>::max() - 9) / 10)
          return false;
        Value = Value * 10 + (Text[Pos++] - '0');
      }
      // Python 2 era writers may emit longs such as "3L".
      consume('L');
      Shape.push_back(Value);
      skipSpace();
      if (consume(','))
        continue;
      return expect(')');
    }
  }

  const std::string &Text;
  size_t Pos = 0;
};

/// Maps a numpy type string to our dtype name. Byte order must be little-endian
/// ('<'), native ('=', little-endian on supported hosts) or irrelevant ('|').
inline bool dtypeFromDescr(const std::string &Descr, std::string &Dtype,
                           std::string &Err) {
  if (Descr.size() < 2 || (Descr[0] != '<' && Descr[0] != '|' &&
                           Descr[0] != '=' && Descr[0] != '>')) {
    Err = "unsupported .npy descr '" + Descr + "'";
    return false;
  }
  const std::string Kind = Descr.substr(1);
  static const struct {
    const char *Kind, *Dtype;
  } Table[] = {{"f4", "float32"}, {"f8", "float64"}, {"i4", "int32"},
               {"i8", "int64"},   {"i1", "int8"},    {"u1", "uint8"},
               {"b1", "bool"},    {"f2", "float16"}, {"i2", "int16"},
               {"u2", "uint16"},  {"u4", "uint32"},  {"u8", "uint64"}};
  for (const auto &Entry : Table) {
    if (Kind != Entry.Kind)
      continue;
    if (Descr[0] == '>' && dtypeSize(Entry.Dtype) > 1) {
      Err = "big-endian .npy data ('" + Descr + "') is not supported";
      return false;
    }
    Dtype = Entry.Dtype;
    return true;
  }
  Err = "unsupported .npy dtype '" + Descr +
        "' (expected float16/float32/float64/int8/uint8/int32/int64/bool)";
  return false;
}

inline const char *descrFromDtype(const std::string &Dtype) {
  if (Dtype == "float32")
    return "<f4";
  if (Dtype == "float64")
    return "<f8";
  if (Dtype == "int32")
    return "<i4";
  if (Dtype == "int64")
    return "<i8";
  if (Dtype == "int8")
    return "|i1";
  if (Dtype == "uint8")
    return "|u1";
  if (Dtype == "bool")
    return "|b1";
  if (Dtype == "float16")
    return "<f2";
  if (Dtype == "int16")
    return "<i2";
  if (Dtype == "uint16")
    return "<u2";
  if (Dtype == "uint32")
    return "<u4";
  if (Dtype == "uint64")
    return "<u8";
  return nullptr;
}

inline uint32_t readLE(const uint8_t *P, size_t Bytes) {
  uint32_t V = 0;
  for (size_t I = 0; I < Bytes; ++I)
    V |= uint32_t(P[I]) << (8 * I);
  return V;
}

inline bool parseNpy(const std::vector<uint8_t> &Bytes, Tensor &T,
                     std::string &Err) {
  // Layout: magic "\x93NUMPY", major, minor, header length (u16 for v1, u32 for
  // v2/v3), header text, data.
  if (Bytes.size() < 10) {
    Err = "truncated .npy file";
    return false;
  }
  const uint8_t Major = Bytes[6];
  if (Major < 1 || Major > 3) {
    Err = "unsupported .npy version " + std::to_string(Major);
    return false;
  }
  const size_t LenBytes = Major == 1 ? 2 : 4;
  const size_t Prefix = 8 + LenBytes;
  if (Bytes.size() < Prefix) {
    Err = "truncated .npy file";
    return false;
  }
  const size_t HeaderLen = readLE(Bytes.data() + 8, LenBytes);
  if (HeaderLen > Bytes.size() - Prefix) {
    Err = "truncated .npy header";
    return false;
  }
  const std::string Header(reinterpret_cast<const char *>(Bytes.data()) + Prefix,
                           HeaderLen);
  std::string Descr;
  bool FortranOrder = false;
  std::vector<int64_t> Shape;
  if (!NpyHeaderParser(Header).parse(Descr, FortranOrder, Shape, Err))
    return false;
  if (FortranOrder) {
    Err = ".npy file is in Fortran (column-major) order; save it with "
          "numpy.ascontiguousarray() first";
    return false;
  }
  std::string Dtype;
  if (!dtypeFromDescr(Descr, Dtype, Err))
    return false;
  const size_t Elem = dtypeSize(Dtype);
  size_t Count = 0;
  if (!elementCount(Shape, Elem, Count, Err))
    return false;
  const size_t DataBytes = Count * Elem;
  const size_t Available = Bytes.size() - Prefix - HeaderLen;
  if (Available != DataBytes) {
    Err = ".npy data size mismatch: shape " + shapeToString(Shape) + " of " +
          Dtype + " needs " + std::to_string(DataBytes) + " bytes, file has " +
          std::to_string(Available);
    return false;
  }
  T.dtype = Dtype;
  T.shape = Shape;
  T.data.assign(Bytes.begin() + std::ptrdiff_t(Prefix + HeaderLen), Bytes.end());
  return true;
}

//===----------------------------------------------------------------------===//
// ONNX TensorProto (protobuf wire format)
//===----------------------------------------------------------------------===//

enum WireType : uint32_t {
  WireVarint = 0,
  WireFixed64 = 1,
  WireLengthDelimited = 2,
  WireStartGroup = 3,
  WireEndGroup = 4,
  WireFixed32 = 5,
};

/// Bounds-checked reader over a protobuf message. Every read checks the remaining
/// length first, so malformed input can only produce an error, never an over-read.
class WireReader {
public:
  WireReader(const uint8_t *Begin, const uint8_t *Finish)
      : Cur(Begin), End(Finish) {}

  bool atEnd() const { return Cur == End; }
  size_t remaining() const { return size_t(End - Cur); }

  bool readVarint(uint64_t &Value) {
    Value = 0;
    for (unsigned Shift = 0; Shift < 64; Shift += 7) {
      if (Cur == End)
        return false;
      const uint8_t Byte = *Cur++;
      Value |= uint64_t(Byte & 0x7f) << Shift;
      if (!(Byte & 0x80))
        return true;
    }
    return false; // More than 10 bytes: not a valid varint.
  }

  bool readBytes(size_t Count, const uint8_t *&Data) {
    if (Count > remaining())
      return false;
    Data = Cur;
    Cur += Count;
    return true;
  }

  /// Reads a length prefix and returns the delimited payload.
  bool readLengthDelimited(const uint8_t *&Data, size_t &Size) {
    uint64_t Len;
    if (!readVarint(Len) || Len > remaining())
      return false;
    Size = size_t(Len);
    return readBytes(Size, Data);
  }

  /// Skips the value of a field with \p Wire type. Groups (deprecated, unused by
  /// ONNX) are skipped by matching their end tag; \p Depth bounds the recursion.
  bool skip(uint32_t Wire, uint32_t Field, unsigned Depth = 0) {
    const uint8_t *Data;
    size_t Size;
    uint64_t Ignored;
    switch (Wire) {
    case WireVarint:
      return readVarint(Ignored);
    case WireFixed64:
      return readBytes(8, Data);
    case WireFixed32:
      return readBytes(4, Data);
    case WireLengthDelimited:
      return readLengthDelimited(Data, Size);
    case WireStartGroup:
      if (Depth >= 32)
        return false;
      while (true) {
        uint64_t Tag;
        if (!readVarint(Tag))
          return false;
        const uint32_t InnerWire = uint32_t(Tag & 7);
        const uint64_t InnerField = Tag >> 3;
        if (InnerWire == WireEndGroup)
          return InnerField == Field;
        if (!skip(InnerWire, uint32_t(InnerField), Depth + 1))
          return false;
      }
    default:
      return false; // Stray end-group or invalid wire types 6/7.
    }
  }

private:
  const uint8_t *Cur;
  const uint8_t *End;
};

/// Reads a repeated scalar field that may be packed (one length-delimited run) or
/// unpacked (one value per tag). \p Unpacked is the non-packed wire type; \p Read
/// reads one value from a WireReader and appends it.
template <typename ReadOne>
bool readRepeated(WireReader &R, uint32_t Wire, uint32_t Unpacked,
                  ReadOne Read) {
  if (Wire == Unpacked)
    return Read(R);
  if (Wire != WireLengthDelimited)
    return false;
  const uint8_t *Data;
  size_t Size;
  if (!R.readLengthDelimited(Data, Size))
    return false;
  WireReader Packed(Data, Data + Size);
  while (!Packed.atEnd())
    if (!Read(Packed))
      return false;
  return true;
}

struct OnnxType {
  int32_t Code;
  const char *Dtype;
};

inline const char *dtypeFromOnnx(uint64_t Code) {
  static const OnnxType Table[] = {
      {1, "float32"}, {2, "uint8"},    {3, "int8"},     {6, "int32"},
      {7, "int64"},   {9, "bool"},     {10, "float16"}, {11, "float64"},
      {16, "bfloat16"}, {4, "uint16"}, {5, "int16"}, {12, "uint32"},
      {13, "uint64"}, {17, "float8e4m3fn"}, {18, "float8e4m3fnuz"},
      {19, "float8e5m2"}, {20, "float8e5m2fnuz"}};
  for (const OnnxType &Entry : Table)
    if (uint64_t(Entry.Code) == Code)
      return Entry.Dtype;
  return nullptr;
}

inline bool parseTensorProto(const std::vector<uint8_t> &Bytes, Tensor &T,
                             std::string &Err) {
  enum : uint32_t {
    FieldDims = 1,
    FieldDataType = 2,
    FieldFloatData = 4,
    FieldInt32Data = 5,
    FieldInt64Data = 7,
    FieldName = 8,
    FieldRawData = 9,
    FieldDoubleData = 10,
    FieldDataLocation = 14,
  };
  std::vector<int64_t> Dims;
  uint64_t DataType = 0;
  std::vector<float> FloatData;
  std::vector<int64_t> IntData; // int32_data and int64_data, widened.
  std::vector<double> DoubleData;
  const uint8_t *Raw = nullptr;
  size_t RawSize = 0;
  bool HaveRaw = false;
  uint64_t DataLocation = 0;

  auto ReadVarintInto = [](std::vector<int64_t> &Out) {
    return [&Out](WireReader &R) {
      uint64_t V;
      if (!R.readVarint(V))
        return false;
      Out.push_back(int64_t(V));
      return true;
    };
  };
  auto ReadFloat = [&FloatData](WireReader &R) {
    const uint8_t *P;
    if (!R.readBytes(4, P))
      return false;
    float V;
    std::memcpy(&V, P, 4);
    FloatData.push_back(V);
    return true;
  };
  auto ReadDouble = [&DoubleData](WireReader &R) {
    const uint8_t *P;
    if (!R.readBytes(8, P))
      return false;
    double V;
    std::memcpy(&V, P, 8);
    DoubleData.push_back(V);
    return true;
  };

  WireReader R(Bytes.data(), Bytes.data() + Bytes.size());
  while (!R.atEnd()) {
    uint64_t Tag;
    if (!R.readVarint(Tag)) {
      Err = "malformed TensorProto: truncated field tag";
      return false;
    }
    const uint32_t Wire = uint32_t(Tag & 7);
    const uint64_t Field = Tag >> 3;
    bool Ok;
    switch (Field) {
    case FieldDims:
      Ok = readRepeated(R, Wire, WireVarint, ReadVarintInto(Dims));
      break;
    case FieldDataType:
      Ok = Wire == WireVarint && R.readVarint(DataType);
      break;
    case FieldFloatData:
      Ok = readRepeated(R, Wire, WireFixed32, ReadFloat);
      break;
    case FieldInt32Data:
    case FieldInt64Data:
      Ok = readRepeated(R, Wire, WireVarint, ReadVarintInto(IntData));
      break;
    case FieldDoubleData:
      Ok = readRepeated(R, Wire, WireFixed64, ReadDouble);
      break;
    case FieldRawData:
      Ok = Wire == WireLengthDelimited && R.readLengthDelimited(Raw, RawSize);
      HaveRaw = HaveRaw || Ok;
      break;
    case FieldDataLocation:
      Ok = Wire == WireVarint && R.readVarint(DataLocation);
      break;
    case FieldName: // Not needed: inputs are bound by position.
    default:
      Ok = Field != 0 && R.skip(Wire, uint32_t(Field));
      break;
    }
    if (!Ok) {
      Err = "malformed TensorProto: bad or truncated field " +
            std::to_string(Field) + " (wire type " + std::to_string(Wire) + ")";
      return false;
    }
  }

  if (DataLocation == 1) {
    Err = "TensorProto uses external data, which is not supported";
    return false;
  }
  const char *Dtype = dtypeFromOnnx(DataType);
  if (!Dtype) {
    Err = "unsupported TensorProto data_type " + std::to_string(DataType) +
          " (expected FLOAT, UINT8, INT8, INT32, INT64, BOOL, FLOAT16, DOUBLE, "
          "BFLOAT16 or FLOAT8*)";
    return false;
  }
  const size_t Elem = dtypeSize(Dtype);
  size_t Count = 0;
  if (!elementCount(Dims, Elem, Count, Err))
    return false;

  // Validate the payload size before allocating: dims come from the file and must
  // not be able to request a huge buffer on their own.
  const std::string D = Dtype;
  const char *PayloadField = "raw_data";
  size_t Values = RawSize / Elem;
  if (HaveRaw) {
    if (RawSize % Elem != 0)
      Values = Count + 1; // Force the mismatch error below.
  } else if (D == "float32") {
    PayloadField = "float_data";
    Values = FloatData.size();
  } else if (D == "float64") {
    PayloadField = "double_data";
    Values = DoubleData.size();
  } else {
    PayloadField = D == "int64" ? "int64_data" : "int32_data";
    Values = IntData.size();
  }
  if (Values != Count) {
    Err = "TensorProto " + std::string(PayloadField) + " holds " +
          (HaveRaw ? std::to_string(RawSize) + " bytes"
                   : std::to_string(Values) + " values") +
          " but dims " + shapeToString(Dims) + " of " + Dtype + " need " +
          std::to_string(Count) + " elements";
    return false;
  }

  Tensor Result;
  Result.dtype = Dtype;
  Result.shape = Dims;
  Result.data.assign(Count * Elem, 0);
  if (Count == 0) {
    // Nothing to copy (and the source vectors may have no storage).
  } else if (HaveRaw) {
    std::memcpy(Result.data.data(), Raw, RawSize);
  } else if (D == "float32") {
    std::memcpy(Result.data.data(), FloatData.data(), Count * 4);
  } else if (D == "float64") {
    std::memcpy(Result.data.data(), DoubleData.data(), Count * 8);
  } else {
    // int32_data carries INT32/INT8/UINT8/BOOL and the uint16 bit patterns of
    // FLOAT16/BFLOAT16 and the uint8 codes of FLOAT8*, int64_data carries INT64; each value is narrowed to the
    // element width (two's complement truncation).
    for (size_t I = 0; I < Count; ++I) {
      const uint64_t V = uint64_t(IntData[I]);
      for (size_t B = 0; B < Elem; ++B)
        Result.data[I * Elem + B] = uint8_t(V >> (8 * B));
    }
  }
  T = std::move(Result);
  return true;
}

//===----------------------------------------------------------------------===//
// Conversion
//===----------------------------------------------------------------------===//

inline bool isFloatDtype(const std::string &D) {
  return D == "float32" || D == "float64" || D == "float16" || D == "bfloat16" ||
         isFloat8Dtype(D);
}

template <typename T> T loadAs(const uint8_t *P) {
  T V;
  std::memcpy(&V, P, sizeof(T));
  return V;
}

template <typename T> void storeAs(uint8_t *P, T V) {
  std::memcpy(P, &V, sizeof(T));
}

/// Element \p I of \p Data as a double (for float sources).
inline double loadFloat(const std::string &D, const uint8_t *P) {
  if (D == "float16")
    return halfToFloat(loadAs<uint16_t>(P));
  if (D == "bfloat16")
    return bfloat16ToFloat(loadAs<uint16_t>(P));
  Float8Format F8;
  if (float8Format(D, F8))
    return float8ToFloat(*P, F8);
  return D == "float32" ? double(loadAs<float>(P)) : loadAs<double>(P);
}

/// Element of an integer/bool source as int64.
inline int64_t loadInt(const std::string &D, const uint8_t *P) {
  if (D == "int64")
    return loadAs<int64_t>(P);
  if (D == "int32")
    return loadAs<int32_t>(P);
  if (D == "int8")
    return loadAs<int8_t>(P);
  if (D == "int16")
    return loadAs<int16_t>(P);
  if (D == "uint16")
    return loadAs<uint16_t>(P);
  if (D == "uint32")
    return loadAs<uint32_t>(P);
  if (D == "uint64")
    return int64_t(loadAs<uint64_t>(P));
  return *P; // uint8, bool
}

inline void integerRange(const std::string &D, int64_t &Lo, int64_t &Hi) {
  if (D == "int64") {
    Lo = std::numeric_limits<int64_t>::min();
    Hi = std::numeric_limits<int64_t>::max();
  } else if (D == "int32") {
    Lo = std::numeric_limits<int32_t>::min();
    Hi = std::numeric_limits<int32_t>::max();
  } else if (D == "int8") {
    Lo = -128;
    Hi = 127;
  } else if (D == "uint8") {
    Lo = 0;
    Hi = 255;
  } else if (D == "int16") {
    Lo = -32768;
    Hi = 32767;
  } else if (D == "uint16") {
    Lo = 0;
    Hi = 65535;
  } else if (D == "uint32") {
    Lo = 0;
    Hi = 4294967295LL;
  } else if (D == "uint64") {
    Lo = 0;
    Hi = std::numeric_limits<int64_t>::max();
  } else { // bool
    Lo = 0;
    Hi = 1;
  }
}

inline void storeInt(const std::string &D, uint8_t *P, int64_t V) {
  if (D == "int64")
    storeAs<int64_t>(P, V);
  else if (D == "int32")
    storeAs<int32_t>(P, int32_t(V));
  else if (D == "int8")
    storeAs<int8_t>(P, int8_t(V));
  else if (D == "int16")
    storeAs<int16_t>(P, int16_t(V));
  else if (D == "uint16")
    storeAs<uint16_t>(P, uint16_t(V));
  else if (D == "uint32")
    storeAs<uint32_t>(P, uint32_t(V));
  else if (D == "uint64")
    storeAs<uint64_t>(P, uint64_t(V));
  else
    *P = uint8_t(V);
}

} // namespace detail

/// Reads a tensor from a .npy file (recognised by its magic bytes) or, otherwise, a
/// serialized ONNX TensorProto (.pb). Returns false with a message in \p Err on any
/// I/O error, malformed or truncated content, or unsupported dtype.
inline bool read_tensor_file(const std::string &path, Tensor &t,
                             std::string &err) {
  if (!detail::hostIsLittleEndian()) {
    err = "big-endian hosts are not supported";
    return false;
  }
  std::vector<uint8_t> Bytes;
  if (!detail::readFile(path, Bytes, err))
    return false;
  static const uint8_t NpyMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  bool Ok;
  if (Bytes.empty()) {
    // An empty message is a valid (all-default) protobuf; say what really happened.
    err = "file is empty";
    Ok = false;
  } else if (Bytes.size() >= 6 && std::memcmp(Bytes.data(), NpyMagic, 6) == 0) {
    Ok = detail::parseNpy(Bytes, t, err);
  } else {
    Ok = detail::parseTensorProto(Bytes, t, err);
  }
  if (!Ok)
    err = path + ": " + err;
  return Ok;
}

inline bool convert_to(Tensor &t, const std::string &dtype, std::string &err);

/// Writes \p t as a version 1.0 .npy file (version 2.0 if the header would not fit
/// in 64 KiB), with the header padded so the data starts 64-byte aligned, as numpy
/// does. numpy has no bfloat16 or float8 dtypes, so bfloat16 and float8 tensors are
/// written as float32 ('<f4', exact widening) instead; float16 is written as '<f2'.
inline bool write_npy(const std::string &path, const Tensor &t,
                      std::string &err) {
  if (t.dtype == "bfloat16" || detail::isFloat8Dtype(t.dtype)) {
    Tensor Wide = t;
    if (!convert_to(Wide, "float32", err))
      return false;
    return write_npy(path, Wide, err);
  }
  const char *Descr = detail::descrFromDtype(t.dtype);
  if (!Descr) {
    err = "cannot write dtype '" + t.dtype + "' to .npy";
    return false;
  }
  size_t Count = 0;
  if (!detail::elementCount(t.shape, detail::dtypeSize(t.dtype), Count, err))
    return false;
  if (t.data.size() != Count * detail::dtypeSize(t.dtype)) {
    err = "tensor data has " + std::to_string(t.data.size()) +
          " bytes but shape " + detail::shapeToString(t.shape) + " of " +
          t.dtype + " needs " +
          std::to_string(Count * detail::dtypeSize(t.dtype));
    return false;
  }
  // Python tuple repr: "()", "(3,)", "(2, 3)".
  std::string Shape = "(";
  for (size_t I = 0; I < t.shape.size(); ++I)
    Shape += (I ? ", " : "") + std::to_string(t.shape[I]);
  Shape += t.shape.size() == 1 ? ",)" : ")";
  std::string Header = std::string("{'descr': '") + Descr +
                       "', 'fortran_order': False, 'shape': " + Shape + ", }";
  // Pad with spaces and a final newline so magic + version + length + header is a
  // multiple of 64 bytes.
  const size_t Align = 64;
  uint8_t Major = 1;
  size_t Prefix = 10;
  size_t Total = (Prefix + Header.size() + 1 + Align - 1) / Align * Align;
  if (Total - Prefix > 0xffff) {
    Major = 2;
    Prefix = 12;
    Total = (Prefix + Header.size() + 1 + Align - 1) / Align * Align;
  }
  Header.append(Total - Prefix - Header.size() - 1, ' ');
  Header += '\n';

  std::vector<uint8_t> Out = {0x93, 'N', 'U', 'M', 'P', 'Y', Major, 0};
  const uint64_t HeaderLen = Header.size();
  for (size_t B = 0; B < Prefix - 8; ++B)
    Out.push_back(uint8_t(HeaderLen >> (8 * B)));
  Out.insert(Out.end(), Header.begin(), Header.end());
  Out.insert(Out.end(), t.data.begin(), t.data.end());

  std::ofstream File(path, std::ios::binary | std::ios::trunc);
  if (!File) {
    err = "cannot open '" + path + "' for writing";
    return false;
  }
  File.write(reinterpret_cast<const char *>(Out.data()),
             std::streamsize(Out.size()));
  File.close();
  if (!File) {
    err = "error writing '" + path + "'";
    return false;
  }
  return true;
}

/// Converts \p t in place to \p dtype so callers can feed e.g. a float64 .npy to a
/// float32 model input (float16/bfloat16 convert through their exact values and round
/// to nearest even: float16 once from the source, bfloat16 via float32; float8 via
/// float32, saturating like ONNX Cast's default, out-of-range and inf to +-max). Integer targets reject values that are out of range or (from
/// floating point) not integral, rather than silently wrapping or truncating; bool
/// targets accept only 0 and 1. Float targets accept any numeric source.
inline bool convert_to(Tensor &t, const std::string &dtype, std::string &err) {
  if (t.dtype == dtype)
    return true;
  // Older ONNX test data stores 16-bit floats as their uint16 bit patterns: take them as bits.
  if (t.dtype == "uint16" && (dtype == "bfloat16" || dtype == "float16")) {
    t.dtype = dtype;
    return true;
  }
  const size_t SrcSize = detail::dtypeSize(t.dtype);
  const size_t DstSize = detail::dtypeSize(dtype);
  if (SrcSize == 0 || DstSize == 0) {
    err = "cannot convert " + t.dtype + " to " + dtype;
    return false;
  }
  const size_t Count = t.data.size() / SrcSize;
  if (t.data.size() != Count * SrcSize) {
    err = "tensor data size is not a multiple of the " + t.dtype + " size";
    return false;
  }
  const bool SrcFloat = detail::isFloatDtype(t.dtype);
  const bool DstFloat = detail::isFloatDtype(dtype);
  int64_t Lo = 0, Hi = 0;
  if (!DstFloat)
    detail::integerRange(dtype, Lo, Hi);
  std::vector<uint8_t> Out(Count * DstSize);
  for (size_t I = 0; I < Count; ++I) {
    const uint8_t *Src = t.data.data() + I * SrcSize;
    uint8_t *Dst = Out.data() + I * DstSize;
    if (DstFloat) {
      const double V = SrcFloat ? detail::loadFloat(t.dtype, Src)
                                : double(detail::loadInt(t.dtype, Src));
      if (dtype == "float32")
        detail::storeAs<float>(Dst, float(V));
      else if (dtype == "float16")
        detail::storeAs<uint16_t>(Dst, detail::floatToHalf(V));
      else if (dtype == "bfloat16")
        detail::storeAs<uint16_t>(Dst, detail::floatToBfloat16(V));
      else if (detail::isFloat8Dtype(dtype)) {
        detail::Float8Format F8;
        detail::float8Format(dtype, F8);
        *Dst = detail::floatToFloat8(V, F8);
      }
      else
        detail::storeAs<double>(Dst, V);
      continue;
    }
    int64_t V;
    if (SrcFloat) {
      const double F = detail::loadFloat(t.dtype, Src);
      // Compare in double before converting: out-of-range double->int64 is UB.
      // 2^63 is exactly representable, so [Lo, Hi] maps to [Lo, 2^63) for int64.
      if (!(F == std::floor(F)) || F < double(Lo) ||
          (dtype == "int64" ? F >= 9223372036854775808.0 : F > double(Hi))) {
        err = "cannot convert " + t.dtype + " value " + std::to_string(F) +
              " at index " + std::to_string(I) + " to " + dtype +
              " exactly";
        return false;
      }
      V = int64_t(F);
    } else {
      V = detail::loadInt(t.dtype, Src);
      if (V < Lo || V > Hi) {
        err = "value " + std::to_string(V) + " at index " + std::to_string(I) +
              " is out of range for " + dtype;
        return false;
      }
    }
    detail::storeInt(dtype, Dst, V);
  }
  t.dtype = dtype;
  t.data.swap(Out);
  return true;
}

} // namespace edgec_io

#endif // EDGEC_HARNESS_IO_H
