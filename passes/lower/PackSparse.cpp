// kernel-pack-sparse: conv and fully connected weights with zeros stored N:M or block-sparse
// (compiler/support/SparseFormats) when that takes fewer bytes than dense, for kernels that
// skip the zeros (edgec/kernels/sparse.h).
#include "passes/Passes.h"

#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"
#include "compiler/support/SparseFormats.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/SetVector.h"

#include <cstring>
#include <type_traits>

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_KERNELPACKSPARSE
#include "passes/Passes.h.inc"

namespace {

/// A weight as the sparse kernels read it: [rows = output channels, cols = reduction].
struct Matrix {
  int64_t rows = 0, cols = 0;
  bool transposed = false; // stored [cols, rows] (a float Gemm's B without trans_b)
};

/// The weight operand, matrix view and sparse kernel name of a kernel op the sparse kernels
/// cover; nullopt for the rest.
struct Candidate {
  Operation *op;
  unsigned operand;
  Value output;
  Matrix matrix;
  std::string base; // "edgec_conv" or "edgec_fully_connected"
  bool int8;
};

std::optional<Candidate> candidateOf(Operation *op) {
  auto shape = [](Value v) { return cast<MemRefType>(v.getType()).getShape(); };
  if (auto conv = dyn_cast<kernel::ConvOp>(op)) {
    StringRef impl = conv.getImpl();
    bool f32 = impl == "edgec_conv_f32" || impl == "edgec_conv_pointwise_f32";
    if ((!f32 && impl != "edgec_conv_s8") || conv.getGroup() != 1)
      return std::nullopt;
    auto w = shape(conv.getFilter());
    return Candidate{op, 1, conv.getOutput(),
                     {w.front(), cast<MemRefType>(conv.getFilter().getType()).getNumElements() / w.front()},
                     "edgec_conv", !f32};
  }
  if (auto gemm = dyn_cast<kernel::GemmOp>(op)) {
    StringRef impl = gemm.getImpl();
    auto b = shape(gemm.getB());
    if (impl == "edgec_fully_connected_s8")
      return Candidate{op, 1, gemm.getOutput(), {b[0], b[1], false}, "edgec_fully_connected", true};
    // Float: y = act(A B + C) with C one value per column (or none).
    bool plain = impl == "edgec_gemm_f32" && !gemm.getTransA() && gemm.getAlpha().convertToFloat() == 1.0f &&
                 (!gemm.getC() || (gemm.getBeta().convertToFloat() == 1.0f &&
                                   cast<MemRefType>(gemm.getC().getType()).getRank() == 1));
    if (!plain || b.size() != 2)
      return std::nullopt;
    bool t = gemm.getTransB();
    return Candidate{op, 1, gemm.getOutput(), {t ? b[0] : b[1], t ? b[1] : b[0], !t}, "edgec_fully_connected", false};
  }
  return std::nullopt;
}

/// The constant global a weight operand reads.
memref::GlobalOp globalOf(Value v, SymbolTable &symbols) {
  auto get = v.getDefiningOp<memref::GetGlobalOp>();
  auto global = get ? symbols.lookup<memref::GlobalOp>(get.getName()) : memref::GlobalOp();
  return global && global.getConstant() && global.getInitialValue() && isa<ElementsAttr>(*global.getInitialValue())
             ? global
             : memref::GlobalOp();
}

/// Whether the target runs `choice` for `int8` or float weights faster than dense (its
/// description's `sparse_formats`; a description without the key: every format).
bool runsFast(DictionaryAttr target, bool int8, const SparseChoice &choice) {
  auto formats = target ? target.getAs<DictionaryAttr>("sparse_formats") : DictionaryAttr();
  if (!formats)
    return true;
  auto list = formats.getAs<ArrayAttr>(int8 ? "int8" : "float");
  if (!list)
    return false;
  for (auto f : list.getAsRange<StringAttr>()) {
    StringRef name = f.getValue();
    if ((choice.kind == SparseChoice::BSR && name == "bsr") || (choice.kind == SparseChoice::NM && name == "nm") ||
        (choice.kind == SparseChoice::NM && name == choice.name()))
      return true;
  }
  return false;
}

template <typename T> std::vector<T> matrixOf(ElementsAttr value, const Matrix &m) {
  std::vector<char> bytes = getConstantBytes(value);
  std::vector<T> w(static_cast<size_t>(m.rows * m.cols));
  for (int64_t r = 0; r < m.rows; ++r)
    for (int64_t c = 0; c < m.cols; ++c) {
      int64_t from = m.transposed ? c * m.rows + r : r * m.cols + c;
      std::memcpy(&w[r * m.cols + c], &bytes[from * sizeof(T)], sizeof(T));
    }
  return w;
}

template <typename T> void append(std::vector<char> &blob, const std::vector<T> &v) {
  const char *p = reinterpret_cast<const char *>(v.data());
  blob.insert(blob.end(), p, p + v.size() * sizeof(T));
}

/// The packed blob and the `sparse` attribute describing it. Layouts (the kernels' contract):
///   N:M: values [rows][groups][n], then positions (rows x row_index_bytes);
///   BSR: row_start [block rows + 1] int32, block_col [blocks] int32, then values [blocks][br][bc].
template <typename T>
std::optional<std::pair<std::vector<char>, DictionaryAttr>>
pack(Builder &b, const std::vector<T> &w, const Matrix &m, const SparsityPattern &pattern, int64_t lanes,
     ArrayRef<int64_t> denseShape, DictionaryAttr target, std::string &why) {
  SparseChoice choice = chooseSparseFormat(w, m.rows, m.cols, pattern.n, pattern.m, lanes, pattern.br, pattern.bc);
  // auto: the zeros may already follow a common N:M pattern (a model sparsified in training).
  if (pattern.kind == SparsityPattern::Auto)
    for (auto [n, mm] : {std::pair<int64_t, int64_t>{1, 4}, {2, 4}, {2, 8}, {4, 8}}) {
      SparseChoice c = chooseSparseFormat(w, m.rows, m.cols, n, mm, lanes);
      if (c.bytes < choice.bytes)
        choice = c;
    }
  if (choice.kind == SparseChoice::Dense) {
    why = "no format smaller than dense";
    return std::nullopt;
  }
  if (!runsFast(target, std::is_same_v<T, int8_t>, choice)) {
    // Fewer bytes, but slower than the target's dense kernel (its sparse_formats, measured).
    auto name = target.getAs<StringAttr>("name");
    why = (name ? name.getValue().str() : std::string("the target")) + " runs " +
          (std::is_same_v<T, int8_t> ? "int8 " : "float ") + choice.name() + " slower than dense";
    return std::nullopt;
  }
  std::vector<char> blob;
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("rows", b.getI64IntegerAttr(m.rows)),
      b.getNamedAttr("cols", b.getI64IntegerAttr(m.cols)),
      b.getNamedAttr("dense_shape", b.getDenseI64ArrayAttr(denseShape)),
      b.getNamedAttr("density", b.getF64FloatAttr(choice.density)),
      b.getNamedAttr("macs", b.getI64IntegerAttr(choice.macs)),
      b.getNamedAttr("dense_bytes", b.getI64IntegerAttr(m.rows * m.cols * static_cast<int64_t>(sizeof(T)))),
  };
  if (choice.kind == SparseChoice::NM) {
    PackedNM<T> p = *packNM(w, m.rows, m.cols, choice.n, choice.m);
    append(blob, p.values);
    blob.insert(blob.end(), p.indices.begin(), p.indices.end());
    attrs.push_back(b.getNamedAttr("format", b.getStringAttr("nm")));
    attrs.push_back(b.getNamedAttr("n", b.getI64IntegerAttr(p.n)));
    attrs.push_back(b.getNamedAttr("m", b.getI64IntegerAttr(p.m)));
    attrs.push_back(b.getNamedAttr("index_bits", b.getI64IntegerAttr(p.indexBits())));
    attrs.push_back(b.getNamedAttr("row_index_bytes", b.getI64IntegerAttr(p.rowIndexBytes())));
    attrs.push_back(b.getNamedAttr("indices_offset", b.getI64IntegerAttr(p.values.size() * sizeof(T))));
  } else {
    PackedBSR<T> p = packBSR(w, m.rows, m.cols, choice.br, choice.bc);
    append(blob, p.rowStart);
    append(blob, p.blockCol);
    append(blob, p.values);
    attrs.push_back(b.getNamedAttr("format", b.getStringAttr("bsr")));
    attrs.push_back(b.getNamedAttr("br", b.getI64IntegerAttr(p.br)));
    attrs.push_back(b.getNamedAttr("bc", b.getI64IntegerAttr(p.bc)));
    attrs.push_back(b.getNamedAttr("blocks", b.getI64IntegerAttr(p.blockCol.size())));
    attrs.push_back(b.getNamedAttr("block_col_offset", b.getI64IntegerAttr(p.rowStart.size() * 4)));
    attrs.push_back(
        b.getNamedAttr("values_offset", b.getI64IntegerAttr((p.rowStart.size() + p.blockCol.size()) * 4)));
  }
  attrs.push_back(b.getNamedAttr("bytes", b.getI64IntegerAttr(static_cast<int64_t>(blob.size()))));
  attrs.push_back(b.getNamedAttr("name", b.getStringAttr(choice.name())));
  return std::make_pair(std::move(blob), b.getDictionaryAttr(attrs));
}

struct KernelPackSparsePass : impl::KernelPackSparseBase<KernelPackSparsePass> {
  using KernelPackSparseBase::KernelPackSparseBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto request = module->getAttrOfType<DictionaryAttr>("edgec.sparsity");
    auto text = request ? request.getAs<StringAttr>("pattern") : StringAttr();
    std::optional<SparsityPattern> pattern = text ? SparsityPattern::parse(text.str()) : std::nullopt;
    if (!pattern)
      return;
    auto target = module->getAttrOfType<DictionaryAttr>("edgec.target");
    auto vectorBits = target ? target.getAs<IntegerAttr>("vector_bits") : IntegerAttr();
    int64_t bits = vectorBits ? vectorBits.getInt() : 128;
    SymbolTable symbols(module);
    Builder b(module.getContext());
    llvm::SetVector<Operation *> oldGlobals;
    SmallVector<Attribute> layers;
    int64_t denseBytes = 0, bytes = 0, denseMacs = 0, macs = 0, packed = 0;
    module.walk([&](Operation *op) {
      std::optional<Candidate> c = candidateOf(op);
      if (!c)
        return;
      Value weight = op->getOperand(c->operand);
      memref::GlobalOp global = globalOf(weight, symbols);
      if (!global)
        return;
      auto value = cast<ElementsAttr>(*global.getInitialValue());
      auto denseShape = cast<MemRefType>(weight.getType()).getShape();
      int64_t lanes = bits / (c->int8 ? 8 : 32);
      std::string why;
      auto result = c->int8 ? pack(b, matrixOf<int8_t>(value, c->matrix), c->matrix, *pattern, lanes, denseShape,
                                   target, why)
                            : pack(b, matrixOf<float>(value, c->matrix), c->matrix, *pattern, lanes, denseShape,
                                   target, why);
      // Uses per call: output pixels of a conv, rows of a fully connected layer.
      auto outType = cast<MemRefType>(c->output.getType());
      int64_t uses = outType.getNumElements() / outType.getShape().back();
      int64_t layerDenseBytes = byteSizeOf(cast<MemRefType>(weight.getType()));
      int64_t layerDenseMacs = uses * c->matrix.rows * c->matrix.cols;
      std::string name = nodeName(op->getLoc());
      denseBytes += layerDenseBytes;
      denseMacs += layerDenseMacs;
      if (!result) {
        bytes += layerDenseBytes;
        macs += layerDenseMacs;
        layers.push_back(b.getDictionaryAttr({b.getNamedAttr("name", b.getStringAttr(name)),
                                              b.getNamedAttr("format", b.getStringAttr("dense")),
                                              b.getNamedAttr("reason", b.getStringAttr(why)),
                                              b.getNamedAttr("bytes", b.getI64IntegerAttr(layerDenseBytes)),
                                              b.getNamedAttr("dense_bytes", b.getI64IntegerAttr(layerDenseBytes)),
                                              b.getNamedAttr("macs", b.getI64IntegerAttr(layerDenseMacs)),
                                              b.getNamedAttr("dense_macs", b.getI64IntegerAttr(layerDenseMacs))}));
        return;
      }
      auto &[blob, sparse] = *result;
      std::string symbol = (global.getSymName() + "_sparse").str();
      for (int i = 1; symbols.lookup(symbol); ++i)
        symbol = (global.getSymName() + "_sparse" + std::to_string(i)).str();
      auto blobType = MemRefType::get({static_cast<int64_t>(blob.size())}, b.getIntegerType(8));
      OpBuilder ob(global);
      auto g = ob.create<memref::GlobalOp>(global.getLoc(), symbol, global.getSymVisibilityAttr(), blobType,
                                           makeConstant(RankedTensorType::get(blobType.getShape(), blobType.getElementType()), blob, symbol), /*constant=*/true,
                                           ob.getI64IntegerAttr(16));
      symbols.insert(g);
      ob.setInsertionPoint(op);
      op->setOperand(c->operand, ob.create<memref::GetGlobalOp>(op->getLoc(), blobType, symbol));
      if (auto get = weight.getDefiningOp(); get && get->use_empty())
        get->erase();
      oldGlobals.insert(global);
      std::string format = sparse.getAs<StringAttr>("format").str();
      op->setAttr("impl", b.getStringAttr(c->base + "_" + format + (c->int8 ? "_s8" : "_f32")));
      op->setAttr("sparse", sparse);
      op->removeAttr("tile");
      int64_t layerMacs = uses * sparse.getAs<IntegerAttr>("macs").getInt();
      bytes += static_cast<int64_t>(blob.size());
      macs += layerMacs;
      ++packed;
      layers.push_back(b.getDictionaryAttr(
          {b.getNamedAttr("name", b.getStringAttr(name)), b.getNamedAttr("format", sparse.get("name")),
           b.getNamedAttr("density", sparse.get("density")),
           b.getNamedAttr("bytes", b.getI64IntegerAttr(static_cast<int64_t>(blob.size()))),
           b.getNamedAttr("dense_bytes", b.getI64IntegerAttr(layerDenseBytes)),
           b.getNamedAttr("macs", b.getI64IntegerAttr(layerMacs)),
           b.getNamedAttr("dense_macs", b.getI64IntegerAttr(layerDenseMacs))}));
    });
    for (Operation *op : oldGlobals)
      if (SymbolTable::symbolKnownUseEmpty(op, module))
        op->erase();
    module->setAttr("edgec.sparsity_report",
                    b.getDictionaryAttr({b.getNamedAttr("pattern", text),
                                         b.getNamedAttr("layers", b.getArrayAttr(layers)),
                                         b.getNamedAttr("layers_packed", b.getI64IntegerAttr(packed)),
                                         b.getNamedAttr("dense_bytes", b.getI64IntegerAttr(denseBytes)),
                                         b.getNamedAttr("bytes", b.getI64IntegerAttr(bytes)),
                                         b.getNamedAttr("dense_macs", b.getI64IntegerAttr(denseMacs)),
                                         b.getNamedAttr("macs", b.getI64IntegerAttr(macs))}));
  }
};

} // namespace
} // namespace edgec
