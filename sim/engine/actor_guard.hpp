// Actors whose uncaught exception ends the run with one line instead of SimGrid's abort (a
// backtrace of every actor, exit by signal). Every actor the engine starts goes through
// `guarded`, so an exception anywhere in the simulation (std::bad_alloc from a scenario too large
// for the machine, a model's std::logic_error) is reported the same way: one line on stderr
// naming the actor, the run's staging folder removed, exit code 1.
#pragma once

#include <exception>
#include <new>
#include <string>
#include <utility>

#include <simgrid/Exception.hpp>

namespace opgsim::engine {

// Prints "error: <actor> at t=<now> s: <what>" (out of memory said so) and exits with code 1
// after removing the staging folder registered with remove_on_interrupt (interrupt.hpp).
[[noreturn]] void die_in_actor(const std::string& actor, std::exception_ptr error);

// True when the environment variable OPGSIM_TEST_FAIL_ACTOR names this actor: its body then
// throws std::bad_alloc at once. The engine tests use it to check the path above end to end,
// since no valid scenario reaches it on purpose (the schema's limits keep runs within memory).
bool fail_on_purpose(const std::string& actor);

// `body` wrapped so that its exceptions end the process as above. SimGrid's own kill exception
// passes through: it is how SimGrid ends daemon actors at the end of the run.
template <class Body>
auto guarded(std::string actor, Body body) {
  return [actor = std::move(actor), body = std::move(body)]() mutable {
    try {
      if (fail_on_purpose(actor)) throw std::bad_alloc();
      body();
    } catch (const simgrid::ForcefulKillException&) {
      throw;
    } catch (...) {
      die_in_actor(actor, std::current_exception());
    }
  };
}

}  // namespace opgsim::engine
