// Byte-size units: overflow-checked tensor sizes, the figures in messages, --max-memory parsing.
#include "compiler/support/ByteSize.h"

#include <catch2/catch.hpp>

#include <cstdint>

using edgec::checkedTensorBytes;
using edgec::describeBytes;
using edgec::humanBytes;
using edgec::parseByteSize;

TEST_CASE("tensor sizes are checked for negative dims and int64 overflow", "[bytesize]") {
  CHECK(checkedTensorBytes({1, 1024, 1024, 1024}, 4) == int64_t(1) << 32);
  CHECK(checkedTensorBytes({}, 8) == 8);
  CHECK(checkedTensorBytes({3, 0, 5}, 4) == 0);
  CHECK_FALSE(checkedTensorBytes({2, -3}, 4));
  int64_t huge = int64_t(1) << 40;
  CHECK_FALSE(checkedTensorBytes({huge, huge}, 1));
  CHECK_FALSE(checkedTensorBytes({int64_t(1) << 62}, 4));
}

TEST_CASE("byte counts read as figures with units", "[bytesize]") {
  CHECK(describeBytes(0) == "0 bytes");
  CHECK(describeBytes(12) == "12 bytes");
  CHECK(describeBytes(4096) == "4,096 bytes (4.0 KiB)");
  CHECK(describeBytes(int64_t(1) << 32) == "4,294,967,296 bytes (4.0 GiB)");
  CHECK(humanBytes(int64_t(2) << 30) == "2.0 GiB");
  CHECK(humanBytes(1536) == "1.5 KiB");
}

TEST_CASE("--max-memory sizes take K, M, G, T suffixes", "[bytesize]") {
  CHECK(parseByteSize("4096") == 4096);
  CHECK(parseByteSize("512K") == 512 * 1024);
  CHECK(parseByteSize("64m") == 64 << 20);
  CHECK(parseByteSize("4G") == int64_t(4) << 30);
  CHECK(parseByteSize("4GiB") == int64_t(4) << 30);
  CHECK(parseByteSize("2TB") == int64_t(2) << 40);
  CHECK_FALSE(parseByteSize(""));
  CHECK_FALSE(parseByteSize("K"));
  CHECK_FALSE(parseByteSize("10x"));
  CHECK_FALSE(parseByteSize("-5"));
  CHECK_FALSE(parseByteSize("99999999999999999999"));
  CHECK_FALSE(parseByteSize("9000000000000T"));
}
