// Trace files: both formats, every error message, line endings, and the real Azure 2023 trace.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "models/common/input_error.hpp"
#include "models/workload/arrivals.hpp"

using namespace opgsim::workload;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kClasses = {"default", "premium"};

// Writes a file under a per-process temp folder and returns its path.
std::string write(const std::string& name, const std::string& text) {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("opgsim-trace-test-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  const fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

std::string error_of(const std::string& file, TraceFormat format = TraceFormat::Opgsim) {
  try {
    load_trace(file, format, 1.0, kClasses);
  } catch (const opgsim::InputError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string kHeader = "time_s,class,prompt_tokens,output_tokens\n";

}  // namespace

TEST_CASE("opgsim format: rows, classes, empty class, time scale") {
  const auto f = write("ok.csv", kHeader + "0,default,10,5\n1.5,premium,20,6\n\n1.5,,30,7\n");
  const Trace t = load_trace(f, TraceFormat::Opgsim, 1.0, kClasses);
  CHECK(t.file == f);
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[1].time_s == 1.5);
  CHECK(t.rows[1].class_index == 1);
  CHECK(t.rows[1].prompt_tokens == 20);
  CHECK(t.rows[1].output_tokens == 6);
  CHECK(t.rows[2].class_index == 0);
  const Trace half = load_trace(f, TraceFormat::Opgsim, 0.5, kClasses);
  CHECK(half.rows[1].time_s == 0.75);
}

TEST_CASE("CRLF, no final newline and a BOM are accepted") {
  const auto f = write("crlf.csv", "\xEF\xBB\xBFtime_s,class,prompt_tokens,output_tokens\r\n0,,1,1\r\n\r\n2,premium,3,4");
  const Trace t = load_trace(f, TraceFormat::Opgsim, 1.0, kClasses);
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[1].output_tokens == 4);
}

TEST_CASE("every error is one line naming the file and line") {
  const std::string missing = (fs::temp_directory_path() / "opgsim-no-such-trace.csv").string();
  CHECK(error_of(missing) == missing + ": cannot open file");

  auto f = write("header.csv", "time,class,prompt,output\n0,,1,1\n");
  CHECK(error_of(f) == f + ":1: expected header 'time_s,class,prompt_tokens,output_tokens', got 'time,class,prompt,output'");

  f = write("tokens.csv", kHeader + "0,,1,1\n1,,1,1\n2,,1,1\n3,,1,1\n4,,1,1\n5,,abc,1\n");
  CHECK(error_of(f) == f + ":7: prompt_tokens: expected a positive integer, got 'abc'");

  f = write("zero.csv", kHeader + "0,,1,0\n");
  CHECK(error_of(f) == f + ":2: output_tokens: expected a positive integer, got '0'");

  f = write("neg.csv", kHeader + "0,,-3,1\n");
  CHECK(error_of(f) == f + ":2: prompt_tokens: expected a positive integer, got '-3'");

  f = write("big.csv", kHeader + "0,,1,99999999999\n");
  CHECK(error_of(f) == f + ":2: output_tokens: expected a positive integer, got '99999999999'");

  f = write("back.csv", kHeader + "0,,1,1\n\n13,,1,1\n13,,1,1\n\n\n\n12.5,,1,1\n");
  CHECK(error_of(f) == f + ":9: time_s goes backwards (12.5 after 13)");

  f = write("class.csv", kHeader + "0,,1,1\n1,premium,1,1\n2,foo,1,1\n");
  CHECK(error_of(f) == f + ":4: class: unknown class 'foo' (known: default, premium)");

  f = write("time.csv", kHeader + "x,,1,1\n");
  CHECK(error_of(f) == f + ":2: time_s: expected a non-negative number of seconds, got 'x'");
  f = write("time2.csv", kHeader + "-1,,1,1\n");
  CHECK(error_of(f) == f + ":2: time_s: expected a non-negative number of seconds, got '-1'");
  f = write("time3.csv", kHeader + "nan,,1,1\n");
  CHECK(error_of(f) == f + ":2: time_s: expected a non-negative number of seconds, got 'nan'");

  f = write("fields.csv", kHeader + "0,,1\n");
  CHECK(error_of(f) == f + ":2: expected 4 fields, got 3");

  f = write("empty.csv", "");
  CHECK(error_of(f) == f + ": file is empty (expected header 'time_s,class,prompt_tokens,output_tokens')");

  f = write("norows.csv", kHeader + "\n");
  CHECK(error_of(f) == f + ": no rows after the header");

  f = write("azure-header.csv", kHeader);
  CHECK(error_of(f, TraceFormat::Azure) == f + ":1: expected header 'TIMESTAMP,ContextTokens,GeneratedTokens', got 'time_s,class,prompt_tokens,output_tokens'");

  f = write("azure-ts.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,1,1\n2023-11-16T18:15:47.1,1,1\n");
  CHECK(error_of(f, TraceFormat::Azure) == f + ":3: TIMESTAMP: expected 'YYYY-MM-DD HH:MM:SS.fffffff', got '2023-11-16T18:15:47.1'");

  f = write("azure-back.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.5,1,1\n2023-11-16 18:15:46.4,1,1\n");
  CHECK(error_of(f, TraceFormat::Azure) == f + ":3: TIMESTAMP goes backwards (2023-11-16 18:15:46.4 after 2023-11-16 18:15:46.5)");

  f = write("azure-zero.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.5,0,1\n");
  CHECK(error_of(f, TraceFormat::Azure) == f + ":2: ContextTokens: expected a positive integer, got '0'");

  CHECK_THROWS_AS(load_trace(f, TraceFormat::Azure, 0.0, {}), opgsim::InputError);
}

TEST_CASE("azure timestamps: sub-microsecond precision across day, month and year ends") {
  const auto f = write("azure-days.csv",
                       "TIMESTAMP,ContextTokens,GeneratedTokens\r\n"
                       "2023-12-31 23:59:59.9000000,5,6\r\n"
                       "2024-01-01 00:00:00.1000001,5,6\r\n"
                       "2024-01-01 00:00:00.1000001,5,6\r\n"
                       "2024-02-28 23:59:59.9,5,6\r\n"
                       "2024-03-01 00:00:00,5,6\r\n");
  const Trace t = load_trace(f, TraceFormat::Azure, 1.0, {});
  REQUIRE(t.rows.size() == 5);
  CHECK(t.rows[0].time_s == 0);
  CHECK(t.rows[1].time_s == doctest::Approx(0.2000001).epsilon(1e-12));
  CHECK(t.rows[2].time_s == t.rows[1].time_s);
  const double feb28_end = (31 + 28) * 86400.0;  // 2023-12-31 23:59:59.9 to 2024-02-28 23:59:59.9
  CHECK(t.rows[3].time_s == doctest::Approx(feb28_end).epsilon(1e-12));
  CHECK(t.rows[4].time_s - t.rows[3].time_s == doctest::Approx(86400.1).epsilon(1e-12));  // leap day
  CHECK(t.rows[4].class_index == 0);
  CHECK(t.rows[4].prompt_tokens == 5);
  CHECK(t.rows[4].output_tokens == 6);
}

TEST_CASE("the real Azure LLM 2023 conversation trace loads") {
  const std::string file = "/work/shared/traces/azure-llm-2023-conv.csv";
  if (!fs::exists(file)) {
    MESSAGE("skipped: " << file << " not found");
    return;
  }
  const Trace t = load_trace(file, TraceFormat::Azure, 1.0, {"default"});
  // 19,367 lines: the header and 19,366 rows (the last line has no newline, so `wc -l` says 19,366).
  CHECK(t.rows.size() == 19366);
  CHECK(t.rows.front().time_s == 0);
  CHECK(t.rows.back().time_s == doctest::Approx(3501.721937).epsilon(1e-9));
  std::vector<std::uint32_t> p, o;
  for (const auto& r : t.rows) {
    p.push_back(r.prompt_tokens);
    o.push_back(r.output_tokens);
  }
  std::sort(p.begin(), p.end());
  std::sort(o.begin(), o.end());
  CHECK(p[p.size() / 2] == 1020);
  CHECK(o[o.size() / 2] == 129);
  CHECK(p.front() == 2);
  CHECK(o.front() == 7);
  CHECK(p.back() == 14050);
  CHECK(o.back() == 1000);
  CHECK(static_cast<double>(t.rows.size()) / t.rows.back().time_s == doctest::Approx(5.53).epsilon(0.01));
}

TEST_CASE("trace process: every K-th row from the client's index, before end_s") {
  std::string text = kHeader;
  for (int i = 0; i < 10; ++i) text += std::to_string(i) + ",," + std::to_string(i + 1) + ",1\n";
  const Trace t = load_trace(write("replay.csv", text), TraceFormat::Opgsim, 1.0, kClasses);
  auto p = make_trace_process(t, 1, 3, 1e9);
  std::vector<double> times;
  Arrival a;
  while (p->next(a)) {
    times.push_back(a.time_s);
    CHECK(a.prompt_tokens == static_cast<std::uint32_t>(a.time_s) + 1);
  }
  CHECK(times == std::vector<double>{1, 4, 7});
  CHECK_FALSE(p->next(a));

  auto q = make_trace_process(t, 0, 1, 5);
  int n = 0;
  while (q->next(a)) ++n;
  CHECK(n == 5);  // times 0..4: time_s < end_s is strict
  CHECK_THROWS(make_trace_process(t, 3, 3, 10));
}

TEST_CASE("azure timestamps: impossible dates and years beyond int64 nanoseconds are line errors") {
  const std::string h = "TIMESTAMP,ContextTokens,GeneratedTokens\n";
  auto f = write("azure-feb31.csv", h + "2023-02-31 00:00:00,1,1\n");
  CHECK(error_of(f, TraceFormat::Azure) == f + ":2: TIMESTAMP: no such date, got '2023-02-31 00:00:00'");
  f = write("azure-feb29.csv", h + "2023-02-29 00:00:00,1,1\n");
  CHECK(error_of(f, TraceFormat::Azure) == f + ":2: TIMESTAMP: no such date, got '2023-02-29 00:00:00'");
  f = write("azure-leap.csv", h + "2024-02-29 00:00:00,1,1\n");
  CHECK(error_of(f, TraceFormat::Azure) == "(no error)");
  f = write("azure-year.csv", h + "2023-01-01 00:00:00,1,1\n9999-01-01 00:00:00,1,1\n");
  CHECK(error_of(f, TraceFormat::Azure) == f + ":3: TIMESTAMP: year outside 1678-2261, got '9999-01-01 00:00:00'");
  f = write("azure-span.csv", h + "1678-01-01 00:00:00,1,1\n2261-01-01 00:00:00,1,1\n");
  CHECK(error_of(f, TraceFormat::Azure) == f + ":3: TIMESTAMP: more than 292 years after the first row's, got '2261-01-01 00:00:00'");
}

TEST_CASE("a device is not read as a trace") {
  CHECK(error_of("/dev/zero") == "/dev/zero: not a regular file (devices, FIFOs and sockets are refused)");
}
