// The engine's configuration and the actors-fit check (see engine_setup.hpp).
#include "sim/engine/engine_setup.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <string>

#include <fmt/format.h>
#include <xbt/config.hpp>

#include "models/common/input_error.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim::engine {

namespace {

// What one more node costs besides the reserved stack (host, links, route, actor, node state and
// the stack pages it touches), resident and reserved: measured 11 KB per node with guard pages
// and 14 KB without (jemalloc leaves an unguarded stack's untouched pages unbacked), from 1,000
// to 10,000 nodes of the simple benchmark (results/bench.md); counted here with a margin.
constexpr std::uint64_t kHeapPerActor = 24 * 1024;
// Kept free for what the run allocates besides the actors (requests, histograms, SimGrid's
// activities): address space and memory, and mappings (jemalloc, libraries loaded later).
constexpr std::uint64_t kReserveBytes = std::uint64_t{512} << 20;
constexpr std::uint64_t kReserveMaps = 2000;
// A guarded stack is one allocation split by mprotect into the guard and the stack: the two
// mappings SimGrid's "Failed to protect stack" runs out of.
constexpr std::uint64_t kMapsPerGuardedStack = 2;

// A number from a /proc file (first integer after `key`, or the first one when key is empty).
std::uint64_t proc_number(const char* file, const std::string& key, std::uint64_t fallback) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (!key.empty() && line.rfind(key, 0) != 0) continue;
    const auto digit = line.find_first_of("0123456789");
    if (digit == std::string::npos) return fallback;
    return std::stoull(line.substr(digit));
  }
  return fallback;
}

std::uint64_t mappings_in_use() {
  std::ifstream in("/proc/self/maps");
  std::uint64_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

bool cfg_names(const std::vector<std::string>& cfgs, const std::string& key) {
  return std::any_of(cfgs.begin(), cfgs.end(), [&](const std::string& c) { return c.rfind(key + ":", 0) == 0; });
}


}  // namespace

std::uint64_t node_count(const Scenario& s) {
  std::uint64_t nodes = 0;
  for (const NodeRole& role : node_roles()) nodes += s.resolved["roles"][std::string(role.name)]["count"].get<std::uint64_t>();
  return nodes;
}

std::uint64_t actor_count(const Scenario& s) {
  const nlohmann::json& clients = s.resolved["roles"]["client"];
  const std::size_t client_hosts = clients.contains("regions") ? clients["regions"].size() : 1;
  return node_count(s) + client_hosts + s.platform.regions.size() + 8;
}

std::unique_ptr<simgrid::s4u::Engine> make_engine(const Scenario& s, const std::vector<std::string>& cfgs) {
  // Pure max-min sharing (CM02) keeps the scenario's latencies and bandwidths as written:
  // SimGrid's default LV08 multiplies latency by 13.01 and bandwidth by 0.97.
  static std::vector<std::string> args;  // SimGrid keeps pointers into argv
  args = {"opgsim", "--log=xbt_cfg.thres:warning", "--cfg=network/model:CM02",
          "--cfg=network/TCP-gamma:" + std::to_string(s.platform.tcp_window_bytes),
          fmt::format("--cfg=contexts/stack-size:{}", kStackKiB)};
#ifdef OPGSIM_SANITIZE_BUILD
  // ASan cannot follow SimGrid's raw context switches (it sees a foreign stack and reports
  // false stack-buffer overflows); thread contexts are real threads it understands.
  args.push_back("--cfg=contexts/factory:thread");
  args.push_back("--log=ker_context.thres:warning");  // not its note that thread stacks ignore stack-size
#endif
  for (const std::string& c : cfgs) args.push_back("--cfg=" + c);
  static std::vector<char*> argv;
  argv.clear();
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  try {
    return std::make_unique<simgrid::s4u::Engine>(&argc, argv.data());
  } catch (const std::exception& e) {
    std::string what = e.what();
    what = what.substr(0, what.find('\n'));  // SimGrid appends the list of every key
    std::string given;  // SimGrid's message does not always say which option it refused
    for (const std::string& c : cfgs) given += (given.empty() ? "" : ", ") + c;
    throw InputError(fmt::format("--cfg {}: {} (SimGrid's options: simgrid.org, Configuring SimGrid)", given, what));
  }
}

void check_cfgs(const Scenario& s, const std::vector<std::string>& cfgs) {
  if (!cfgs.empty()) make_engine(s, cfgs);
}

void fit_actors(const Scenario& s, std::uint64_t actors, const std::vector<std::string>& cfgs) {
  namespace cfg = simgrid::config;
  const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  const std::uint64_t stack = static_cast<std::uint64_t>(cfg::get_value<int>("contexts/stack-size")) * 1024;
  std::uint64_t guard = static_cast<std::uint64_t>(std::max(0, cfg::get_value<int>("contexts/guard-size"))) * page;
  const std::uint64_t nodes = node_count(s);
  const std::uint64_t others = actors - nodes;
  const auto fail = [&](std::uint64_t fit_actors, const std::string& limit, const std::string& advice) {
    const std::uint64_t fit_nodes = fit_actors > others ? fit_actors - others : 0;
    throw InputError(fmt::format("{}: roles: {} nodes need {} SimGrid actors with a {} KiB stack each, more than {} "
                                 "allows: at most {} nodes fit{}",
                                 s.file, std::to_string(nodes), std::to_string(actors), stack / 1024, limit,
                                 std::to_string(fit_nodes), advice));
  };

  // Memory mappings: each guarded stack takes two.
  const std::uint64_t max_maps = proc_number("/proc/sys/vm/max_map_count", "", 0);
  if (guard > 0 && max_maps > 0) {
    const std::uint64_t used = mappings_in_use() + kReserveMaps;
    const std::uint64_t fit = max_maps > used ? (max_maps - used) / kMapsPerGuardedStack : 0;
    if (actors > fit) {
      if (cfg_names(cfgs, "contexts/guard-size"))
        fail(fit, fmt::format("vm.max_map_count ({}, two mappings per guarded stack)", std::to_string(max_maps)),
             " (--cfg=contexts/guard-size:0 needs no mapping per stack)");
      cfg::set_value<int>("contexts/guard-size", 0);  // unguarded stacks come from the heap
      guard = 0;
    }
  }

  const std::uint64_t per_actor = stack + guard + kHeapPerActor;
  // Address space (ulimit -v): every stack is reserved whole.
  rlimit as{};
  if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) {
    const std::uint64_t used = proc_number("/proc/self/status", "VmSize:", 0) * 1024 + kReserveBytes;
    const std::uint64_t limit = as.rlim_cur;
    const std::uint64_t fit = limit > used ? (limit - used) / per_actor : 0;
    if (actors > fit)
      fail(fit, fmt::format("the address space limit (ulimit -v {} KiB)", limit / 1024),
           "; a smaller --cfg=contexts/stack-size (KiB) fits more");
  }
  // Physical memory: what an actor touches.
  const std::uint64_t available = proc_number("/proc/meminfo", "MemAvailable:", 0) * 1024;
  if (available > 0) {
    const std::uint64_t fit = available > kReserveBytes ? (available - kReserveBytes) / kHeapPerActor : 0;
    if (actors > fit)
      fail(fit, fmt::format("the memory available ({} MiB)", available >> 20), "");
  }
}

}  // namespace opgsim::engine
