// All-or-nothing output writing (see output_dir.hpp).
#include "sim/cli/output_dir.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <unistd.h>

namespace opgsim::cli {

namespace fs = std::filesystem;

void write_output_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  const fs::path target = fs::path(dir).lexically_normal();
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  fs::create_directories(parent);
  const fs::path staging = parent / fmt::format(".{}.tmp-{}", target.filename().string(), ::getpid());
  fs::remove_all(staging);
  fs::create_directories(staging);
  try {
    for (const auto& [name, contents] : files) {
      std::ofstream out(staging / name, std::ios::binary);
      out << contents;
      out.close();
      if (!out) throw std::runtime_error(fmt::format("{}: cannot write file", (target / name).string()));
    }
    fs::create_directories(target);
    for (const auto& [name, contents] : files) fs::rename(staging / name, target / name);
  } catch (...) {
    fs::remove_all(staging);
    throw;
  }
  fs::remove_all(staging);
}

}  // namespace opgsim::cli
