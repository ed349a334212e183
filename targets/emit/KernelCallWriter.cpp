// Writes one kernel op as a C++ call of its reference kernel, with a constant parameter struct.
#include "targets/emit/KernelCallWriter.h"
#include "compiler/dialect/Kernel/KernelDialect.h"
#include "compiler/support/ConstantData.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"

#include <climits>
#include <cmath>
#include <cstdio>

using namespace mlir;

namespace edgec {
namespace {

ArrayRef<int64_t> shapeOf(Value v) { return cast<MemRefType>(v.getType()).getShape(); }

int64_t product(ArrayRef<int64_t> dims) {
  int64_t p = 1;
  for (int64_t d : dims)
    p *= d;
  return p;
}

/// Exact, deterministic float literal (9 significant digits round-trip a float).
std::string floatLit(float v) {
  // INFINITY / NAN (math.h, which every kernel header includes) are constant expressions.
  if (std::isinf(v))
    return v > 0 ? "INFINITY" : "-INFINITY";
  if (std::isnan(v))
    return "NAN";
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::format("%.9g", v);
  os.flush();
  if (s.find_first_of(".e") == std::string::npos)
    s += ".0";
  return s + "f";
}

/// `{a, b, c}` of float literals padded with `fill` to `width` entries.
std::string floatList(ArrayRef<float> values, size_t width, float fill) {
  std::string s = "{";
  for (size_t i = 0; i < width; ++i)
    s += (i ? ", " : "") + floatLit(i < values.size() ? values[i] : fill);
  return s + "}";
}

} // namespace

std::string dtypeName(Type t) {
  if (t.isF32()) return "float32";
  if (t.isF64()) return "float64";
  if (t.isF16()) return "float16";
  if (t.isBF16()) return "bfloat16";
  if (t.isFloat8E4M3FN()) return "float8e4m3fn";
  if (t.isFloat8E4M3FNUZ()) return "float8e4m3fnuz";
  if (t.isFloat8E5M2()) return "float8e5m2";
  if (t.isFloat8E5M2FNUZ()) return "float8e5m2fnuz";
  if (t.isInteger(1)) return "bool";
  if (auto i = dyn_cast<IntegerType>(t))
    return (i.isUnsigned() ? "uint" : "int") + std::to_string(i.getWidth());
  return "unknown";
}

namespace {

/// ONNX TensorProto code of an element type (the kernels' EDGEC_DT_*).
int dtypeCode(Type t) {
  if (t.isF32()) return 1;
  if (t.isF64()) return 11;
  if (t.isInteger(1)) return 9;
  if (t.isUnsignedInteger(8)) return 2;
  if (t.isUnsignedInteger(16)) return 4;
  if (t.isUnsignedInteger(32)) return 12;
  if (t.isUnsignedInteger(64)) return 13;
  if (t.isF16()) return 10;
  if (t.isBF16()) return 16;
  if (t.isFloat8E4M3FN()) return 17;
  if (t.isFloat8E4M3FNUZ()) return 18;
  if (t.isFloat8E5M2()) return 19;
  if (t.isFloat8E5M2FNUZ()) return 20;
  if (t.isInteger(8)) return 3;
  if (t.isInteger(16)) return 5;
  if (t.isInteger(32)) return 6;
  if (t.isInteger(64)) return 7;
  return 0;
}

/// `{a, b, c}` padded with `fill` to `width` entries.
std::string intList(ArrayRef<int64_t> values, size_t width, int64_t fill = 1) {
  std::string s = "{";
  for (size_t i = 0; i < width; ++i)
    s += (i ? ", " : "") + std::to_string(i < values.size() ? values[i] : fill);
  return s + "}";
}

std::string actInit(edge::ActivationKind kind, float alpha, float beta) {
  // edgec_act {kind, min, max, alpha, beta}; the edge enum order matches EDGEC_ACT_*.
  float min = 0, max = 0, slope = 0, offset = 0;
  if (kind == edge::ActivationKind::clip) {
    min = alpha;
    max = beta;
  } else if (kind == edge::ActivationKind::leaky_relu) {
    slope = alpha;
  } else if (kind == edge::ActivationKind::hard_sigmoid) {
    slope = alpha;
    offset = beta;
  }
  return "{" + std::to_string(static_cast<int>(kind)) + ", " + floatLit(min) + ", " +
         floatLit(max) + ", " + floatLit(slope) + ", " + floatLit(offset) + "}";
}

template <typename OpTy>
std::string actOf(OpTy op) {
  return actInit(op.getAct(), op.getActAlpha().convertToFloat(), op.getActBeta().convertToFloat());
}

/// "outer, n, inner" of a kernel working along one axis: the products of the dims before it,
/// its extent, the product of the dims after it.
std::string aroundAxis(ArrayRef<int64_t> shape, int64_t axis) {
  return std::to_string(product(shape.take_front(axis))) + ", " + std::to_string(shape[axis]) + ", " +
         std::to_string(product(shape.drop_front(axis + 1)));
}

/// Right-aligned broadcast strides of `operand` against an output of rank `rank`.
SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> shape, size_t rank) {
  SmallVector<int64_t> strides(rank, 0);
  int64_t stride = 1;
  for (int64_t i = static_cast<int64_t>(shape.size()) - 1; i >= 0; --i) {
    size_t d = rank - shape.size() + i;
    strides[d] = shape[i] == 1 ? 0 : stride;
    stride *= shape[i];
  }
  return strides;
}

class CallWriter {
public:
  CallWriter(const BufferExpr &buffer, raw_ostream &os, std::set<std::string> &headers)
      : buffer(buffer), os(os), headers(headers) {}

  std::string in(Value v) { return "(const " + ctype(v) + "*)" + buffer(v); }
  std::string out(Value v) { return "(" + ctype(v) + "*)" + buffer(v); }

  /// The C element type of a buffer (what the typed kernel variants take).
  static std::string ctype(Value v) {
    Type t = cast<MemRefType>(v.getType()).getElementType();
    if (t.isF32()) return "float";
    if (t.isF64()) return "double";
    if (t.isInteger(1) || t.isUnsignedInteger(8)) return "uint8_t";
    if (t.isUnsignedInteger(16)) return "uint16_t";
    if (t.isUnsignedInteger(32)) return "uint32_t";
    if (t.isUnsignedInteger(64)) return "uint64_t";
    if (t.isInteger(8)) return "int8_t";
    if (t.isInteger(16)) return "int16_t";
    if (t.isInteger(32)) return "int32_t";
    if (t.isInteger(64)) return "int64_t";
    return t.getIntOrFloatBitWidth() == 8 ? "uint8_t" : "uint16_t"; // float8 / float16 storage
  }
  std::string opt(Value v) { return v ? in(v) : std::string("nullptr"); }

  /// Mixed-precision kernels (quantized_mixed.h) take each activation's width in bits after
  /// its pointer; the others take the typed pointer alone.
  static bool isMixed(StringRef impl) { return impl.ends_with("_mixed"); }
  static std::string bitsOf(Value v) {
    return std::to_string(cast<MemRefType>(v.getType()).getElementType().getIntOrFloatBitWidth());
  }
  std::string actIn(Value v, StringRef impl) { return isMixed(impl) ? in(v) + ", " + bitsOf(v) : in(v); }
  std::string actOut(Value v, StringRef impl) { return isMixed(impl) ? out(v) + ", " + bitsOf(v) : out(v); }

  /// Spatial-window params shared by conv and pool (channels-last, N, spatial..., C).
  std::string window(Value input, Value output, ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                     ArrayRef<int64_t> dilations, ArrayRef<int64_t> pads) {
    ArrayRef<int64_t> ins = shapeOf(input), outs = shapeOf(output);
    size_t s = ins.size() - 2;
    return intList(ins.slice(1, s), 3) + ", " + intList(outs.slice(1, s), 3) + ", " +
           intList(kernel, 3) + ", " + intList(strides, 3) + ", " + intList(dilations, 3) + ", " +
           intList(pads.take_front(s), 3, 0);
  }

  /// Packed sparse weights (kernel-pack-sparse): writes their descriptor `s` and returns the
  /// kernel's weight arguments, "&s, values[, indices]" (edgec/kernels/sparse.h).
  std::string sparseWeights(Value blob, DictionaryAttr sparse, bool int8) {
    headers.insert("sparse.h");
    auto get = [&](StringRef key) { return std::to_string(sparse.getAs<IntegerAttr>(key).getInt()); };
    auto at = [&](StringRef key) { return "((const uint8_t*)" + buffer(blob) + " + " + get(key) + ")"; };
    std::string values = int8 ? "(const int8_t*)" : "(const float*)";
    if (sparse.getAs<StringAttr>("format").getValue() == "nm") {
      os << "  static const edgec_nm_desc s = {" << get("rows") << ", " << get("cols") << ", " << get("n") << ", "
         << get("m") << ", " << get("index_bits") << ", " << get("row_index_bytes") << "};\n";
      return "&s, " + values + "(const uint8_t*)" + buffer(blob) + ", " + at("indices_offset");
    }
    // The block index arrays are in the blob: addresses, so not a static initializer.
    os << "  const edgec_bsr_desc s = {" << get("rows") << ", " << get("cols") << ", " << get("br") << ", "
       << get("bc") << ", (const int32_t*)(const uint8_t*)" << buffer(blob) << ", (const int32_t*)"
       << at("block_col_offset") << "};\n";
    return "&s, " + values + at("values_offset");
  }

  /// `p`, the edgec_binary_params of a broadcasting elementwise op (binary, compare).
  void writeBinaryParams(int kind, Value lhs, Value rhs, Value output, const std::string &act) {
    ArrayRef<int64_t> y = shapeOf(output);
    os << "  static const edgec_binary_params p = {" << kind << ", " << y.size() << ", " << intList(y, 8) << ", "
       << intList(broadcastStrides(shapeOf(lhs), y.size()), 8, 0) << ", "
       << intList(broadcastStrides(shapeOf(rhs), y.size()), 8, 0) << ", " << act << "};\n";
  }

  LogicalResult write(Operation *op) {
    return llvm::TypeSwitch<Operation *, LogicalResult>(op)
        .Case([&](kernel::ConvOp c) { return writeConv(c, "conv.h"); })
        .Case([&](kernel::ConvTransposeOp c) { return writeConv(c, "conv_transpose.h"); })
        .Case([&](kernel::PadOp p) -> LogicalResult {
          headers.insert("pad.h");
          ArrayRef<int64_t> ins = shapeOf(p.getInput()), outs = shapeOf(p.getOutput());
          if (ins.size() > 8)
            return p.emitError("pad of more than 8 dims is not supported");
          os << "  static const edgec_pad_params p = {" << ins.size() << ", " << intList(ins, 8) << ", "
             << intList(outs, 8) << ", " << intList(p.getPads().take_front(ins.size()), 8, 0) << ", "
             << static_cast<int>(p.getMode()) << ", " << floatLit(p.getValue().convertToFloat()) << ", "
             << elemSize(p.getInput()) << "};\n";
          // A quantized tensor pads with its zero point (the encoding of 0.0).
          std::string fill = quantOf(p) ? std::to_string(quantInt(quantOf(p), "fill")) + ", " : "";
          os << "  " << p.getImpl() << "(&p, " << fill << "(const void*)" << buffer(p.getInput()) << ", (void*)"
             << buffer(p.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::ResizeOp r) -> LogicalResult {
          headers.insert("resize.h");
          ArrayRef<int64_t> ins = shapeOf(r.getInput()), outs = shapeOf(r.getOutput());
          if (ins.size() > 8)
            return r.emitError("resize of more than 8 dims is not supported");
          size_t rank = ins.size();
          ArrayRef<float> roi = r.getRoi();
          os << "  static const edgec_resize_params p = {" << rank << ", " << intList(ins, 8) << ", "
             << intList(outs, 8) << ", " << floatList(r.getScales(), 8, 1.0f) << ", "
             << floatList(roi.take_front(roi.empty() ? 0 : rank), 8, 0.0f) << ", "
             << floatList(roi.empty() ? ArrayRef<float>() : roi.drop_front(rank), 8, 1.0f) << ", "
             << static_cast<int>(r.getMode()) << ", " << static_cast<int>(r.getCoordMode()) << ", "
             << static_cast<int>(r.getNearestMode()) << ", "
             << floatLit(r.getCubicCoeffA().convertToFloat()) << ", " << (r.getExcludeOutside() ? 1 : 0)
             << ", " << floatLit(r.getExtrapolationValue().convertToFloat()) << ", "
             << (r.getFromSizes() ? 1 : 0) << "};\n";
          if (DictionaryAttr q = quantOf(r)) {
            // Integer nearest resize: element bytes, the extrapolation value already quantized.
            os << "  static const " << ctype(r.getInput()) << " fill = " << quantInt(q, "fill") << ";\n";
            os << "  " << r.getImpl() << "(&p, " << elemSize(r.getInput()) << ", &fill, " << in(r.getInput())
               << ", " << out(r.getOutput()) << ");\n";
            return success();
          }
          os << "  " << r.getImpl() << "(&p, " << in(r.getInput()) << ", " << out(r.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::ReduceOp r) -> LogicalResult {
          headers.insert("reduce.h");
          ArrayRef<int64_t> ins = shapeOf(r.getInput());
          if (ins.size() > 8)
            return r.emitError("reduce over more than 8 dims is not supported");
          int mask = 0;
          for (int64_t a : r.getAxes())
            mask |= 1 << a;
          os << "  static const edgec_reduce_params p = {" << ins.size() << ", " << intList(ins, 8) << ", "
             << mask << ", " << static_cast<int>(r.getKind()) << "};\n";
          os << "  " << r.getImpl() << "(&p, " << in(r.getInput()) << ", " << out(r.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::SliceOp s) -> LogicalResult {
          headers.insert("slice.h");
          ArrayRef<int64_t> ins = shapeOf(s.getInput()), outs = shapeOf(s.getOutput());
          if (ins.size() > 8)
            return s.emitError("slice of more than 8 dims is not supported");
          os << "  static const edgec_slice_params p = {" << ins.size() << ", " << intList(ins, 8) << ", "
             << intList(outs, 8) << ", " << intList(s.getStarts(), 8, 0) << ", "
             << intList(s.getSteps(), 8, 1) << ", " << elemSize(s.getInput()) << "};\n";
          os << "  " << s.getImpl() << "(&p, (const void*)" << buffer(s.getInput()) << ", (void*)"
             << buffer(s.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::GatherOp g) {
          headers.insert("gather.h");
          ArrayRef<int64_t> data = shapeOf(g.getData());
          int64_t axis = g.getAxis();
          os << "  static const edgec_gather_params p = {" << product(data.take_front(axis)) << ", "
             << data[axis] << ", " << product(data.drop_front(axis + 1)) << ", "
             << product(shapeOf(g.getIndices())) << ", " << elemSize(g.getData()) << ", "
             << elemSize(g.getIndices()) << "};\n";
          // Indices come from run-time data: an out-of-range one fails the inference.
          os << "  if (" << g.getImpl() << "(&p, (const void*)" << buffer(g.getData()) << ", (const void*)"
             << buffer(g.getIndices()) << ", (void*)" << buffer(g.getOutput()) << ") != 0) return EDGEC_ERR_ARG;\n";
          return success();
        })
        .Case([&](kernel::CastOp c) {
          headers.insert("cast.h");
          os << "  " << c.getImpl() << "((const void*)" << buffer(c.getInput()) << ", "
             << dtypeCode(cast<MemRefType>(c.getInput().getType()).getElementType()) << ", (void*)"
             << buffer(c.getOutput()) << ", "
             << dtypeCode(cast<MemRefType>(c.getOutput().getType()).getElementType()) << ", "
             << product(shapeOf(c.getInput())) << ", " << (c.getSaturate() ? 1 : 0) << ");\n";
          return success();
        })
        .Case([&](kernel::PoolOp p) {
          headers.insert("pool.h");
          ArrayRef<int64_t> ins = shapeOf(p.getInput());
          size_t s = ins.size() - 2;
          os << "  static const edgec_pool_params p = {" << s << ", " << ins[0] << ", "
             << ins.back() << ", "
             << window(p.getInput(), p.getOutput(), p.getKernelShape(), p.getStrides(),
                       p.getDilations(), p.getPads())
             << ", " << (p.getCountIncludePad() ? 1 : 0) << ", " << actOf(p) << ", "
             << intList(p.getPads().drop_front(s), 3, 0) << ", 0};\n";
          std::string clamp;
          if (DictionaryAttr q = quantOf(p)) {
            headers.insert("quantized.h");
            clamp = std::to_string(quantInt(q, "act_min")) + ", " + std::to_string(quantInt(q, "act_max")) + ", ";
            if (p.getKind() == edge::PoolKind::avg)
              clamp += std::to_string(quantInt(q, "zero_point")) + ", ";
          }
          os << "  " << p.getImpl() << "(&p, " << clamp << in(p.getInput()) << ", " << out(p.getOutput())
             << (isMixed(p.getImpl()) ? ", " + bitsOf(p.getInput()) : std::string()) << ");\n";
          return success();
        })
        .Case([&](kernel::MaxPoolIndicesOp p) {
          headers.insert("pool.h");
          ArrayRef<int64_t> ins = shapeOf(p.getInput());
          size_t s = ins.size() - 2;
          os << "  static const edgec_pool_params p = {" << s << ", " << ins[0] << ", " << ins.back() << ", "
             << window(p.getInput(), p.getOutput(), p.getKernelShape(), p.getStrides(), p.getDilations(),
                       p.getPads())
             << ", 0, " << actInit(edge::ActivationKind::none, 0, 0) << ", "
             << intList(p.getPads().drop_front(s), 3, 0) << ", " << p.getStorageOrder() << "};\n";
          os << "  " << p.getImpl() << "(&p, " << in(p.getInput()) << ", " << out(p.getOutput()) << ", "
             << out(p.getIndices()) << ");\n";
          return success();
        })
        .Case([&](kernel::GlobalPoolOp p) {
          headers.insert("pool.h");
          ArrayRef<int64_t> ins = shapeOf(p.getInput());
          std::string requant;
          if (DictionaryAttr q = quantOf(p)) {
            headers.insert("quantized.h");
            writeRequant(q);
            requant = "&q, ";
          }
          os << "  " << p.getImpl() << "(" << ins[0] << ", " << product(ins.slice(1, ins.size() - 2))
             << ", " << ins.back() << ", " << requant << actIn(p.getInput(), p.getImpl()) << ", "
             << actOut(p.getOutput(), p.getImpl()) << ");\n";
          return success();
        })
        .Case([&](kernel::GemmOp g) {
          headers.insert("gemm.h");
          ArrayRef<int64_t> a = shapeOf(g.getA()), y = shapeOf(g.getOutput());
          int64_t k = g.getTransA() ? a[0] : a[1];
          if (auto sparse = g->getAttrOfType<DictionaryAttr>("sparse")) {
            // A fully connected layer on packed weights: int8 requantizes, float applies act.
            DictionaryAttr q = quantOf(g);
            if (q) {
              headers.insert("quantized.h");
              writeRequant(q);
            } else {
              os << "  static const edgec_act act = " << actOf(g) << ";\n";
            }
            os << "  static const edgec_fc_params p = {" << y[0] << ", " << y[1] << ", " << k << "};\n";
            std::string weights = sparseWeights(g.getB(), sparse, q != nullptr);
            os << "  " << g.getImpl() << "(&p, " << (q ? "&q, " : "&act, ") << actIn(g.getA(), g.getImpl()) << ", "
               << weights << ", " << opt(g.getC()) << ", " << actOut(g.getOutput(), g.getImpl()) << ");\n";
            return success();
          }
          if (DictionaryAttr q = quantOf(g)) {
            // Integer gemm is TFLM's fully connected: weights [N, K], int32 bias [N].
            headers.insert("quantized.h");
            writeRequant(q);
            os << "  static const edgec_fc_params p = {" << y[0] << ", " << y[1] << ", " << k << "};\n";
            os << "  " << g.getImpl() << "(&p, &q, " << actIn(g.getA(), g.getImpl()) << ", " << in(g.getB())
               << ", " << opt(g.getC()) << ", " << actOut(g.getOutput(), g.getImpl()) << ");\n";
            return success();
          }
          int64_t cRows = 1, cCols = 1;
          if (g.getC()) {
            ArrayRef<int64_t> c = shapeOf(g.getC());
            if (c.size() == 1)
              cCols = c[0];
            else if (c.size() == 2) {
              cRows = c[0];
              cCols = c[1];
            }
          }
          os << "  static const edgec_gemm_params p = {" << y[0] << ", " << y[1] << ", " << k << ", "
             << g.getTransA() << ", " << g.getTransB() << ", "
             << floatLit(g.getAlpha().convertToFloat()) << ", "
             << floatLit(g.getBeta().convertToFloat()) << ", " << cRows << ", " << cCols << ", "
             << actOf(g) << "};\n";
          os << "  " << g.getImpl() << "(&p, " << in(g.getA()) << ", " << in(g.getB()) << ", "
             << opt(g.getC()) << ", " << out(g.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::MatMulOp m) { return writeMatMul(m); })
        .Case([&](kernel::BinaryOp b) -> LogicalResult {
          headers.insert("elementwise.h");
          ArrayRef<int64_t> y = shapeOf(b.getOutput());
          if (y.size() > 8)
            return b.emitError("broadcasting over more than 8 dims is not supported");
          writeBinaryParams(static_cast<int>(b.getKind()), b.getLhs(), b.getRhs(), b.getOutput(), actOf(b));
          std::string requant;
          if (DictionaryAttr q = quantOf(b)) {
            headers.insert("quantized.h");
            auto field = [&](StringRef name) { return std::to_string(quantInt(q, name)); };
            std::string fields = field("input1_offset") + ", " + field("input2_offset") + ", " + field("output_offset");
            if (b.getKind() == edge::BinaryKind::mul)
              os << "  static const edgec_mul_s8_params q = {" << fields << ", " << field("output_multiplier") << ", "
                 << field("output_shift") << ", " << field("act_min") << ", " << field("act_max") << "};\n";
            else
              os << "  static const edgec_add_s8_params q = {" << fields << ", " << field("left_shift") << ", "
                 << field("input1_multiplier") << ", " << field("input1_shift") << ", " << field("input2_multiplier")
                 << ", " << field("input2_shift") << ", " << field("output_multiplier") << ", "
                 << field("output_shift") << ", " << field("act_min") << ", " << field("act_max") << "};\n";
            requant = "&q, ";
          }
          os << "  " << b.getImpl() << "(&p, " << requant << actIn(b.getLhs(), b.getImpl()) << ", "
             << actIn(b.getRhs(), b.getImpl()) << ", " << actOut(b.getOutput(), b.getImpl()) << ");\n";
          return success();
        })
        .Case([&](kernel::CompareOp c) -> LogicalResult {
          headers.insert("elementwise.h");
          if (shapeOf(c.getOutput()).size() > 8)
            return c.emitError("broadcasting over more than 8 dims is not supported");
          writeBinaryParams(static_cast<int>(c.getKind()), c.getLhs(), c.getRhs(), c.getOutput(),
                            actInit(edge::ActivationKind::none, 0, 0));
          os << "  " << c.getImpl() << "(&p, " << in(c.getLhs()) << ", " << in(c.getRhs()) << ", "
             << out(c.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::SelectOp s) -> LogicalResult {
          headers.insert("elementwise.h");
          ArrayRef<int64_t> y = shapeOf(s.getOutput());
          if (y.size() > 8)
            return s.emitError("broadcasting over more than 8 dims is not supported");
          os << "  static const edgec_select_params p = {" << y.size() << ", " << intList(y, 8) << ", "
             << intList(broadcastStrides(shapeOf(s.getCondition()), y.size()), 8, 0) << ", "
             << intList(broadcastStrides(shapeOf(s.getX()), y.size()), 8, 0) << ", "
             << intList(broadcastStrides(shapeOf(s.getY()), y.size()), 8, 0) << ", " << elemSize(s.getX())
             << "};\n";
          os << "  " << s.getImpl() << "(&p, " << in(s.getCondition()) << ", (const void*)" << buffer(s.getX())
             << ", (const void*)" << buffer(s.getY()) << ", (void*)" << buffer(s.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::BroadcastOp b) -> LogicalResult {
          headers.insert("data_movement.h");
          ArrayRef<int64_t> y = shapeOf(b.getOutput());
          if (y.size() > 8)
            return b.emitError("expand to more than 8 dims is not supported");
          os << "  static const edgec_broadcast_params p = {" << y.size() << ", " << intList(y, 8) << ", "
             << intList(broadcastStrides(shapeOf(b.getInput()), y.size()), 8, 0) << ", " << elemSize(b.getInput())
             << "};\n";
          os << "  " << b.getImpl() << "(&p, (const void*)" << buffer(b.getInput()) << ", (void*)"
             << buffer(b.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::LayerNormOp l) {
          headers.insert("normalization.h");
          ArrayRef<int64_t> shape = shapeOf(l.getInput());
          int64_t axis = l.getAxis();
          os << "  " << l.getImpl() << "(" << product(shape.take_front(axis)) << ", "
             << product(shape.drop_front(axis)) << ", " << floatLit(l.getEpsilon().convertToFloat()) << ", "
             << opt(l.getScale()) << ", " << opt(l.getBias()) << ", " << in(l.getInput()) << ", "
             << out(l.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::ArgReduceOp a) {
          headers.insert("indexing.h");
          ArrayRef<int64_t> shape = shapeOf(a.getInput());
          int64_t axis = a.getAxis();
          os << "  " << a.getImpl() << "(" << aroundAxis(shape, axis) << ", "
             << (a.getKind() == edge::ArgKind::min ? 1 : 0) << ", " << (a.getSelectLastIndex() ? 1 : 0) << ", " << in(a.getInput()) << ", " << out(a.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::AttentionOp a) {
          headers.insert("attention.h");
          ArrayRef<int64_t> q = shapeOf(a.getQ()), k = shapeOf(a.getK()), v = shapeOf(a.getV());
          os << "  " << a.getImpl() << "(" << product(q.drop_back(2)) << ", " << q[q.size() - 2] << ", "
             << k[k.size() - 2] << ", " << q.back() << ", " << v.back() << ", "
             << floatLit(a.getScale().convertToFloat()) << ", " << in(a.getQ()) << ", " << in(a.getK()) << ", "
             << in(a.getV()) << ", " << out(a.getScores()) << ", " << out(a.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::TopKOp t) {
          headers.insert("indexing.h");
          ArrayRef<int64_t> shape = shapeOf(t.getInput());
          int64_t axis = t.getAxis();
          os << "  " << t.getImpl() << "(" << aroundAxis(shape, axis) << ", " << shapeOf(t.getValues())[axis] << ", "
             << (t.getLargest() ? 1 : 0) << ", " << in(t.getInput()) << ", " << out(t.getValues()) << ", "
             << out(t.getIndices()) << ");\n";
          return success();
        })
        .Case([&](kernel::CumSumOp c) {
          headers.insert("indexing.h");
          ArrayRef<int64_t> shape = shapeOf(c.getInput());
          int64_t axis = c.getAxis();
          os << "  " << c.getImpl() << "(" << aroundAxis(shape, axis) << ", " << (c.getExclusive() ? 1 : 0) << ", "
             << (c.getReverse() ? 1 : 0) << ", " << in(c.getInput()) << ", " << out(c.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::GatherElementsOp g) -> LogicalResult {
          headers.insert("indexing.h");
          ArrayRef<int64_t> data = shapeOf(g.getData()), idx = shapeOf(g.getIndices());
          if (data.size() > 8)
            return g.emitError("GatherElements over more than 8 dims is not supported");
          os << "  static const edgec_gather_elements_params p = {" << data.size() << ", " << g.getAxis() << ", "
             << intList(idx, 8) << ", " << intList(data, 8) << ", " << elemSize(g.getData()) << ", "
             << elemSize(g.getIndices()) << "};\n";
          // Indices come from run-time data: an out-of-range one fails the inference.
          os << "  if (" << g.getImpl() << "(&p, (const void*)" << buffer(g.getData()) << ", (const void*)"
             << buffer(g.getIndices()) << ", (void*)" << buffer(g.getOutput()) << ") != 0) return EDGEC_ERR_ARG;\n";
          return success();
        })
        .Case([&](kernel::RecurrentOp rc) -> LogicalResult {
          headers.insert("recurrent.h");
          static const StringRef acts[] = {"Sigmoid",    "Tanh", "Relu",     "HardSigmoid", "LeakyRelu",
                                           "Affine", "ScaledTanh", "Elu", "Softsign", "Softplus", "ThresholdedRelu"};
          SmallVector<int64_t> codes;
          for (Attribute a : rc.getActivations())
            codes.push_back(llvm::find(acts, cast<StringAttr>(a).getValue()) - std::begin(acts));
          if (codes.size() > 6)
            return rc.emitError("more than 6 recurrent activations");
          ArrayRef<int64_t> xs = shapeOf(rc.getX());
          int cell = rc.getKind() == "lstm" ? 2 : rc.getKind() == "gru" ? 1 : 0;
          bool both = rc.getDirection() == "bidirectional";
          os << "  static const edgec_recurrent_params p = {" << cell << ", " << xs[0] << ", " << xs[1] << ", "
             << xs[2] << ", " << rc.getHiddenSize() << ", " << (both ? 2 : 1) << ", "
             << (rc.getDirection() == "reverse" ? 1 : 0) << ", " << intList(codes, 6, 0) << ", "
             << floatList(rc.getActivationAlpha(), 6, 0) << ", " << floatList(rc.getActivationBeta(), 6, 0) << ", "
             << (rc.getClip() ? 1 : 0) << ", " << floatLit(rc.getClip() ? rc.getClip()->convertToFloat() : 0.0f)
             << ", " << (rc.getInputForget() ? 1 : 0) << ", " << (rc.getLinearBeforeReset() ? 1 : 0) << "};\n";
          os << "  " << rc.getImpl() << "(&p, " << in(rc.getX()) << ", " << in(rc.getW()) << ", " << in(rc.getR())
             << ", " << opt(rc.getB()) << ", " << opt(rc.getSequenceLens()) << ", " << opt(rc.getInitialH()) << ", "
             << opt(rc.getInitialC()) << ", " << opt(rc.getP()) << ", "
             << (rc.getY() ? out(rc.getY()) : std::string("nullptr")) << ", " << out(rc.getYH()) << ", "
             << (rc.getYC() ? out(rc.getYC()) : std::string("nullptr")) << ", " << out(rc.getWork()) << ");\n";
          return success();
        })
        .Case([&](kernel::UnaryOp u) {
          headers.insert("elementwise.h");
          os << "  static const edgec_unary_params p = {" << static_cast<int>(u.getKind()) << ", "
             << floatLit(u.getAlpha().convertToFloat()) << ", "
             << floatLit(u.getBeta().convertToFloat()) << "};\n";
          os << "  " << u.getImpl() << "(&p, " << product(shapeOf(u.getInput())) << ", "
             << in(u.getInput()) << ", " << out(u.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::SoftmaxOp s) {
          headers.insert("softmax.h");
          ArrayRef<int64_t> shape = shapeOf(s.getInput());
          int64_t axis = s.getAxis();
          if (DictionaryAttr q = quantOf(s)) {
            // int8: exp table and output scaling (quantized_softmax.h).
            headers.insert("quantized.h");
            auto i64 = [&](StringRef name) { return std::to_string(q.getAs<IntegerAttr>(name).getInt()); };
            os << "  static const edgec_softmax_s8_params p = {" << aroundAxis(shape, axis) << ", "
               << in(s.getTable()) << ", " << i64("out_multiplier") << ", " << i64("output_offset") << ", " << i64("act_min") << ", "
               << i64("act_max") << "};\n";
            os << "  " << s.getImpl() << "(&p, " << in(s.getInput()) << ", " << out(s.getOutput()) << ");\n";
            return success();
          }
          os << "  " << s.getImpl() << "(" << aroundAxis(shape, axis) << ", " << in(s.getInput()) << ", "
             << out(s.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::ChannelAffineOp a) {
          headers.insert("elementwise.h");
          ArrayRef<int64_t> shape = shapeOf(a.getInput());
          int64_t axis = a.getAxis();
          os << "  " << a.getImpl() << "(" << aroundAxis(shape, axis) << ", " << in(a.getScale()) << ", "
             << in(a.getShift()) << ", " << in(a.getInput()) << ", " << out(a.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::BatchNormOp b) {
          headers.insert("elementwise.h");
          ArrayRef<int64_t> shape = shapeOf(b.getInput());
          int64_t axis = b.getAxis();
          os << "  " << b.getImpl() << "(" << aroundAxis(shape, axis) << ", " << in(b.getScale()) << ", "
             << in(b.getBias()) << ", " << in(b.getMean()) << ", " << in(b.getVariance()) << ", "
             << floatLit(b.getEpsilon().convertToFloat()) << ", " << in(b.getInput()) << ", "
             << out(b.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::BatchNormTrainingOp b) {
          headers.insert("elementwise.h");
          ArrayRef<int64_t> shape = shapeOf(b.getInput());
          os << "  " << b.getImpl() << "(" << shape[0] << ", " << shape[1] << ", "
             << product(shape.drop_front(2)) << ", " << in(b.getScale()) << ", " << in(b.getBias()) << ", "
             << in(b.getMean()) << ", " << in(b.getVariance()) << ", "
             << floatLit(b.getEpsilon().convertToFloat()) << ", " << floatLit(b.getMomentum().convertToFloat())
             << ", " << in(b.getInput()) << ", " << out(b.getOutput()) << ", " << out(b.getRunningMean())
             << ", " << out(b.getRunningVar()) << ");\n";
          return success();
        })
        .Case([&](kernel::TransposeOp t) -> LogicalResult {
          headers.insert("data_movement.h");
          ArrayRef<int64_t> shape = shapeOf(t.getInput());
          if (shape.size() > 8)
            return t.emitError("transpose of more than 8 dims is not supported");
          os << "  static const edgec_transpose_params p = {" << shape.size() << ", "
             << intList(shape, 8) << ", " << intList(t.getPerm(), 8, 0) << ", "
             << elemSize(t.getInput()) << "};\n";
          os << "  " << t.getImpl() << "(&p, (const void*)" << buffer(t.getInput())
             << ", (void*)" << buffer(t.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::ConcatOp c) {
          headers.insert("data_movement.h");
          int64_t axis = c.getAxis();
          SmallVector<int64_t> inner;
          os << "  const void* const srcs[] = {";
          for (auto [i, v] : llvm::enumerate(c.getInputs())) {
            // A slice of the output itself was written there by its producer: nothing to copy.
            auto slice = v.getDefiningOp<memref::SubViewOp>();
            if (slice && slice.getSource() == c.getOutput())
              os << (i ? ", " : "") << "nullptr";
            else
              os << (i ? ", " : "") << "(const void*)" << buffer(v);
            inner.push_back(product(shapeOf(v).drop_front(axis)));
          }
          os << "};\n  static const int32_t inner_sizes[] = " << intList(inner, inner.size()) << ";\n";
          os << "  static const edgec_concat_params p = {"
             << product(shapeOf(c.getOutput()).take_front(axis)) << ", " << inner.size() << ", "
             << elemSize(c.getOutput()) << ", inner_sizes};\n";
          os << "  " << c.getImpl() << "(&p, srcs, (void*)" << buffer(c.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::CopyOp c) {
          headers.insert("data_movement.h");
          os << "  " << c.getImpl() << "((const void*)" << buffer(c.getInput()) << ", (void*)"
             << buffer(c.getOutput()) << ", "
             << product(shapeOf(c.getInput())) * elemSize(c.getInput()) << ");\n";
          return success();
        })
        .Case([&](kernel::QuantizeOp q) {
          writeQuantCast(q, q.getOutput());
          os << "  " << q.getImpl() << "(&p, " << in(q.getInput()) << ", (void*)" << buffer(q.getOutput()) << ");\n";
          return success();
        })
        .Case([&](kernel::DequantizeOp d) {
          writeQuantCast(d, d.getInput());
          os << "  " << d.getImpl() << "(&p, (const void*)" << buffer(d.getInput()) << ", " << out(d.getOutput())
             << ");\n";
          return success();
        })
        .Case([&](kernel::RequantizeOp r) {
          headers.insert("quantized.h");
          writeRequant(r.getQuant());
          os << "  " << r.getImpl() << "(" << product(shapeOf(r.getInput())) << ", &q, "
             << actIn(r.getInput(), r.getImpl()) << ", " << actOut(r.getOutput(), r.getImpl()) << ");\n";
          return success();
        })
        .Case([&](kernel::LookupOp l) {
          headers.insert("quantized.h");
          os << "  " << l.getImpl() << "(" << product(shapeOf(l.getInput())) << ", " << in(l.getTable()) << ", "
             << actIn(l.getInput(), l.getImpl()) << ", " << actOut(l.getOutput(), l.getImpl()) << ");\n";
          return success();
        })
        .Case([&](kernel::CustomOp c) {
          writeCustom(c);
          return success();
        })
        .Default([&](Operation *other) {
          return other->emitError() << "the host emitter has no kernel for '" << other->getName() << "'";
        });
  }

private:
  /// A --custom-op call (edgec/custom_op.h): shapes and attributes as static const data, the
  /// tensor descriptors (arena addresses are known only at run time) as const locals.
  void writeCustom(kernel::CustomOp c) {
    auto tensors = [&](ValueRange list, StringRef var) -> std::string {
      if (list.empty())
        return "nullptr";
      std::string init;
      for (auto [i, v] : llvm::enumerate(list)) {
        auto t = cast<MemRefType>(v.getType());
        std::string dims = (var + "_dims" + Twine(i)).str();
        os << "  static const int32_t " << dims << "[] = " << intList(t.getShape(), std::max<int64_t>(t.getRank(), 1))
           << ";\n";
        init += "{(void*)" + buffer(v) + ", " + dims + ", " + std::to_string(t.getRank()) + ", " +
                std::to_string(dtypeCode(t.getElementType())) + ", " + std::to_string(t.getNumElements()) + "}, ";
      }
      os << "  " << (var == "in" ? "const " : "") << "edgec_custom_tensor " << var << "[] = {" << init << "};\n";
      return var.str();
    };
    std::string attrs = "nullptr";
    if (!c.getOnnxAttrs().empty()) {
      std::string init;
      for (auto [i, a] : llvm::enumerate(c.getOnnxAttrs())) {
        // {name, kind, count, i, f, ints, floats, s}
        std::string name = cString(a.getName().getValue()), list = "a" + std::to_string(i);
        Attribute v = a.getValue();
        if (auto n = dyn_cast<IntegerAttr>(v))
          init += "{" + name + ", EDGEC_ATTR_INT, 1, " + intLit(n.getInt()) + ", 0.0f, nullptr, nullptr, nullptr}, ";
        else if (auto f = dyn_cast<FloatAttr>(v))
          init += "{" + name + ", EDGEC_ATTR_FLOAT, 1, 0, " + floatLit(f.getValueAsDouble()) + ", nullptr, nullptr, nullptr}, ";
        else if (auto str = dyn_cast<StringAttr>(v))
          init += "{" + name + ", EDGEC_ATTR_STRING, " + std::to_string(str.size()) + ", 0, 0.0f, nullptr, nullptr, " +
                  cString(str.getValue()) + "}, ";
        else if (auto ints = dyn_cast<DenseI64ArrayAttr>(v)) {
          std::string values;
          for (int64_t x : ints.asArrayRef())
            values += intLit(x) + ", ";
          if (!ints.empty())
            os << "  static const int64_t " << list << "[] = {" << values << "};\n";
          init += "{" + name + ", EDGEC_ATTR_INTS, " + std::to_string(ints.size()) + ", 0, 0.0f, " +
                  (ints.empty() ? "nullptr" : list) + ", nullptr, nullptr}, ";
        } else {
          auto floats = cast<DenseF32ArrayAttr>(v);
          if (!floats.empty())
            os << "  static const float " << list << "[] = " << floatList(floats.asArrayRef(), floats.size(), 0) << ";\n";
          init += "{" + name + ", EDGEC_ATTR_FLOATS, " + std::to_string(floats.size()) + ", 0, 0.0f, nullptr, " +
                  (floats.empty() ? "nullptr" : list) + ", nullptr}, ";
        }
      }
      os << "  static const edgec_custom_attr attrs[] = {" << init << "};\n";
      attrs = "attrs";
    }
    std::string in = tensors(c.getInputs(), "in"), out = tensors(c.getOutputs(), "out");
    os << "  if (" << c.getImpl() << "(" << in << ", " << c.getInputs().size() << ", " << out << ", "
       << c.getOutputs().size() << ", " << attrs << ", " << c.getOnnxAttrs().size()
       << ") != 0) return EDGEC_ERR_CUSTOM_OP;\n";
  }

  /// An int64 literal (INT64_MIN has none: its magnitude overflows).
  static std::string intLit(int64_t v) {
    return v == INT64_MIN ? std::string("INT64_MIN") : std::to_string(v) + "LL";
  }

  /// A C string literal of any bytes (octal escapes for all but plain printable ASCII).
  static std::string cString(StringRef s) {
    std::string out = "\"";
    for (unsigned char ch : s) {
      if (ch >= 32 && ch < 127 && ch != '\\' && ch != '"' && ch != '?') {
        out += static_cast<char>(ch);
        continue;
      }
      char esc[8];
      std::snprintf(esc, sizeof(esc), "\\%03o", ch);
      out += esc;
    }
    return out + "\"";
  }

  static int64_t elemSize(Value v) {
    return elementByteSize(cast<MemRefType>(v.getType()).getElementType());
  }


  static int64_t quantInt(DictionaryAttr q, StringRef name) {
    auto attr = q ? q.getAs<IntegerAttr>(name) : IntegerAttr();
    return attr ? attr.getInt() : 0;
  }

  /// Writes `static const edgec_requant_params q` from an integer kernel's `quant` attribute.
  void writeRequant(DictionaryAttr q) {
    auto list = [&](StringRef name) {
      auto values = q.getAs<DenseI32ArrayAttr>(name);
      SmallVector<int64_t> v(values.asArrayRef().begin(), values.asArrayRef().end());
      return intList(v, v.size());
    };
    os << "  static const int32_t q_multiplier[] = " << list("multiplier") << ";\n";
    os << "  static const int32_t q_shift[] = " << list("shift") << ";\n";
    os << "  static const edgec_requant_params q = {" << quantInt(q, "input_offset") << ", "
       << quantInt(q, "output_offset") << ", " << quantInt(q, "act_min") << ", " << quantInt(q, "act_max") << ", "
       << quantInt(q, "per_channel") << ", q_multiplier, q_shift};\n";
  }

  /// Integer kernels carry their requantization in `quant` (see KernelOps.td).
  static DictionaryAttr quantOf(Operation *op) { return op->getAttrOfType<DictionaryAttr>("quant"); }

  /// Quantize/dequantize share edgec_quant_params: [outer, axis, inner] and one scale/zp per axis index.
  template <typename OpTy>
  void writeQuantCast(OpTy op, Value integer) {
    headers.insert("quantized.h");
    ArrayRef<int64_t> shape = shapeOf(op.getInput());
    int64_t axis = op.getScales().size() > 1 ? op.getAxis() : 0;
    int64_t axisSize = op.getScales().size() > 1 ? shape[axis] : 1;
    int64_t outer = op.getScales().size() > 1 ? product(shape.take_front(axis)) : product(shape);
    int64_t inner = op.getScales().size() > 1 ? product(shape.drop_front(axis + 1)) : 1;
    SmallVector<int64_t> zps(op.getZeroPoints().begin(), op.getZeroPoints().end());
    os << "  static const float q_scale[] = " << floatList(op.getScales(), op.getScales().size(), 0.0f) << ";\n";
    os << "  static const int32_t q_zero_point[] = " << intList(zps, zps.size()) << ";\n";
    os << "  static const edgec_quant_params p = {" << outer << ", " << axisSize << ", " << inner << ", "
       << dtypeCode(cast<MemRefType>(integer.getType()).getElementType()) << ", q_scale, q_zero_point};\n";
  }

  /// Conv and transposed conv share edgec_conv_params (the filter layouts differ).
  template <typename OpTy>
  LogicalResult writeConv(OpTy c, const char *header) {
    // kernel-pack-filters' panel kernel has its own header (it includes conv.h).
    headers.insert(c.getImpl() == "edgec_conv_panel_f32" ? "conv_panel.h" : header);
    if (DictionaryAttr q = quantOf(c)) {
      headers.insert("quantized.h");
      writeRequant(q);
    }
    auto sparse = c->template getAttrOfType<DictionaryAttr>("sparse");
    ArrayRef<int64_t> ins = shapeOf(c.getInput()), outs = shapeOf(c.getOutput());
    ArrayRef<int64_t> w = sparse ? sparse.template getAs<DenseI64ArrayAttr>("dense_shape").asArrayRef()
                                 : shapeOf(c.getFilter());
    size_t s = ins.size() - 2;
    os << "  static const edgec_conv_params p = {" << s << ", " << ins[0] << ", " << ins.back() << ", "
       << outs.back() << ", " << c.getGroup() << ", "
       << window(c.getInput(), c.getOutput(), w.slice(1, s), c.getStrides(), c.getDilations(), c.getPads())
       << ", " << actOf(c);
    // kernel-tile's cache tile (output channels, output pixels); absent: untiled (zeros).
    auto tile = c->template getAttrOfType<DenseI64ArrayAttr>("tile");
    if (tile && tile.size() == 2)
      os << ", " << tile[0] << ", " << tile[1];
    else
      os << ", 0, 0";
    os << "};\n";
    std::string filter = sparse ? sparseWeights(c.getFilter(), sparse, quantOf(c) != nullptr) : in(c.getFilter());
    os << "  " << c.getImpl() << "(&p, " << (quantOf(c) ? "&q, " : "");
    // An output that is a slice of a wider buffer (kernel-elide-concat): its pixel stride.
    auto outType = cast<MemRefType>(c.getOutput().getType());
    if (!outType.getLayout().isIdentity()) {
      auto [strides, offset] = getStridesAndOffset(outType);
      if (!c.getImpl().contains("_strided") || strides.size() < 2)
        return c.emitError("kernel '") << c.getImpl() << "' cannot write a strided output slice";
      os << strides[strides.size() - 2] << ", ";
    }
    os << actIn(c.getInput(), c.getImpl()) << ", "
       << filter << ", " << opt(c.getBias()) << ", " << actOut(c.getOutput(), c.getImpl()) << ");\n";
    return success();
  }

  LogicalResult writeMatMul(kernel::MatMulOp m) {
    headers.insert("gemm.h");
    SmallVector<int64_t> a(shapeOf(m.getA())), b(shapeOf(m.getB()));
    // numpy: 1-d operands are promoted to matrices.
    if (a.size() == 1)
      a.insert(a.begin(), 1);
    if (b.size() == 1)
      b.push_back(1);
    int64_t M = a[a.size() - 2], K = a.back(), N = b.back();
    size_t batchRank = std::max(a.size(), b.size()) - 2;
    if (batchRank > 6)
      return m.emitError("matmul with more than 6 batch dims is not supported");
    ArrayRef<int64_t> aBatch = ArrayRef<int64_t>(a).drop_back(2), bBatch = ArrayRef<int64_t>(b).drop_back(2);
    SmallVector<int64_t> outBatch(batchRank, 1);
    for (size_t i = 0; i < batchRank; ++i) {
      int64_t ai = static_cast<int64_t>(i) - static_cast<int64_t>(batchRank - aBatch.size());
      int64_t bi = static_cast<int64_t>(i) - static_cast<int64_t>(batchRank - bBatch.size());
      outBatch[i] = std::max(ai >= 0 ? aBatch[ai] : 1, bi >= 0 ? bBatch[bi] : 1);
    }
    // Batch strides in elements of whole matrices, 0 where broadcast.
    auto strides = [&](ArrayRef<int64_t> batch, int64_t matrix) {
      SmallVector<int64_t> s = broadcastStrides(batch, batchRank);
      for (int64_t &v : s)
        v *= matrix;
      return s;
    };
    os << "  static const edgec_matmul_params p = {" << M << ", " << N << ", " << K << ", "
       << batchRank << ", " << intList(outBatch, 6) << ", " << intList(strides(aBatch, M * K), 6, 0)
       << ", " << intList(strides(bBatch, K * N), 6, 0) << ", " << actOf(m) << "};\n";
    os << "  " << m.getImpl() << "(&p, " << in(m.getA()) << ", " << in(m.getB()) << ", nullptr, "
       << out(m.getOutput()) << ");\n";
    return success();
  }

  const BufferExpr &buffer;
  raw_ostream &os;
  std::set<std::string> &headers;
};

} // namespace

LogicalResult writeKernelCall(Operation *op, const BufferExpr &buffer, raw_ostream &os,
                              std::set<std::string> &headers) {
  for (Value v : op->getOperands())
    if (auto t = dyn_cast<MemRefType>(v.getType()); t && t.getNumElements() > INT32_MAX / 8)
      return op->emitError() << "tensor of " << t.getNumElements()
                             << " elements exceeds the 32-bit index range of the kernels";
  return CallWriter(buffer, os, headers).write(op);
}

} // namespace edgec
