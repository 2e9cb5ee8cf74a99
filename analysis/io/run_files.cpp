// Reading run and sweep files (see run_files.hpp).
#include "analysis/io/run_files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::analysis {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot read the file", p.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json read_json(const fs::path& p) {
  try {
    return json::parse(read_text(p));
  } catch (const json::parse_error& e) {
    throw InputError(fmt::format("{}: not valid JSON ({})", p.string(), e.what()));
  }
}

std::optional<double> number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

int Table::column(const std::string& name) const {
  const auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

std::vector<double> Table::numbers(const std::string& name) const {
  const int c = column(name);
  if (c < 0) throw InputError(fmt::format("{}: no column {}", file, name));
  std::vector<double> v;
  v.reserve(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string& cell = rows[r][static_cast<std::size_t>(c)];
    const auto x = number(cell);
    if (!x && !cell.empty())
      throw InputError(fmt::format("{}: line {}, column {}: not a number: '{}'", file, r + 2, name, cell));
    v.push_back(x.value_or(kNaN));
  }
  return v;
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

Table read_csv(const fs::path& p) {
  Table t;
  t.file = p.string();
  std::istringstream in(read_text(p));
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields = split_csv_line(line);
    if (t.header.empty()) {
      t.header = std::move(fields);
      continue;
    }
    if (fields.size() != t.header.size())
      throw InputError(fmt::format("{}: line {}: {} fields, but the header has {}", t.file, n, fields.size(),
                                   t.header.size()));
    t.rows.push_back(std::move(fields));
  }
  if (t.header.empty()) throw InputError(fmt::format("{}: empty file (no header line)", t.file));
  return t;
}

Curve read_curve_file(const std::string& path) {
  fs::path p(path);
  if (fs::is_directory(p)) p /= "curve.csv";
  return parse_curve_csv(read_text(p), p.string());
}

}  // namespace opgsim::analysis
