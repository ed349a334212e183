// Byte counts for people: checked tensor sizes, "4,294,967,296 bytes (4.0 GiB)", and "512K"-style sizes.
#include "compiler/support/ByteSize.h"

#include "llvm/Support/MathExtras.h"

#include <cctype>
#include <cstdio>

namespace edgec {

std::optional<int64_t> checkedTensorBytes(llvm::ArrayRef<int64_t> dims, int64_t elementBytes) {
  int64_t bytes = elementBytes;
  for (int64_t d : dims)
    if (d < 0 || llvm::MulOverflow(bytes, d, bytes))
      return std::nullopt;
  return bytes;
}

std::string humanBytes(int64_t bytes) {
  static const char *units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024)
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  double v = static_cast<double>(bytes) / 1024;
  int unit = 0;
  while (v >= 1024 && unit < 5) {
    v /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f %s", v, units[unit]);
  return text;
}

std::string describeBytes(int64_t bytes) {
  std::string digits = std::to_string(bytes), grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-')
      grouped += ',';
    grouped += digits[i];
  }
  std::string text = grouped + (bytes == 1 ? " byte" : " bytes");
  return bytes < 1024 ? text : text + " (" + humanBytes(bytes) + ")";
}

std::optional<int64_t> parseByteSize(const std::string &text) {
  size_t i = 0;
  int64_t value = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i)
    if (llvm::MulOverflow(value, int64_t(10), value) || llvm::AddOverflow(value, int64_t(text[i] - '0'), value))
      return std::nullopt;
  if (i == 0)
    return std::nullopt;
  std::string unit;
  for (; i < text.size(); ++i)
    unit += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
  int shift = -1;
  for (auto [suffix, s] : {std::pair{"", 0}, {"B", 0}, {"K", 10}, {"KB", 10}, {"KIB", 10},
                           {"M", 20}, {"MB", 20}, {"MIB", 20}, {"G", 30}, {"GB", 30},
                           {"GIB", 30}, {"T", 40}, {"TB", 40}, {"TIB", 40}})
    if (unit == suffix)
      shift = s;
  if (shift < 0 || value > (int64_t(1) << (62 - shift)))
    return std::nullopt;
  return value << shift;
}

} // namespace edgec
