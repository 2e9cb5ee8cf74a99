// The measurements CSV reader (see measurements.hpp).
#include "models/gpu/measurements.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "models/common/input_error.hpp"

namespace opgsim::gpu {
namespace {

constexpr const char* kHeader = "concurrency,prompt_tokens,output_tokens,ttft_s,tpot_s,engine,source";

[[noreturn]] void fail(const std::string& file, std::uint32_t line, const std::string& what) {
  throw InputError(file + ":" + std::to_string(line) + ": " + what);
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Splits on commas outside double quotes; "" inside quotes is one quote character.
std::vector<std::string> split(const std::string& line, const std::string& file, std::uint32_t n) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  if (quoted) fail(file, n, "unterminated double quote");
  for (auto& f : out) f = trim(f);
  return out;
}

std::uint32_t positive_int(const std::string& v, const char* name, const std::string& file, std::uint32_t n) {
  std::size_t used = 0;
  long long x = 0;
  try {
    x = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (v.empty() || used != v.size() || x < 1 || x > 100000000)
    fail(file, n, std::string(name) + ": expected a positive integer, got '" + v + "'");
  return static_cast<std::uint32_t>(x);
}

std::optional<double> seconds(const std::string& v, const char* name, const std::string& file, std::uint32_t n) {
  if (v.empty()) return std::nullopt;
  std::size_t used = 0;
  double x = 0;
  try {
    x = std::stod(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || !std::isfinite(x) || x <= 0)
    fail(file, n, std::string(name) + ": expected a number of seconds > 0 or nothing, got '" + v + "'");
  return x;
}

}  // namespace

std::vector<Measurement> parse_measurements(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  std::string raw;
  std::uint32_t n = 0;
  bool header_seen = false;
  std::vector<Measurement> rows;
  while (std::getline(in, raw)) {
    ++n;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    if (!header_seen) {
      if (line != kHeader) fail(file, n, std::string("expected the header '") + kHeader + "', got '" + line + "'");
      header_seen = true;
      continue;
    }
    const std::vector<std::string> f = split(line, file, n);
    if (f.size() != 7) fail(file, n, "expected 7 fields, got " + std::to_string(f.size()));
    Measurement m;
    m.line = n;
    m.concurrency = positive_int(f[0], "concurrency", file, n);
    m.prompt_tokens = positive_int(f[1], "prompt_tokens", file, n);
    m.output_tokens = positive_int(f[2], "output_tokens", file, n);
    m.ttft_s = seconds(f[3], "ttft_s", file, n);
    m.tpot_s = seconds(f[4], "tpot_s", file, n);
    if (!m.ttft_s && !m.tpot_s) fail(file, n, "ttft_s and tpot_s are both empty: nothing was measured");
    if (m.tpot_s && m.output_tokens < 2) fail(file, n, "tpot_s needs output_tokens >= 2");
    if (f[5].empty()) fail(file, n, "engine: expected the serving engine and version, got nothing");
    if (f[6].empty()) fail(file, n, "source: expected where the measurement was published, got nothing");
    m.engine = f[5];
    m.source = f[6];
    rows.push_back(std::move(m));
  }
  if (!header_seen) fail(file, n, std::string("no header: expected '") + kHeader + "'");
  if (rows.empty()) fail(file, n, "no measurements after the header");
  return rows;
}

std::vector<Measurement> load_measurements(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open the measurements file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_measurements(ss.str(), path);
}

}  // namespace opgsim::gpu
