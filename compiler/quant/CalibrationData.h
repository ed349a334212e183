// Calibration data for int8 post-training quantization: a folder of samples or one stacked .npz.
#ifndef EDGEC_COMPILER_QUANT_CALIBRATIONDATA_H
#define EDGEC_COMPILER_QUANT_CALIBRATIONDATA_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edgec::quant {

/// A graph input the samples must match: its name and static shape.
struct InputSpec {
  std::string name;
  std::vector<int64_t> shape;
};

/// One calibration sample: a dense row-major float32 buffer per graph input, in InputSpec order.
struct Sample {
  std::vector<std::vector<float>> inputs;
};

/// The samples found at a --calibration PATH, which is either
///  - a folder with one sample per file, taken in sorted (byte-wise) name order: `.npy` or `.pb`
///    (ONNX TensorProto) files for a single-input model, `.npz` files (one array per graph input,
///    named by the input) for any model. Hidden files (".name") are skipped; anything else
///    (another extension, a subfolder) is an error naming it. Extensions are case-insensitive.
///  - one `.npz` file holding all samples: one array per graph input, named by the input, whose
///    first dim counts the samples (all arrays the same count).
/// In an .npz for a single-input model a lone array may have any name; otherwise every array
/// must name a graph input and every input must have an array.
///
/// Shapes must equal the input's shape, or lack its leading dim when that dim is 1 (a batch of
/// one). Any numeric dtype harness_io reads is accepted and converted to float32 like numpy's
/// astype(float32): float64 rounds to nearest, float16/bfloat16/float8 widen exactly, integers
/// and bools convert to their value (rounded beyond 2^24).
///
/// Files are untrusted: every size and offset is checked against the file, an .npz entry must
/// be stored (np.savez) or deflated (np.savez_compressed), match its CRC-32 and not decompress
/// past its declared size; ZIP64 archives (entries over 4 GiB) and encrypted entries are
/// rejected. A folder sample's file (or .npz entry) may hold at most twice the sample's float32
/// size plus 1 MiB (float64 or int64 data is twice its float32 size; headers and protobuf
/// framing need a little), checked before anything is read or inflated; a stacked .npz may
/// decode to at most 4 GiB of float32 data.
/// Errors name the file (and array) and say what is wrong.
class CalibrationSet {
public:
  /// Opens \p path and checks every sample against \p specs (folder samples are read one at a
  /// time and dropped again; a stacked .npz is decoded into memory once). Fails when a spec has
  /// a negative dim, one float32 sample is larger than \p maxBytesPerSample, or there is no sample.
  static std::optional<CalibrationSet> open(const std::string &path, std::vector<InputSpec> specs,
                                            uint64_t maxBytesPerSample, std::string &error);

  size_t size() const;
  const std::vector<InputSpec> &specs() const { return specs_; }
  /// "dir/0003.npy", or "all.npz sample 3", for messages.
  std::string sampleName(size_t index) const;
  /// Reads sample \p index (a folder sample from its file, now; a stacked one from memory).
  bool load(size_t index, Sample &sample, std::string &error) const;

private:
  CalibrationSet() = default;

  std::string path_;
  std::vector<InputSpec> specs_;
  uint64_t maxBytesPerSample_ = 0;
  std::vector<std::string> files_;           // folder: full paths in sorted order
  std::vector<std::vector<float>> stacked_;  // stacked .npz: all samples of each input
  size_t stackedCount_ = 0;
};

} // namespace edgec::quant

#endif
