// Seeded mutation test of the input path: mutants of the shipped scenarios (a leaf replaced by an
// extreme value or a wrong type, a key deleted or repeated, control characters in a key, deep
// nesting, numbers beyond a double, an extends or a trace naming a device, ...) go through
// `opgsim validate`, which must exit 0, or 2 with exactly one line on stderr: never a crash, an
// "internal error", a signal or a hang. A sample of the accepted ones then runs for a few
// simulated seconds and must exit 0, 2 or 3, again without a signal or a hang, and write nothing
// when it exits 2. Limits per child: 10 s for validate, 60 s for a run.
//
// Deterministic: the mutants come from a fixed seed (the generator's raw output, no
// implementation-defined distributions). A failure prints the mutant's file and description.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>

#include "tests/engine/opgsim_process.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using opgsim::test::ProcessResult;
using opgsim::test::read_file;
using opgsim::test::shell_quote;
using opgsim::test::temp_dir;

// OPGSIM_MUTATION_SEED, OPGSIM_MUTATION_COUNT and OPGSIM_MUTATION_RUNS explore further by hand; CI uses the defaults.
const std::uint64_t kSeed = std::getenv("OPGSIM_MUTATION_SEED") ? std::stoull(std::getenv("OPGSIM_MUTATION_SEED")) : 20261206;
const int kValidateMutants = std::getenv("OPGSIM_MUTATION_COUNT") ? std::stoi(std::getenv("OPGSIM_MUTATION_COUNT")) : 300;
const int kRunMutants = std::getenv("OPGSIM_MUTATION_RUNS") ? std::stoi(std::getenv("OPGSIM_MUTATION_RUNS")) : 20;
// Validate never takes long; a run of an accepted mutant may legitimately simulate up to a few
// million requests in its 2 s (1e6 requests/s is within the limits), so its limit only catches hangs.
constexpr int kValidateTimeoutS = 10;
constexpr int kRunTimeoutS = 60;

// `opgsim <args>` with a time limit; a signal shows as 128 + its number, a timeout as 124.
ProcessResult run_limited(const std::vector<std::string>& args, const fs::path& scratch,
                          int timeout_s = kValidateTimeoutS) {
  std::string cmd = fmt::format("cd {} && timeout -k 2 {} {}", shell_quote(OPGSIM_SOURCE_DIR), timeout_s,
                                shell_quote(OPGSIM_BINARY));
  for (const auto& a : args) {
    cmd += ' ';
    cmd += shell_quote(a);
  }
  cmd += fmt::format(" >{} 2>{}", shell_quote((scratch / "stdout.txt").string()),
                     shell_quote((scratch / "stderr.txt").string()));
  const int status = std::system(cmd.c_str());
  ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(scratch / "stdout.txt");
  r.err = read_file(scratch / "stderr.txt");
  return r;
}

class Rng {
public:
  std::uint64_t next() { return gen_(); }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(gen_() % n); }
  template <class T> const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

private:
  std::mt19937_64 gen_{kSeed};
};

// A shipped scenario with its extends chain merged in and its file names made absolute, so a
// mutant can live in any folder.
json flattened(const fs::path& file) {
  json doc = json::parse(read_file(file));
  if (doc.contains("extends")) {
    json base = flattened(file.parent_path() / doc["extends"].get<std::string>());
    doc.erase("extends");
    base.merge_patch(doc);
    doc = std::move(base);
  }
  if (doc.contains("workload") && doc["workload"].contains("arrivals") && doc["workload"]["arrivals"].contains("file")) {
    auto& f = doc["workload"]["arrivals"]["file"];
    if (fs::path(f.get<std::string>()).is_relative()) f = (file.parent_path() / f.get<std::string>()).lexically_normal().string();
  }
  return doc;
}

std::vector<json> sources(const fs::path& scratch) {
  std::vector<fs::path> files;
  for (const char* dir : {"scenarios", "scenarios/economy", "scenarios/validation", "scenarios/bench"})
    for (const auto& e : fs::directory_iterator(fs::path(OPGSIM_SOURCE_DIR) / dir))
      if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<json> out;
  for (const auto& f : files) out.push_back(flattened(f));
  // The complete default scenario: every declared field is a leaf there.
  const auto d = run_limited({"dump-default-config"}, scratch);
  REQUIRE(d.exit_code == 0);
  out.push_back(json::parse(d.out));
  return out;
}

// Every value's pointer (containers too), in document order.
void pointers(const json& v, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
  out.push_back(at);
  if (v.is_object())
    for (const auto& [k, child] : v.items()) pointers(child, at / k, out);
  else if (v.is_array())
    for (std::size_t i = 0; i < v.size(); ++i) pointers(v[i], at / i, out);
}

struct Mutant {
  std::string text;
  std::string what;
  bool must_reject = false;  // no valid scenario can come out of this mutation
};

const std::string kMark = "@@MUTATION@@";

// Raw text in place of a marker string: what a JSON value cannot hold (1e999, duplicate keys, ...).
std::string with_raw(const json& doc, const std::string& raw) {
  std::string text = doc.dump(1);
  const std::string quoted = "\"" + kMark + "\"";
  const auto p = text.find(quoted);
  return p == std::string::npos ? text : text.replace(p, quoted.size(), raw);
}

Mutant mutate(json doc, Rng& rng) {
  std::vector<json::json_pointer> all;
  pointers(doc, json::json_pointer(), all);
  std::vector<json::json_pointer> leaves, members;
  for (const auto& p : all) {
    if (!doc.at(p).is_structured()) leaves.push_back(p);
    if (!p.empty() && doc.at(p.parent_pointer()).is_object()) members.push_back(p);
  }
  const auto& leaf = rng.pick(leaves.empty() ? all : leaves);
  const auto& member = rng.pick(members);
  const std::string where = leaf.to_string();
  static const std::vector<json> extremes = {
      0, -1, 1, 1e308, -1e308, 1e-320, 1e9, 1e12, 4294967296.0, 18446744073709551615ull, -9223372036854775807ll - 1,
      0.5, 1e6, 1e-9, "", "x", std::string(100000, 'x'), true, false, nullptr, json::array(), json::object(),
      json::array({1, 2}), json{{"type", "nope"}}, "\x01\n", "/dev/zero"};
  switch (rng.below(16)) {
    case 0:
    case 1:
    case 2:
    case 3: {
      const json v = rng.pick(extremes);
      doc.at(leaf) = v;
      return {doc.dump(1), where + " = " + v.dump().substr(0, 40)};
    }
    case 4: {  // scale a number (plausible magnitudes find run-time limits, not only schema ones)
      if (!doc.at(leaf).is_number()) break;
      static const std::vector<double> factors = {1e3, 1e6, 1e-3, -1, 1e15};
      const double f = rng.pick(factors);
      doc.at(leaf) = doc.at(leaf).get<double>() * f;
      return {doc.dump(1), where + " *= " + json(f).dump()};
    }
    case 5: {
      const std::string parent = member.parent_pointer().to_string();
      doc.at(member.parent_pointer()).erase(member.back());
      return {doc.dump(1), "delete " + member.to_string() + " (in " + parent + ")"};
    }
    case 6: {
      static const std::vector<std::string> raws = {"1e999", "-1e999", "1e400", "NaN", "Infinity", "01", "+1", "1.",
                                                    "\"\\ud800\""};
      const std::string raw = rng.pick(raws);
      doc.at(leaf) = kMark;
      return {with_raw(doc, raw), where + " = " + raw + " (raw)", true};
    }
    case 7: {
      static const std::vector<std::size_t> depths = {63, 64, 65, 1000, 100000};
      const std::size_t depth = rng.pick(depths);
      doc.at(leaf) = kMark;
      return {with_raw(doc, std::string(depth, '[') + std::string(depth, ']')),
              where + " = nested " + std::to_string(depth) + " deep", true};
    }
    case 8: {  // the same key twice in one object
      const json v = doc.at(member);
      doc.at(member) = kMark;
      return {with_raw(doc, v.dump() + ", \"" + member.back() + "\": " + v.dump()), "duplicate " + member.to_string(), true};
    }
    case 9: {  // control characters in a key
      static const std::vector<std::string> insert = {"\n", "\r\n", "\t", "\x1b[31m", "\x7f", "\x01"};
      json& parent = doc.at(member.parent_pointer());
      const std::string key = member.back();
      const std::string bad = key.substr(0, key.size() / 2) + rng.pick(insert) + key.substr(key.size() / 2);
      json v = parent[key];
      parent.erase(key);
      parent[bad] = std::move(v);
      return {doc.dump(1), "control character in key " + member.to_string(), true};
    }
    case 10: {
      static const std::vector<std::string> bases = {"/dev/zero", "/dev/null", "/", "/nonexistent.json", "/proc/self/status"};
      const std::string b = rng.pick(bases);
      doc["extends"] = b;
      return {doc.dump(1), "extends = " + b, true};
    }
    case 11: {
      static const std::vector<std::string> files = {"/dev/zero", "/dev/urandom", "/", "/dev/null"};
      const std::string f = rng.pick(files);
      doc["workload"]["arrivals"] = {{"type", "trace"}, {"file", f}, {"format", rng.below(2) ? "azure" : "opgsim"}};
      return {doc.dump(1), "trace file " + f, true};
    }
    case 12: {  // wrong type for a whole section
      const json v = rng.pick(extremes);
      doc.at(member) = v;
      return {doc.dump(1), member.to_string() + " = " + v.dump().substr(0, 40)};
    }
    case 13: {  // an unknown key with a long name
      doc.at(member.parent_pointer())[std::string(5000, 'k')] = 1;
      return {doc.dump(1), "long unknown key in " + member.parent_pointer().to_string(), true};
    }
    case 14: {  // a truncated file
      const std::string text = doc.dump(1);
      return {text.substr(0, rng.below(text.size())), "truncated", true};
    }
    default: break;
  }
  // Fallback: a large count where counts live (2000 nodes still run in a second or two).
  static const std::vector<std::string> counts = {"/roles/inference/count", "/roles/storage/count",
                                                  "/roles/verifier/count", "/roles/validator/count"};
  const std::string p = rng.pick(counts);
  const json v = rng.below(2) ? json(2000) : json(1e9);
  doc[json::json_pointer(p)] = v;
  return {doc.dump(1), p + " = " + v.dump()};
}

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("mutants of the shipped scenarios: validate exits 0 or 2 with one line, run exits 0, 2 or 3") {
  const auto dir = temp_dir("mutation");
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<json> base = sources(dir);
  Rng rng;
  bool failed = false;  // keep the mutants for inspection when a check fails
  const auto check = [&failed](bool ok) {
    failed = failed || !ok;
    return ok;
  };
  std::vector<std::pair<fs::path, std::string>> accepted;
  int rejected = 0;
  for (int i = 0; i < kValidateMutants; ++i) {
    const Mutant m = mutate(base[rng.below(base.size())], rng);
    const fs::path file = dir / fmt::format("m{:03}.json", i);
    std::ofstream(file, std::ios::binary) << m.text;
    const auto r = run_limited({"validate", file.string()}, dir);
    INFO("mutant " << file.string() << ": " << m.what);
    INFO("exit " << r.exit_code << ", stderr: " << r.err.substr(0, 500));
    CHECK(check(r.exit_code == 0 || r.exit_code == 2));
    if (m.must_reject) CHECK(check(r.exit_code == 2));
    if (r.exit_code == 2) {
      ++rejected;
      CHECK(check(lines(r.err) == 1));
      CHECK(check(r.err.rfind("error: ", 0) == 0));
    }
    if (r.exit_code == 0) accepted.emplace_back(file, m.what);
  }
  MESSAGE(fmt::format("{} mutants: {} rejected, {} accepted ({:.1f} s)", kValidateMutants, rejected, accepted.size(),
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()));
  CHECK(rejected > kValidateMutants / 4);  // the mutations do reach the checks

  // A sample of the accepted mutants, run for a few simulated seconds.
  for (int i = 0; i < kRunMutants && !accepted.empty(); ++i) {
    const auto& [file, what] = accepted[rng.below(accepted.size())];
    const fs::path out = dir / fmt::format("out{:02}", i);
    const auto r = run_limited({"run", file.string(), "--quiet", "--out", out.string(), "--set", "duration_s=2",
                                "--set", "warmup_s=0", "--set", "drain_s=2"},
                               dir, kRunTimeoutS);
    INFO("run of mutant " << file.string() << ": " << what);
    INFO("exit " << r.exit_code << ", stderr: " << r.err.substr(0, 500));
    CHECK(check(r.exit_code == 0 || r.exit_code == 2 || r.exit_code == 3));
    if (r.exit_code == 2) {
      CHECK(check(lines(r.err) == 1));
      CHECK(check(!fs::exists(out)));
    }
    fs::remove_all(out);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE(fmt::format("mutation test took {:.1f} s", secs));
  if (!failed) fs::remove_all(dir);
}
