// Byte counts for people: checked tensor sizes, "4,294,967,296 bytes (4.0 GiB)", and "512K"-style sizes.
#ifndef EDGEC_COMPILER_SUPPORT_BYTESIZE_H
#define EDGEC_COMPILER_SUPPORT_BYTESIZE_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace edgec {

/// Bytes of a tensor of `dims` with `elementBytes` per element; nullopt when a dim is
/// negative or the count overflows int64 (hostile dims must never reach an allocation).
std::optional<int64_t> checkedTensorBytes(llvm::ArrayRef<int64_t> dims, int64_t elementBytes);

/// "4.0 GiB", "512.0 KiB", "12 bytes".
std::string humanBytes(int64_t bytes);

/// "4,294,967,296 bytes (4.0 GiB)"; just "12 bytes" below 1 KiB.
std::string describeBytes(int64_t bytes);

/// "4096", "512K", "64M", "4G" (also "4GiB", "4gb"...) in bytes; nullopt if malformed or > 2^62.
std::optional<int64_t> parseByteSize(const std::string &text);

} // namespace edgec

#endif
