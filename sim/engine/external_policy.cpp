// The pipe to a user policy (see external_policy.hpp).
#include "sim/engine/external_policy.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::engine {

namespace {
std::unique_ptr<PolicyPipe> g_pipe;

int parse_fd(const std::string& text, const std::string& all) {
  std::size_t used = 0;
  int fd = -1;
  try {
    fd = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || fd < 0)
    throw InputError(fmt::format("--policy-fd: expected IN,OUT (two file descriptors), got '{}'", all));
  if (::fcntl(fd, F_GETFD) == -1) throw InputError(fmt::format("--policy-fd: file descriptor {} is not open", fd));
  return fd;
}
}  // namespace

void attach_policy_pipe(int in_fd, int out_fd) { g_pipe = std::make_unique<PolicyPipe>(in_fd, out_fd); }
PolicyPipe* attached_policy_pipe() { return g_pipe.get(); }

void attach_policy_pipe(const std::string& fds) {
  const std::size_t comma = fds.find(',');
  if (comma == std::string::npos)
    throw InputError(fmt::format("--policy-fd: expected IN,OUT (two file descriptors), got '{}'", fds));
  const int in = parse_fd(fds.substr(0, comma), fds);  // IN first: the error names the first bad one
  const int out = parse_fd(fds.substr(comma + 1), fds);
  attach_policy_pipe(in, out);
}

std::string PolicyPipe::read_line(double now) {
  for (;;) {
    if (const std::size_t nl = buffer_.find('\n'); nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    char chunk[4096];
    const ssize_t n = ::read(in_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw InputError(fmt::format("policy: the pipe closed at t={:.6g} s before the policy answered its snapshot", now));
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

nlohmann::json PolicyPipe::exchange(const nlohmann::json& snapshot, double now) {
  const std::string line = snapshot.dump() + "\n";
  for (std::size_t done = 0; done < line.size();) {
    const ssize_t n = ::write(out_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw InputError(fmt::format("policy: cannot write the snapshot at t={:.6g} s: {}", now, std::strerror(errno)));
    done += static_cast<std::size_t>(n);
  }
  const std::string reply = read_line(now);
  ++exchanges_;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(reply);
  } catch (const nlohmann::json::parse_error&) {
    throw InputError(fmt::format("policy: the reply at t={:.6g} s is not JSON: '{}'", now, reply.substr(0, 80)));
  }
  if (!j.is_object())
    throw InputError(fmt::format("policy: the reply at t={:.6g} s must be an object {{\"decisions\": [...]}}", now));
  return j;
}

}  // namespace opgsim::engine
