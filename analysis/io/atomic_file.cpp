// Atomic file replacement (see atomic_file.hpp).
#include "analysis/io/atomic_file.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace opgsim::analysis {

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace opgsim::analysis
