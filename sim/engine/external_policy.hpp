// A user policy outside the process (issue 16 item 2, in the spirit of Batsim's external
// decision protocol): at each epoch end the economy writes one JSON line, its snapshot, to a pipe
// and blocks until the policy answers with one JSON line of decisions. Simulated time does not
// move while it waits, so a run with the same seed and the same (deterministic) policy is the same
// run. `opgsim run --policy-fd IN,OUT` attaches the pipe; the Python package's
// `opgsim.run(..., policy=fn)` is the usual other end (python/opgsim/policy.py). The protocol's
// fields are documented in python/README.md ("User policies"). No SimGrid here.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace opgsim::engine {

class PolicyPipe {
public:
  // Reads decisions from in_fd and writes snapshots to out_fd (both left open by the caller).
  PolicyPipe(int in_fd, int out_fd) : in_(in_fd), out_(out_fd) {}
  // Sends `snapshot` and returns the policy's reply, an object. A closed pipe, a reply that is not
  // one line of JSON, or not an object, is an InputError naming the policy and the time.
  nlohmann::json exchange(const nlohmann::json& snapshot, double now);
  // How many exchanges so far.
  unsigned long long exchanges() const { return exchanges_; }

private:
  std::string read_line(double now);
  int in_, out_;
  std::string buffer_;  // bytes read past the last line
  unsigned long long exchanges_ = 0;
};

// The process's policy pipe (one engine, one run per process): attached by `run --policy-fd`
// before the engine starts, read by the Economy when it is built; nullptr when none.
void attach_policy_pipe(int in_fd, int out_fd);
PolicyPipe* attached_policy_pipe();
// "IN,OUT" as two open file descriptors; InputError "--policy-fd: ..." otherwise.
void attach_policy_pipe(const std::string& fds);

}  // namespace opgsim::engine
