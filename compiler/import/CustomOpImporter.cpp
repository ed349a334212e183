// --custom-op: an ONNX node edgec has no kernel for becomes edge.custom, a call of the user's C function.
#include "compiler/import/NodeImporter.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace edgec {

namespace {

/// The node's attribute as what edgec_attr carries, or null (with `kind` naming it) when it
/// has no such form.
Attribute customAttr(Builder &b, const onnx::AttributeProto &a, std::string &kind) {
  switch (a.type()) {
  case onnx::AttributeProto::INT: return b.getI64IntegerAttr(a.i());
  case onnx::AttributeProto::FLOAT: return b.getF32FloatAttr(a.f());
  case onnx::AttributeProto::STRING: return b.getStringAttr(a.s());
  case onnx::AttributeProto::INTS:
    return b.getDenseI64ArrayAttr(SmallVector<int64_t>(a.ints().begin(), a.ints().end()));
  case onnx::AttributeProto::FLOATS:
    return b.getDenseF32ArrayAttr(SmallVector<float>(a.floats().begin(), a.floats().end()));
  default: kind = onnx::AttributeProto_AttributeType_Name(a.type()); return {};
  }
}

bool isIdentifier(StringRef s, StringRef extra = "") {
  return !s.empty() && !llvm::isDigit(s.front()) &&
         llvm::all_of(s, [&](char c) { return llvm::isAlnum(c) || c == '_' || extra.contains(c); });
}

} // namespace

bool parseCustomOpSpec(const std::string &text, CustomOpSpec &spec, std::string &error) {
  StringRef all(text);
  auto [type, symbol] = all.split('=');
  size_t dot = type.rfind('.');
  spec.domain = dot == StringRef::npos ? "" : type.take_front(dot).str();
  spec.opType = type.drop_front(dot == StringRef::npos ? 0 : dot + 1).str();
  spec.symbol = symbol.str();
  const std::string form = "--custom-op expects OP_TYPE=c_function or DOMAIN.OP_TYPE=c_function (e.g. "
                           "com.example.MyOp=my_op), got '" + text + "'";
  if (!all.contains('=') || !isIdentifier(spec.opType) ||
      (dot != StringRef::npos && (spec.domain.empty() || !isIdentifier(spec.domain, ".-") ||
                                  StringRef(spec.domain).contains("..") || spec.domain.back() == '.'))) {
    error = form;
    return false;
  }
  if (!isIdentifier(spec.symbol)) {
    error = "--custom-op " + text + ": '" + spec.symbol + "' is not a C identifier (the function the generated code calls)";
    return false;
  }
  if (StringRef(spec.symbol).starts_with("edgec_")) {
    error = "--custom-op " + text + ": the prefix edgec_ is reserved for edgec's own kernels; rename the function";
    return false;
  }
  return true;
}

LogicalResult importCustomOp(NodeImporter &n, const CustomOpSpec &spec,
                             const llvm::StringMap<const onnx::ValueInfoProto *> &declared) {
  const std::string what = "custom op '" + spec.symbol + "' (--custom-op " + spec.spelled() + ")";
  SmallVector<Value> inputs;
  for (int i = 0; i < n.numInputs(); ++i) {
    Value v = n.input(i);
    if (!v)
      return n.fail(what + ": input " + std::to_string(i) + " is empty; a custom op's inputs must all be given");
    inputs.push_back(v);
  }
  // edgec cannot know what user code computes: every output's type comes from the model.
  SmallVector<Type> types;
  for (int i = 0; i < n.node.output_size(); ++i) {
    const std::string &name = n.node.output(i);
    const onnx::ValueInfoProto *info = name.empty() ? nullptr : declared.lookup(name);
    const std::string fix = "; declare its type and static shape in the graph's value_info "
                            "(onnx.helper.make_tensor_value_info), edgec cannot infer what " + spec.symbol +
                            " computes";
    if (!info || !info->type().has_tensor_type() || !info->type().tensor_type().has_shape())
      return n.fail(what + ": output " + std::to_string(i) + " ('" + name + "') has no declared shape" + fix);
    const auto &tt = info->type().tensor_type();
    Type elem = onnxElementType(n.context(), tt.elem_type());
    if (!elem)
      return n.fail(what + ": output '" + name + "' has unsupported element type " + std::to_string(tt.elem_type()));
    SmallVector<int64_t> dims;
    for (const auto &d : tt.shape().dim()) {
      if (!d.has_dim_value() || d.dim_value() < 0)
        return n.fail(what + ": output '" + name + "' has a dynamic dim (dim " + std::to_string(dims.size()) + ")" +
                      fix);
      dims.push_back(d.dim_value());
    }
    if (failed(checkTensorSize(n.loc, "output '" + name + "'", dims, elem, n.limit)))
      return failure();
    types.push_back(RankedTensorType::get(dims, elem));
  }
  SmallVector<NamedAttribute> attrs;
  for (const auto &a : n.node.attribute()) {
    std::string kind;
    Attribute value = customAttr(n.builder, a, kind);
    if (!value)
      return n.fail(what + ": attribute '" + a.name() + "' is " + kind +
                    "; custom ops take INT, FLOAT, STRING, INTS or FLOATS attributes");
    attrs.push_back(n.namedAttr(a.name(), value));
  }
  OperationState state(n.loc, edge::CustomOp::getOperationName());
  state.addOperands(inputs);
  state.addTypes(types);
  state.addAttribute("symbol", n.builder.getStringAttr(spec.symbol));
  state.addAttribute("op_type", n.builder.getStringAttr(n.node.op_type()));
  state.addAttribute("domain", n.builder.getStringAttr(n.node.domain()));
  state.addAttribute("onnx_attrs", n.builder.getDictionaryAttr(attrs));
  Operation *op = n.builder.create(state);
  for (int i = 0; i < n.node.output_size(); ++i)
    n.setOutput(i, op->getResult(i));
  return success();
}

} // namespace edgec
