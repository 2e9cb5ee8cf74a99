// The run's interrupt handler (see interrupt.hpp) and the end of a run whose actor threw
// (actor_guard.hpp). Only async-signal-safe calls in the handler: write, rmdir and _exit; the
// folder's path is copied into a static buffer beforehand.
#include "sim/engine/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <new>

#include <fmt/format.h>
#include <simgrid/s4u/Engine.hpp>

#include "models/common/input_error.hpp"
#include "sim/engine/actor_guard.hpp"

namespace opgsim::engine {

namespace {

char g_dir[4096] = {};

void say(const char* text) {
  const ssize_t n = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)n;  // nothing to do if stderr is gone
}

extern "C" void on_signal(int sig) {
  say(sig == SIGINT ? "\ninterrupted (Ctrl-C): the run stopped; nothing was written\n"
                    : "\nterminated (SIGTERM): the run stopped; nothing was written\n");
  if (g_dir[0] != '\0') ::rmdir(g_dir);
  ::_exit(128 + sig);
}

}  // namespace

void remove_on_interrupt(const std::filesystem::path& empty_dir) {
  const std::string s = empty_dir.string();
  if (s.size() >= sizeof g_dir) return;  // too long to keep: the folder stays (named .NAME.tmp-PID)
  std::memcpy(g_dir, s.c_str(), s.size() + 1);
}

void install_interrupt_handler() {
  struct sigaction sa = {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

bool fail_on_purpose(const std::string& actor) {
  static const char* const target = std::getenv("OPGSIM_TEST_FAIL_ACTOR");
  return target != nullptr && actor == target;
}

void die_in_actor(const std::string& actor, std::exception_ptr error) {
  std::string what;
  try {
    std::rethrow_exception(error);
  } catch (const InputError& e) {
    // Bad input found while running (a user policy's reply): one line, exit 2, as for a scenario.
    std::cerr << fmt::format("error: {}\n", escape_control_chars(e.what()));
    std::cerr.flush();
    if (g_dir[0] != '\0') ::rmdir(g_dir);
    ::_exit(2);
  } catch (const std::bad_alloc&) {
    what = "out of memory (std::bad_alloc); the scenario needs more memory than this machine gives it";
  } catch (const std::exception& e) {
    what = escape_control_chars(e.what());
  } catch (...) {
    what = "unknown exception";
  }
  std::cerr << fmt::format("error: {} at t={:.6g} s: {}\n", actor, simgrid::s4u::Engine::get_clock(), what);
  std::cerr.flush();
  if (g_dir[0] != '\0') ::rmdir(g_dir);
  ::_exit(1);
}

}  // namespace opgsim::engine
