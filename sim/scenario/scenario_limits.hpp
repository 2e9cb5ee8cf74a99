// The size limits of a scenario, in one place: the schema's field declarations (ranges and list
// sizes, shown in scenarios/README.md) and the cross-field rules (totals and products, in
// scenario_rules.cpp) take their numbers from here.
//
// Why limits at all: a scenario that validates must also run, on one machine, to its end. The
// machine these are sized for has 24 GiB of memory and Linux's default of 65,530 memory
// mappings per process. Every node and client host is a SimGrid actor with its own stack: how
// many fit depends on the stack size (--cfg), the mappings, the address space and the memory
// of the machine that runs it, so `run` checks that before starting any actor
// (sim/engine/engine_setup.hpp) and the counts here are only an outer bound.
// Periods and times stay far above SimGrid's time accuracy (about 1e-9 s), below which a timer
// never moves the clock and the run loops forever; payloads and token amounts stay within the
// integers they are converted to (uint64 bytes, int64 base units).
#pragma once

namespace opgsim::limits {

// Nodes of one role (inference, verifier, data, storage, validator); index of a fault event.
inline constexpr double kMaxNodesPerRole = 1000000;
// Nodes of every role plus client hosts: each is a SimGrid actor (the run checks what fits).
inline constexpr double kMaxActors = 1000000;
// Elements of a list that becomes hosts, classes or phases (regions, client regions, ...).
inline constexpr double kMaxListItems = 1000;
// Per-node slots allocated up front: batch slots, concurrency, verifier cores, provers.
inline constexpr double kMaxSlots = 4096;
// Waiting requests per queue.
inline constexpr double kMaxQueue = 10000000;
// Settlement batch (allocated up front per batch).
inline constexpr double kMaxSettlementBatch = 100000;
// Tokens per request (prompt or output) and per iteration.
inline constexpr double kMaxTokens = 10000000;
// Payload bytes per token, and bytes of any one size (payload overhead, model weights, TCP
// window): 1e7 tokens x 1e6 B + 1e15 B stays far below 2^64 bytes.
inline constexpr double kMaxBytesPerToken = 1000000;
inline constexpr double kMaxBytes = 1e15;
// Link bandwidths: above 10 TB/s a transfer of a few bytes falls below the time accuracy.
inline constexpr double kMinBandwidthBps = 1;
inline constexpr double kMaxBandwidthBps = 1e13;
// Arrival rate of any open-loop process; users x requests_per_user_per_s as well.
inline constexpr double kMaxRateRps = 1000000;
// Economy users (per cohort or wave): counts only, no per-user state.
inline constexpr double kMaxUsers = 1000000000;
// Closed-loop users: each has its own state and may all have a request in flight.
inline constexpr double kMaxClosedUsers = 100000;
// Requests an open-loop arrival process is expected to submit over duration_s: each takes about
// 250 B while in flight, and with an overloaded network all of them may be at once (12.5 GB).
inline constexpr double kMaxArrivals = 50000000;
// Periodic timers (window_s, epoch_s, block_time_s, step_s, ...), fault mttf/mttr, durations.
inline constexpr double kMinPeriodS = 1e-3;
// Service times: the smallest mean service time.
inline constexpr double kMinServiceS = 1e-6;
// Any one delay (latency, timeout of a component, service mean): about 11.6 days.
inline constexpr double kMaxDelayS = 1e6;
// duration_s, drain_s, times of events: about 31.7 years.
inline constexpr double kMaxDurationS = 1e9;
// Ticks of one periodic timer over duration_s + drain_s (timeseries.csv rows, economy epochs,
// blocks, feed steps), each materialised or stepped through.
inline constexpr double kMaxTicks = 1000000;
// Fault events listed plus the ones random fault processes are expected to draw (materialised
// for the whole run before it starts).
inline constexpr double kMaxFaultEvents = 1000000;
// Gas and wei amounts: their products (gas x batch, fee x gas) stay within uint64.
inline constexpr double kMaxGas = 1e12;
inline constexpr double kMaxFeeWei = 1e15;
// OPG amounts: the ledger holds int64 base units (1 OPG = 1e9 units), 9.22e9 OPG at most.
inline constexpr double kMaxOpg = 9e9;

}  // namespace opgsim::limits
