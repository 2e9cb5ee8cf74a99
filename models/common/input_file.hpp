// Reading a whole input file (scenario, trace, catalog, profile) into memory, refusing what
// would hang or exhaust memory before a byte is read: a device, FIFO or folder (/dev/zero
// never ends) and a file above a size cap. Failures are one-line InputErrors naming the file.
#pragma once

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "models/common/input_error.hpp"

namespace opgsim {

// Scenario, catalog and profile files are a few kB; 64 MiB leaves room for generated ones.
inline constexpr std::uint64_t kMaxJsonFileBytes = 64ull << 20;
// Trace files: the Azure 2023 conversation trace is 1.3 MB; 1 GiB is about 30 million rows.
inline constexpr std::uint64_t kMaxTraceFileBytes = 1ull << 30;

// Throws unless `file` names a readable regular file of at most `max_bytes` bytes.
inline void check_input_file(const std::string& file, std::uint64_t max_bytes) {
  struct stat st{};
  if (::stat(file.c_str(), &st) != 0)
    throw InputError(file + ": cannot open file (" + std::strerror(errno) + ")");
  if (S_ISDIR(st.st_mode)) throw InputError(file + ": cannot open file (" + std::strerror(EISDIR) + ")");
  if (!S_ISREG(st.st_mode))
    throw InputError(file + ": not a regular file (devices, FIFOs and sockets are refused)");
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes)
    throw InputError(fmt::format("{}: {} bytes, more than the limit of {} bytes for this kind of file", file,
                                 static_cast<std::uint64_t>(st.st_size), max_bytes));
}

// check_input_file, then the whole content.
inline std::string read_input_file(const std::string& file, std::uint64_t max_bytes) {
  check_input_file(file, max_bytes);
  errno = 0;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw InputError(file + ": cannot open file (" + std::strerror(err ? err : ENOENT) + ")");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw InputError(file + ": cannot read file (" + std::strerror(errno) + ")");
  return ss.str();
}

}  // namespace opgsim
