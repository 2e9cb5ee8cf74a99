// Fault injection as data: one time-ordered list of fault events built from a timestamped list
// in the scenario and from random failure/repair processes, validated once before the run.
// Pure: no SimGrid. The engine replays the list; this header fixes what each event means.
//
// What each event means for the engine (the full per-role table of what happens to work in
// flight is in scenarios/README.md, "Faults"; peers-notes.md "failure semantics", WRENCH #65):
//   crash / recover              the node stops and comes back empty. Inference: its requests
//                                end `failed`. Verifier: its checks go back to assignment.
//                                Data: its fetches move to another data node (`failed` if none
//                                is up). Storage: its transfers restart on another storage node.
//                                Validator: it stops voting; with a third or more down the
//                                chain halts. An inference node with a cold model cache reloads
//                                it from storage on recovery (models/storage/blob_store.hpp).
//   region_cut / region_restore  the region's nodes leave routing and assignment and its
//                                validators stop counting; messages across the cut wait and
//                                leave when it heals (nothing is lost; clients see their
//                                timeouts); work inside the region continues.
//   slow_start / slow_end        work the node starts while slow takes `factor` (>= 1) times
//                                longer; a slow validator's proposals time out.
//   malicious_start / _end       inference only: each result it returns is invalid with
//                                probability `factor` (0, 1]; verification rejects it (`invalid`)
//                                with its mode's detection probability.
//   payment_chain_down / _up     the x402 payment chain (economy.payments.type x402; target:
//                                the payment chain, no role or index): the facilitator cannot
//                                reach it, so the gateway refuses new requests (the handshake
//                                fails) and computed charges wait for the first block after it.
// Clients and the router are not in the engine's roster, so no event can target them.
//
// Random processes are alternating renewal processes per target: up for a time-to-failure draw,
// then down (or slow, malicious, cut) for a time-to-repair draw, repeated up to the horizon. Two
// distributions: exponential (memoryless MTTF/MTTR, the classic reliability model, CloudSim
// Plus) and Weibull with shape k, parameterised by its mean (k < 1 gives the heavy-tailed session
// lengths measured in P2P churn studies, Stutzbach & Rejaie IMC 2006; k = 1 is exponential).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/common/rng.hpp"

namespace opgsim::faults {

enum class Role { Inference, Verifier, Data, Storage, Validator, Prover, Client, Router, PaymentChain };
enum class FaultKind {
  Crash, Recover, RegionCut, RegionRestore, SlowStart, SlowEnd, MaliciousStart, MaliciousEnd,
  PaymentChainDown, PaymentChainUp
};
// The kinds that target the payment chain (Target::payment_chain()), not a node or a region.
inline bool is_payment_chain_kind(FaultKind k) { return k == FaultKind::PaymentChainDown || k == FaultKind::PaymentChainUp; }

// Scenario spellings: "inference", ..., and "crash", "recover", "region_cut", ...
std::string_view to_string(Role r);
std::string_view to_string(FaultKind k);
// Throw opgsim::InputError "<where>: unknown role 'x' (expected one of ...)".
Role parse_role(std::string_view s, std::string_view where);
FaultKind parse_kind(std::string_view s, std::string_view where);

// A node (role + index within its role) or a whole region.
struct Target {
  Role role = Role::Inference;
  std::uint32_t index = 0;
  std::string region;  // non-empty: the target is this region (role/index unused)
  bool is_region() const { return !region.empty(); }
  static Target payment_chain() { return Target{Role::PaymentChain, 0, {}}; }
  std::string name() const;  // "inference[3]" or "region 'eu'"
  friend bool operator==(const Target&, const Target&) = default;
};

struct FaultEvent {
  double time_s = 0;
  FaultKind kind = FaultKind::Crash;
  Target target;
  double factor = 1.0;  // slow_start: slowdown (>= 1); malicious_start: invalid fraction (0, 1]
  std::string source;   // where it came from, for error messages: "faults.events[2]"
};

struct Duration {
  enum class Type { Exponential, Weibull };
  Type type = Type::Exponential;
  double mean_s = 3600;
  double shape = 1.0;  // Weibull k; scale = mean / Γ(1 + 1/k)
  double sample(Rng& rng) const;  // one uniform draw either way
};

// Which nodes a process applies to: every node matching both filters (unset = any).
struct Selector {
  std::optional<Role> role;
  std::optional<std::string> region;
};

struct FaultProcess {
  enum class Kind { Crash, Slow, Malicious, RegionCut };
  Kind kind = Kind::Crash;
  Selector select;           // RegionCut: only `region` is used (unset = every region)
  Duration time_to_failure;  // MTTF
  Duration time_to_repair;   // MTTR
  double factor = 1.0;       // as FaultEvent::factor for Slow / Malicious
  double start_s = 0;        // first time-to-failure counts from here (e.g. after warm-up)
};

// The nodes of the run, so targets can be checked and selectors expanded.
struct NodeRef {
  Role role = Role::Inference;
  std::uint32_t index = 0;
  std::string region;
};

// Builds the merged schedule: listed events plus the processes' events up to horizon_s, sorted
// by time; equal times keep the order listed events first (in list order), then processes (in
// order, targets in roster order, events in generation order). Target (process p, node or region
// t) draws from Rng::stream(seed, "faults/<p>/<role or region:name>", index), so adding a node
// or appending a process does not change any other target's faults. A fault still active at the
// horizon simply has no end event. Throws opgsim::InputError (one line naming the event's
// source) on: unknown target, negative/non-finite time, bad factor, malicious on a non-inference
// node, and per-target sequence errors after merging (recover of a node that is not down, crash
// of a node already down, overlapping cuts of a region, end without start, ...).
std::vector<FaultEvent> build_schedule(std::vector<FaultEvent> listed, const std::vector<FaultProcess>& processes,
                                       const std::vector<NodeRef>& roster, double horizon_s, std::uint64_t seed);

// The sequence checks alone, on an already time-ordered list (also usable by the engine).
void validate_sequence(const std::vector<FaultEvent>& ordered);

}  // namespace opgsim::faults
