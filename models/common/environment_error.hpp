// The exception type for what the machine refused (a full disk, a file too large for a limit, a
// folder that cannot be renamed): not bad input, not a bug. Its message is the single line the
// user sees, "<path>: <what failed> (<the system's reason>)"; the CLI prints it after "error: "
// and exits with code 1.
#pragma once

#include <stdexcept>
#include <string>

namespace opgsim {

class EnvironmentError : public std::runtime_error {
public:
  explicit EnvironmentError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace opgsim
