// Child processes of this binary (see process_pool.hpp).
#include "analysis/sweep/process_pool.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <map>
#include <stdexcept>

namespace opgsim::analysis {

std::string self_executable() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) throw std::runtime_error("cannot find the opgsim binary (/proc/self/exe)");
  return std::string(buf, static_cast<std::size_t>(n));
}

namespace {
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
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<int> run_children(const std::vector<ChildJob>& todo, unsigned jobs,
                              const std::function<void(std::size_t, int)>& on_done) {
  const std::string exe = self_executable();
  std::vector<int> codes(todo.size(), -1);
  std::map<pid_t, std::size_t> running;
  std::size_t next = 0;
  while (next < todo.size() || !running.empty()) {
    while (next < todo.size() && running.size() < std::max(1u, jobs)) {
      running[spawn(exe, todo[next])] = next;
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
    codes[index] = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (on_done) on_done(index, codes[index]);
  }
  return codes;
}

}  // namespace opgsim::analysis
