// SimGrid's engine as a run starts it: opgsim's settings (network model, TCP window, the actors'
// stack size) followed by the user's `--cfg=key:value` options (SimGrid's own convention, passed
// through unchanged, so a user's value wins), and the check, before any actor exists, that every
// actor of the run fits the process's limits: memory mappings (vm.max_map_count), address space
// (ulimit -v) and physical memory. A run that does not fit stops with one line naming the limit
// and the largest node count that fits (exit 2), instead of a SimGrid abort half-way through
// start-up. The numbers behind the defaults are measured in results/bench.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <simgrid/s4u/Engine.hpp>

#include "sim/scenario/scenario.hpp"

namespace opgsim::engine {

// Stack of each actor (KiB) unless --cfg=contexts/stack-size says otherwise: the deepest stack an
// actor of any shipped scenario used, measured, times a safety factor (results/bench.md).
inline constexpr int kStackKiB = 64;

// Nodes of every role in `s` (from the resolved scenario, so no role is named here).
std::uint64_t node_count(const Scenario& s);

// The actors a run of `s` starts at most: one per node and client host, one relay per region,
// and the few singletons (router, economy, probe, fault injector, chain, region cuts).
std::uint64_t actor_count(const Scenario& s);

// The engine, configured. `cfgs` are "key:value" strings; a bad one is an InputError naming it.
std::unique_ptr<simgrid::s4u::Engine> make_engine(const Scenario& s, const std::vector<std::string>& cfgs);
// For commands that run scenarios in child processes (sweep, sensitivity, capacity): checks the
// `cfgs` they will pass on by configuring an engine in this process (which runs none) and
// dropping it, so a bad option is one InputError before any run starts.
void check_cfgs(const Scenario& s, const std::vector<std::string>& cfgs);

// Throws InputError (exit 2) when `actors` actors with the configured stacks exceed a limit of
// this process. Above what vm.max_map_count allows with guard pages, and unless --cfg set
// contexts/guard-size, it drops the guard pages instead (one mapping per stack fewer).
void fit_actors(const Scenario& s, std::uint64_t actors, const std::vector<std::string>& cfgs);

}  // namespace opgsim::engine
