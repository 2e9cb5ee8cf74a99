// Child processes of this binary (see process_pool.hpp).
#include "analysis/sweep/process_pool.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace opgsim::analysis {

std::string self_executable() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) throw std::runtime_error("cannot find the opgsim binary (/proc/self/exe)");
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string describe_exit(int code) {
  if (code >= 0) return fmt::format("exit {}", code);
  const char* abbrev = ::sigabbrev_np(-code);
  return abbrev != nullptr ? fmt::format("killed by signal {} (SIG{})", -code, abbrev)
                           : fmt::format("killed by signal {}", -code);
}

namespace {
int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1;
}

// The children run_children has running, for its signal handler (only async-signal-safe reads).
constexpr std::size_t kMaxRunning = 256;  // the --jobs limit
volatile sig_atomic_t g_running[kMaxRunning] = {};

extern "C" void stop_children(int sig) {
  for (std::size_t i = 0; i < kMaxRunning; ++i)
    if (g_running[i] > 0) ::kill(static_cast<pid_t>(g_running[i]), SIGTERM);
  const char text[] = "\ninterrupted: the running simulations were stopped; finished runs are kept\n";
  const ssize_t n = ::write(STDERR_FILENO, text, sizeof text - 1);
  (void)n;
  ::_exit(128 + sig);
}

// Puts pid in a free slot (0 removes it from its slot).
void track(pid_t pid, pid_t old = 0) {
  for (std::size_t i = 0; i < kMaxRunning; ++i)
    if (g_running[i] == old) {
      g_running[i] = pid;
      return;
    }
}

// Installs stop_children for SIGINT and SIGTERM for its lifetime.
struct StopChildrenOnSignal {
  struct sigaction old_int = {}, old_term = {};
  StopChildrenOnSignal() {
    struct sigaction sa = {};
    sa.sa_handler = stop_children;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, &old_int);
    ::sigaction(SIGTERM, &sa, &old_term);
  }
  ~StopChildrenOnSignal() {
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGTERM, &old_term, nullptr);
  }
};

pid_t spawn(const std::string& exe, const ChildJob& job) {
  std::vector<std::string> argv_s{exe};
  argv_s.insert(argv_s.end(), job.args.begin(), job.args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    const int fd = ::open(job.log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      ::close(fd);
    }
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}
}  // namespace

int run_child(const ChildJob& job) {
  const pid_t pid = spawn(self_executable(), job);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid failed: ") + std::strerror(errno));
  return exit_code(status);
}

std::vector<int> run_children(const std::vector<ChildJob>& todo, unsigned jobs,
                              const std::function<void(std::size_t, int)>& on_done) {
  const std::string exe = self_executable();
  const StopChildrenOnSignal stop_on_signal;
  std::vector<int> codes(todo.size(), -1);
  std::map<pid_t, std::size_t> running;
  std::size_t next = 0;
  while (next < todo.size() || !running.empty()) {
    while (next < todo.size() && running.size() < std::max(1u, jobs)) {
      const pid_t pid = spawn(exe, todo[next]);
      track(pid);
      running[pid] = next;
      ++next;
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("waitpid failed: ") + std::strerror(errno));
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const std::size_t index = it->second;
    running.erase(it);
    track(0, pid);
    codes[index] = exit_code(status);
    if (on_done) on_done(index, codes[index]);
  }
  return codes;
}

}  // namespace opgsim::analysis
