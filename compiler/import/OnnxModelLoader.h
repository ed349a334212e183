// Reading an ONNX file into a ModelProto, bounded and checked, upgraded to the opset the importer speaks.
#ifndef EDGEC_COMPILER_IMPORT_ONNXMODELLOADER_H
#define EDGEC_COMPILER_IMPORT_ONNXMODELLOADER_H

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace edgec {

/// Opsets the importer speaks: older models are upgraded to kImportOpset with
/// ONNX's own version converter; newer than kMaxKnownOpset are refused.
inline constexpr int64_t kImportOpset = 13;
inline constexpr int64_t kMaxKnownOpset = 22;
/// Protobuf cannot parse messages of 2 GiB or more.
inline constexpr uint64_t kMaxModelFileBytes = (1ull << 31) - 1;

/// Shapes the user fixes for graph inputs (`--input-shape NAME=D0xD1...`).
using InputShapeOverrides = std::vector<std::pair<std::string, std::vector<int64_t>>>;

/// Parses `bytes` (the file's content) and upgrades old opsets. Fills `opset`
/// with the default-domain opset the model now has. `inputShapes` are written
/// into the graph inputs first, so that upgrades needing shapes (Softmax 12->13)
/// see them; malformed overrides are left for the importer to report. False
/// with `error` set on any problem; never throws.
bool loadOnnxModel(const std::vector<char> &bytes, onnx::ModelProto &model, int64_t &opset,
                   std::string &error, const InputShapeOverrides &inputShapes = {});

/// Why `node` (default domain) breaks its ONNX schema's attribute rules at `opset`:
/// a required attribute missing or one of the wrong type. "" when it does not, or
/// when ONNX does not know the op.
std::string checkNodeAttributes(const onnx::NodeProto &node, int64_t opset);

} // namespace edgec

#endif
