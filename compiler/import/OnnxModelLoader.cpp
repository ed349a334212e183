// Reading an ONNX file into a ModelProto, bounded and checked, upgraded to the opset the importer speaks.
// Built with RTTI and exceptions: libonnx's version converter reports failures by throwing.
#include "compiler/import/OnnxModelLoader.h"

#include <google/protobuf/io/coded_stream.h>
#include <onnx/shape_inference/implementation.h>
#include <onnx/version_converter/convert.h>

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

bool loadOnnxModel(const std::vector<char> &bytes, onnx::ModelProto &model, int64_t &opset,
                   std::string &error) {
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
  if (opset < kImportOpset) {
    // Some adapters (Softmax 12->13) need shapes: infer what ONNX can, ignore what it cannot.
    try {
      onnx::shape_inference::InferShapes(model);
    } catch (...) {
    }
    try {
      model = onnx::version_conversion::ConvertVersion(model, static_cast<int>(kImportOpset));
    } catch (const std::exception &e) {
      error = "cannot upgrade the model from opset " + std::to_string(opset) + " to " +
              std::to_string(kImportOpset) + " with ONNX's version converter: " + e.what();
      return false;
    } catch (...) {
      error = "cannot upgrade the model from opset " + std::to_string(opset) + " to " +
              std::to_string(kImportOpset) + " with ONNX's version converter";
      return false;
    }
    opset = defaultDomainOpset(model, found);
  }
  return true;
}

} // namespace edgec
