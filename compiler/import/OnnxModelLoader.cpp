// Reading an ONNX file into a ModelProto, bounded and checked, upgraded to the opset the importer speaks.
// Built with RTTI and exceptions: libonnx's version converter reports failures by throwing.
#include "compiler/import/OnnxModelLoader.h"

#include <google/protobuf/io/coded_stream.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>
#include <onnx/version_converter/convert.h>

#include <algorithm>
#include <exception>

namespace edgec {

static int64_t defaultDomainOpset(const onnx::ModelProto &model, bool &found) {
  found = false;
  int64_t version = 0;
  for (const auto &import : model.opset_import())
    if (import.domain().empty() || import.domain() == "ai.onnx") {
      found = true;
      version = import.version();
    }
  return version;
}

static void applyInputShapes(onnx::ModelProto &model, const InputShapeOverrides &inputShapes) {
  for (auto &input : *model.mutable_graph()->mutable_input()) {
    for (const auto &[name, dims] : inputShapes) {
      if (name != input.name() || !input.type().has_tensor_type())
        continue;
      auto *tensorType = input.mutable_type()->mutable_tensor_type();
      bool valid = std::all_of(dims.begin(), dims.end(), [](int64_t d) { return d >= 1; });
      if (!valid || (tensorType->has_shape() &&
                     tensorType->shape().dim_size() != static_cast<int>(dims.size())))
        continue;
      auto *shape = tensorType->mutable_shape();
      shape->clear_dim();
      for (int64_t d : dims)
        shape->add_dim()->set_dim_value(d);
    }
  }
}

/// Softmax, LogSoftmax and Hardmax before opset 13 work on the input flattened
/// to 2-D at `axis`. ONNX's 12->13 adapter needs the input's rank, which shape
/// inference often cannot give (a Reshape fed by a Shape->Cast->Slice chain),
/// so spell the old meaning out with ops that upgrade without shapes:
/// Reshape(Softmax(Flatten(x, axis), axis=1), Shape(x)). Returns the flattened
/// tensors: always 2-D, which the adapter must be told when inference cannot.
static std::vector<std::string> spellOutLegacySoftmax(onnx::ModelProto &model) {
  std::vector<std::string> flattened;
  auto *graph = model.mutable_graph();
  google::protobuf::RepeatedPtrField<onnx::NodeProto> rewritten;
  for (auto &node : *graph->mutable_node()) {
    bool legacy = (node.domain().empty() || node.domain() == "ai.onnx") &&
                  (node.op_type() == "Softmax" || node.op_type() == "LogSoftmax" ||
                   node.op_type() == "Hardmax") &&
                  node.input_size() == 1 && node.output_size() == 1;
    if (!legacy) {
      *rewritten.Add() = std::move(node);
      continue;
    }
    int64_t axis = 1;
    for (const auto &attr : node.attribute())
      if (attr.name() == "axis")
        axis = attr.i();
    const std::string input = node.input(0), output = node.output(0);
    const std::string base = output + "__edgec_legacy_" + node.op_type();
    const std::string nodeName = node.name().empty() ? base : node.name();

    onnx::NodeProto *shape = rewritten.Add();
    shape->set_op_type("Shape");
    shape->set_name(nodeName + "/shape");
    shape->add_input(input);
    shape->add_output(base + "_shape");

    onnx::NodeProto *flatten = rewritten.Add();
    flatten->set_op_type("Flatten");
    flatten->set_name(nodeName + "/flatten");
    flatten->add_input(input);
    flatten->add_output(base + "_2d");
    flattened.push_back(base + "_2d");
    auto *flattenAxis = flatten->add_attribute();
    flattenAxis->set_name("axis");
    flattenAxis->set_type(onnx::AttributeProto::INT);
    flattenAxis->set_i(axis);

    onnx::NodeProto *op = rewritten.Add();
    *op = std::move(node);
    op->set_input(0, base + "_2d");
    op->set_output(0, base + "_2d_out");
    op->clear_attribute();
    auto *opAxis = op->add_attribute();
    opAxis->set_name("axis");
    opAxis->set_type(onnx::AttributeProto::INT);
    opAxis->set_i(1);

    onnx::NodeProto *reshape = rewritten.Add();
    reshape->set_op_type("Reshape");
    reshape->set_name(nodeName + "/unflatten");
    reshape->add_input(base + "_2d_out");
    reshape->add_input(base + "_shape");
    reshape->add_output(output);
  }
  graph->mutable_node()->Swap(&rewritten);
  return flattened;
}

/// Gives each tensor in `names` that shape inference left without a shape a
/// rank-2 symbolic one, so the Softmax 12->13 adapter accepts it.
static void declareRank2(onnx::ModelProto &model, const std::vector<std::string> &names) {
  auto *graph = model.mutable_graph();
  for (const std::string &name : names) {
    bool known = std::any_of(graph->value_info().begin(), graph->value_info().end(),
                             [&](const onnx::ValueInfoProto &info) {
                               return info.name() == name && info.type().has_tensor_type() &&
                                      info.type().tensor_type().has_shape();
                             });
    if (known)
      continue;
    auto *info = graph->add_value_info();
    info->set_name(name);
    auto *tensorType = info->mutable_type()->mutable_tensor_type();
    tensorType->set_elem_type(onnx::TensorProto::FLOAT);
    tensorType->mutable_shape()->add_dim()->set_dim_param(name + "_outer");
    tensorType->mutable_shape()->add_dim()->set_dim_param(name + "_inner");
  }
}

bool loadOnnxModel(const std::vector<char> &bytes, onnx::ModelProto &model, int64_t &opset,
                   std::string &error, const InputShapeOverrides &inputShapes) {
  if (bytes.empty()) {
    error = "the file is empty";
    return false;
  }
  if (bytes.size() > kMaxModelFileBytes) {
    error = "the file is " + std::to_string(bytes.size()) +
            " bytes; ONNX protobuf files must be under 2 GiB (use external data)";
    return false;
  }
  google::protobuf::io::CodedInputStream stream(reinterpret_cast<const uint8_t *>(bytes.data()),
                                                static_cast<int>(bytes.size()));
  stream.SetRecursionLimit(64);
  if (!model.ParseFromCodedStream(&stream) || !stream.ConsumedEntireMessage()) {
    error = "not a valid ONNX protobuf (truncated, corrupt, or not an ONNX file)";
    return false;
  }
  if (!model.has_graph()) {
    error = "the model has no graph (not an ONNX model?)";
    return false;
  }
  bool found;
  opset = defaultDomainOpset(model, found);
  if (!found) {
    error = "the model imports no default-domain (ai.onnx) opset";
    return false;
  }
  if (opset > kMaxKnownOpset) {
    error = "opset " + std::to_string(opset) + " is newer than the newest edgec knows (" +
            std::to_string(kMaxKnownOpset) + ")";
    return false;
  }
  if (opset < 1) {
    error = "invalid opset version " + std::to_string(opset);
    return false;
  }
  applyInputShapes(model, inputShapes);
  // Scan-8 has a batch axis and sequence_lens; ONNX's 8 -> 9 adapter just drops the first dim of
  // every shape, which changes the model's interface (and is wrong for a batch above 1).
  for (int i = 0; i < model.graph().node_size(); ++i)
    if (const auto &node = model.graph().node(i); opset < 9 && node.op_type() == "Scan") {
      std::string name = node.name().empty() ? "Scan_" + std::to_string(i) : node.name();
      error = "node '" + name + "' (Scan): Scan before opset 9 (batch axis, sequence_lens) is not "
              "supported; re-export the model at opset 9 or newer";
      return false;
    }
  if (opset < kImportOpset) {
    std::vector<std::string> flattened = spellOutLegacySoftmax(model);
    // Some adapters need shapes: infer what ONNX can, ignore what it cannot.
    try {
      onnx::shape_inference::InferShapes(model);
    } catch (...) {
    }
    declareRank2(model, flattened);
    // The converter knows only ONNX's own ops: custom ones (--custom-op) make it throw.
    std::string hint;
    for (const auto &node : model.graph().node())
      if (!node.domain().empty() && node.domain() != "ai.onnx") {
        hint = "; it cannot upgrade custom ops (" + node.domain() + "." + node.op_type() +
               "): export the model at opset " + std::to_string(kImportOpset) + " or newer";
        break;
      }
    try {
      model = onnx::version_conversion::ConvertVersion(model, static_cast<int>(kImportOpset));
    } catch (const std::exception &e) {
      error = "cannot upgrade the model from opset " + std::to_string(opset) + " to " +
              std::to_string(kImportOpset) + " with ONNX's version converter: " + e.what() + hint;
      return false;
    } catch (...) {
      error = "cannot upgrade the model from opset " + std::to_string(opset) + " to " +
              std::to_string(kImportOpset) + " with ONNX's version converter" + hint;
      return false;
    }
    opset = defaultDomainOpset(model, found);
  }
  return true;
}

std::string checkNodeAttributes(const onnx::NodeProto &node, int64_t opset) {
  const onnx::OpSchema *schema =
      onnx::OpSchemaRegistry::Schema(node.op_type(), static_cast<int>(opset), "");
  if (!schema)
    return "";
  for (const auto &[name, rule] : schema->attributes()) {
    auto given = std::find_if(node.attribute().begin(), node.attribute().end(),
                              [&](const onnx::AttributeProto &a) { return a.name() == name; });
    if (given == node.attribute().end()) {
      if (rule.required)
        return "required attribute '" + name + "' is missing";
      continue;
    }
    if (given->type() != onnx::AttributeProto::UNDEFINED && given->type() != rule.type)
      return "attribute '" + name + "' is " + onnx::AttributeProto_AttributeType_Name(given->type()) +
             ", expected " + onnx::AttributeProto_AttributeType_Name(rule.type);
  }
  return "";
}

} // namespace edgec
