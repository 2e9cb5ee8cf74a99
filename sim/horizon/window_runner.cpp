// A period's window as a child process, cached (see window_runner.hpp).
#include "sim/horizon/window_runner.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "analysis/sweep/process_pool.hpp"
#include "sim/horizon/window_scenario.hpp"

namespace opgsim::horizon {

namespace fs = std::filesystem;

namespace {
std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Written to a temporary name, then renamed: a concurrent run reading the cache sees all or nothing.
void write_atomically(const fs::path& p, const std::string& text) {
  const fs::path tmp = p.string() + fmt::format(".tmp{}", ::getpid());
  {
    std::ofstream out(tmp);
    out << text;
    if (!out) throw std::runtime_error(fmt::format("cannot write {}", tmp.string()));
  }
  fs::rename(tmp, p);
}
}  // namespace

WindowRunner::WindowRunner(fs::path cache_dir) : dir_(std::move(cache_dir)) { fs::create_directories(dir_); }

WindowPerf WindowRunner::perf(const nlohmann::json& window, bool& simulated) {
  const std::string key = cache_key(window);
  simulated = false;
  if (const auto it = memo_.find(key); it != memo_.end()) {
    ++reused_;
    return it->second;
  }
  const std::string text = window.dump(2) + "\n";
  const fs::path scen = dir_ / (key + ".scenario.json"), summ = dir_ / (key + ".summary.json");
  if (fs::exists(scen) && fs::exists(summ) && read_text(scen) == text) {
    ++reused_;
    return memo_[key] = from_summary(nlohmann::json::parse(read_text(summ)));
  }
  const fs::path run_scen = dir_ / fmt::format("{}.run{}.json", key, ::getpid());
  const fs::path out = dir_ / fmt::format("{}.run{}", key, ::getpid());
  const fs::path log = dir_ / fmt::format("{}.run{}.log", key, ::getpid());
  write_atomically(run_scen, text);
  const int code = analysis::run_child({{"run", run_scen.string(), "--out", out.string(), "--quiet"}, log.string()});
  if (code != 0)
    throw std::runtime_error(fmt::format("a request-level window failed ({}): see {} and {}", analysis::describe_exit(code),
                                         log.string(), run_scen.string()));
  const std::string summary = read_text(out / "summary.json");
  write_atomically(summ, summary);
  fs::rename(run_scen, scen);
  fs::remove_all(out);
  fs::remove(log);
  ++simulated_;
  simulated = true;
  return memo_[key] = from_summary(nlohmann::json::parse(summary));
}

}  // namespace opgsim::horizon
