// Trace files: loading (opgsim and Azure LLM 2023 formats) and the replay process.
//
// Every problem in a file becomes one InputError line "<file>:<line>: <what>", with physical line
// numbers (skipped empty lines still count), so users can jump straight to the bad row.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "models/common/input_error.hpp"
#include "models/common/input_file.hpp"
#include "models/workload/arrivals.hpp"

namespace opgsim::workload {

namespace {

constexpr std::string_view kOpgsimHeader = "time_s,class,prompt_tokens,output_tokens";
constexpr std::string_view kAzureHeader = "TIMESTAMP,ContextTokens,GeneratedTokens";

class LineError {
public:
  LineError(const std::string& file, std::size_t line) : file_(file), line_(line) {}
  template <typename... Args>
  [[noreturn]] void fail(fmt::format_string<Args...> what, Args&&... args) const {
    throw InputError(fmt::format("{}:{}: {}", file_, line_,
                                 fmt::format(what, std::forward<Args>(args)...)));
  }

private:
  const std::string& file_;
  std::size_t line_;
};

// Splits on commas into exactly n fields (no quoting: neither format needs it).
template <std::size_t N>
bool split(std::string_view line, std::string_view (&fields)[N], std::size_t& count) {
  count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::string_view f =
        line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (count < N) fields[count] = f;
    ++count;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return count == N;
}

std::uint32_t parse_tokens(std::string_view s, std::string_view name, const LineError& at) {
  std::uint32_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v == 0)
    at.fail("{}: expected a positive integer, got '{}'", name, s);
  return v;
}

double parse_time(std::string_view s, const LineError& at) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v) || v < 0)
    at.fail("time_s: expected a non-negative number of seconds, got '{}'", s);
  return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), so a trace
// that crosses midnight, a month or a year end still gets the right differences.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

unsigned days_in_month(unsigned y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return true;
}

// "YYYY-MM-DD HH:MM:SS[.f{1,9}]" to integer nanoseconds since 1970: integers keep the 100 ns
// resolution of the Azure timestamps exactly over any span.
std::int64_t parse_azure_timestamp(std::string_view s, const LineError& at) {
  unsigned y, mo, d, h, mi, sec;
  const bool shape = s.size() >= 19 && digits(s, 0, 4, y) && s[4] == '-' && digits(s, 5, 2, mo) &&
                     s[7] == '-' && digits(s, 8, 2, d) && s[10] == ' ' && digits(s, 11, 2, h) &&
                     s[13] == ':' && digits(s, 14, 2, mi) && s[16] == ':' && digits(s, 17, 2, sec);
  std::int64_t frac_ns = 0;
  bool ok = shape && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && sec <= 60;
  if (ok && s.size() > 19) {
    const std::size_t n = s.size() - 20;
    ok = s[19] == '.' && n >= 1 && n <= 9;
    for (std::size_t i = 0; ok && i < 9; ++i) {
      const char c = i < n ? s[20 + i] : '0';
      ok = c >= '0' && c <= '9';
      frac_ns = frac_ns * 10 + (c - '0');
    }
  }
  if (!ok) at.fail("TIMESTAMP: expected 'YYYY-MM-DD HH:MM:SS.fffffff', got '{}'", s);
  if (d > days_in_month(y, mo)) at.fail("TIMESTAMP: no such date, got '{}'", s);
  // Integer nanoseconds since 1970 hold 1677-09-21 to 2262-04-11; whole years keep it simple.
  if (y < 1678 || y > 2261) at.fail("TIMESTAMP: year outside 1678-2261, got '{}'", s);
  const std::int64_t secs =
      days_from_civil(y, mo, d) * 86400 + std::int64_t{h} * 3600 + std::int64_t{mi} * 60 + sec;
  return secs * 1'000'000'000 + frac_ns;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace

Trace load_trace(const std::string& file, TraceFormat format, double time_scale,
                 const std::vector<std::string>& class_names) {
  if (!(time_scale > 0) || !std::isfinite(time_scale))
    throw InputError(fmt::format("{}: time scale must be a positive number, got {}", file, time_scale));
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw InputError(fmt::format("{}: cannot open file", file));
  const std::string text = read_input_file(file, kMaxTraceFileBytes);  // refuses devices and huge files

  const std::string_view header = format == TraceFormat::Azure ? kAzureHeader : kOpgsimHeader;
  Trace trace;
  trace.file = file;
  trace.rows.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);

  bool seen_header = false;
  double prev_time = 0;                  // opgsim: last time_s as written
  std::string_view prev_stamp;           // azure: last TIMESTAMP as written
  std::int64_t first_ns = 0, prev_ns = 0;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  const std::string_view all(text);
  while (pos < all.size()) {
    std::size_t nl = all.find('\n', pos);
    if (nl == std::string_view::npos) nl = all.size();
    std::string_view line = all.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const LineError at(file, line_no);
    if (!seen_header) {
      if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // UTF-8 BOM
      if (line != header) at.fail("expected header '{}', got '{}'", header, line);
      seen_header = true;
      continue;
    }
    if (line.empty()) continue;

    TraceRow row;
    if (format == TraceFormat::Azure) {
      std::string_view f[3];
      std::size_t n = 0;
      if (!split(line, f, n)) at.fail("expected 3 fields, got {}", n);
      const std::int64_t ns = parse_azure_timestamp(f[0], at);
      if (trace.rows.empty()) first_ns = prev_ns = ns;
      if (ns < prev_ns) at.fail("TIMESTAMP goes backwards ({} after {})", f[0], prev_stamp);
      prev_ns = ns;
      prev_stamp = f[0];
      std::int64_t since_first = 0;
      if (__builtin_sub_overflow(ns, first_ns, &since_first))
        at.fail("TIMESTAMP: more than 292 years after the first row's, got '{}'", f[0]);
      row.time_s = static_cast<double>(since_first) * 1e-9 * time_scale;
      row.class_index = 0;
      row.prompt_tokens = parse_tokens(f[1], "ContextTokens", at);
      row.output_tokens = parse_tokens(f[2], "GeneratedTokens", at);
    } else {
      std::string_view f[4];
      std::size_t n = 0;
      if (!split(line, f, n)) at.fail("expected 4 fields, got {}", n);
      const double t = parse_time(f[0], at);
      if (!trace.rows.empty() && t < prev_time)
        at.fail("time_s goes backwards ({} after {})", t, prev_time);
      prev_time = t;
      row.time_s = t * time_scale;
      if (f[1].empty()) {
        row.class_index = 0;
      } else {
        std::size_t k = 0;
        while (k < class_names.size() && class_names[k] != f[1]) ++k;
        if (k == class_names.size())
          at.fail("class: unknown class '{}' (known: {})", f[1], join(class_names));
        row.class_index = static_cast<std::uint32_t>(k);
      }
      row.prompt_tokens = parse_tokens(f[2], "prompt_tokens", at);
      row.output_tokens = parse_tokens(f[3], "output_tokens", at);
    }
    trace.rows.push_back(row);
  }
  if (!seen_header) throw InputError(fmt::format("{}: file is empty (expected header '{}')", file, header));
  if (trace.rows.empty()) throw InputError(fmt::format("{}: no rows after the header", file));
  return trace;
}

namespace {

class TraceProcess final : public ArrivalProcess {
public:
  TraceProcess(const Trace& trace, std::uint32_t client_index, std::uint32_t client_count,
               double end_s)
      : rows_(trace.rows), next_(client_index), step_(client_count), end_s_(end_s) {
    if (client_count == 0 || client_index >= client_count)
      throw std::invalid_argument("trace process: need client_index < client_count");
  }

  bool next(Arrival& out) override {
    if (next_ >= rows_.size()) return false;
    const TraceRow& r = rows_[next_];
    if (!(r.time_s < end_s_)) {
      next_ = rows_.size();  // rows are sorted: nothing later can be before end_s
      return false;
    }
    out.time_s = r.time_s;
    out.class_index = r.class_index;
    out.prompt_tokens = r.prompt_tokens;
    out.output_tokens = r.output_tokens;
    next_ += step_;
    return true;
  }

private:
  const std::vector<TraceRow>& rows_;  // the caller keeps the Trace alive (shared by all clients)
  std::size_t next_;
  std::size_t step_;
  double end_s_;
};

}  // namespace

std::unique_ptr<ArrivalProcess> make_trace_process(const Trace& trace, std::uint32_t client_index,
                                                   std::uint32_t client_count, double end_s) {
  return std::make_unique<TraceProcess>(trace, client_index, client_count, end_s);
}

}  // namespace opgsim::workload
