// Running gnuplot (see gnuplot.hpp).
#include "analysis/report/gnuplot.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

extern char** environ;  // NOLINT: POSIX, handed to gnuplot

namespace opgsim::analysis::report {

namespace fs = std::filesystem;

namespace {
std::string first_error_line(const std::string& err) {
  static const std::regex located(R"(line [0-9]+:)");
  std::istringstream in(err);
  std::string line, first;
  while (std::getline(in, line)) {
    const auto b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) continue;
    line = line.substr(b);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (std::regex_search(line, located)) return line;
    if (first.empty()) first = line;
  }
  return first;
}
}  // namespace

Var str_var(const std::string& name, const std::string& s) { return {name, gp_string(s)}; }
Var int_var(const std::string& name, long v) { return {name, std::to_string(v)}; }

std::string find_on_path(const std::string& program) {
  const char* env = std::getenv("PATH");
  const std::string path = env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t colon = path.find(':', start);
    if (colon == std::string::npos) colon = path.size();
    const std::string dir = colon > start ? path.substr(start, colon - start) : ".";
    const fs::path candidate = fs::path(dir) / program;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = colon + 1;
  }
  return "";
}

fs::path scripts_dir() {
#ifdef OPGSIM_SOURCE_DIR
  return fs::path(OPGSIM_SOURCE_DIR) / "analysis" / "plots";
#else
  return fs::path("analysis") / "plots";
#endif
}

// A gnuplot string literal: single quotes, a quote inside doubled.
std::string gp_string(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("''") : std::string(1, c);
  return q + "'";
}


// A list of words for gnuplot's word(): each one double-quoted, so it may contain spaces.
std::string gp_words(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) {
    std::string clean;
    for (char c : w)
      if (c != '"' && c != '\'') clean += c;
    s += (s.empty() ? "\"" : " \"") + clean + "\"";
  }
  return s;
}


// Runs `gnuplot -e "<vars>; out='<out>'" <script>`; throws GnuplotFailure on a failure.
void run_gnuplot(const std::string& gnuplot, const std::string& script, const std::vector<Var>& vars,
                 const fs::path& out, const fs::path& scratch) {
  const fs::path script_path = scripts_dir() / script;
  if (!fs::is_regular_file(script_path))
    throw std::runtime_error(fmt::format("{}: gnuplot script not found (opgsim reads analysis/plots/ from the source "
                                         "tree it was built from)", script_path.string()));
  std::string e;
  for (const Var& v : vars) e += v.name + "=" + v.value + "; ";
  e += "out=" + gp_string(out.string());
  const std::string script_arg = script_path.string();
  std::vector<char*> argv{const_cast<char*>(gnuplot.c_str()), const_cast<char*>("-e"), e.data(),
                          const_cast<char*>(script_arg.c_str()), nullptr};
  const fs::path err_file = scratch / ".gnuplot-stderr";

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, gnuplot.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error(fmt::format("cannot start {}: {}", gnuplot, std::strerror(rc)));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(fmt::format("waiting for gnuplot: {}", std::strerror(errno)));
  }
  std::string err;
  {
    std::ifstream in(err_file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    err = ss.str();
  }
  std::error_code ec;
  fs::remove(err_file, ec);
  const bool exited_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!exited_ok || !fs::is_regular_file(out) || fs::file_size(out) == 0) {
    std::string why = first_error_line(err);
    if (why.empty()) {
      why = WIFSIGNALED(status) ? fmt::format("killed by signal {}", WTERMSIG(status))
            : !exited_ok        ? fmt::format("exit code {}", WEXITSTATUS(status))
                                : fmt::format("{} not written", out.filename().string());
    }
    throw GnuplotFailure(fmt::format("gnuplot failed on analysis/plots/{}: {}", script, why));
  }
}

}  // namespace opgsim::analysis::report
