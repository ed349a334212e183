// edge dialect -> ONNX: the public entry point of the exporter (--emit onnx).
#ifndef EDGEC_COMPILER_EXPORT_ONNXEXPORTER_H
#define EDGEC_COMPILER_EXPORT_ONNXEXPORTER_H

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <string>

namespace edgec {

/// Every export speaks this opset and IR version: the oldest opset that expresses every
/// edge op (AveragePool dilations, Pad wrap and Resize half_pixel_symmetric since 19,
/// ReduceMax/Min of bool since 20, 16-bit QuantizeLinear/DequantizeLinear since 21).
inline constexpr int64_t kExportOpset = 21;
inline constexpr int64_t kExportIrVersion = 10;

/// Serializes the module's graph function (edge ops on tensors, NCHW: before
/// edge-to-nhwc) as an ONNX ModelProto named `graphName` into `bytes`. Graph inputs and
/// outputs keep their ONNX names (`edgec.name`), nodes are named from their locations,
/// constants become initializers. An op with no ONNX form gets an error at its location
/// and the export fails.
mlir::LogicalResult exportOnnx(mlir::ModuleOp module, llvm::StringRef graphName, std::string &bytes);

} // namespace edgec

#endif
