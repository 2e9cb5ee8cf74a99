// Arrival processes (scenario `workload.arrivals`): open-loop request streams for one client.
//
// poisson, ramp and phases are all non-homogeneous Poisson processes over a piecewise-linear
// rate (poisson = one constant piece, ramp = one linear piece), generated exactly by inverting
// the cumulative rate. trace replays recorded arrivals. A scenario with K clients gives each
// client rate/K (exact superposition for Poisson) or every K-th trace row.
// Pure: no SimGrid.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/common/rng.hpp"
#include "models/workload/token_distribution.hpp"

namespace opgsim::workload {

// A piece of the rate function: the rate moves linearly from from_rps to to_rps over duration_s.
struct RatePiece {
  double duration_s = 0;
  double from_rps = 0;
  double to_rps = 0;
};

struct TraceRow {
  double time_s = 0;             // seconds from the start of the run
  std::uint32_t class_index = 0; // index into the scenario's workload.classes
  std::uint32_t prompt_tokens = 0;
  std::uint32_t output_tokens = 0;
};

// A trace file loaded in memory, shared by all clients (read-only).
struct Trace {
  std::string file;
  std::vector<TraceRow> rows;    // sorted by time_s
};

enum class TraceFormat { Opgsim, Azure };

// Reads a trace file. Formats (documented in scenarios/README.md):
//  - Opgsim: header `time_s,class,prompt_tokens,output_tokens`; class names must be in
//    class_names (an empty class field means the first class).
//  - Azure: header `TIMESTAMP,ContextTokens,GeneratedTokens` (Azure LLM inference trace 2023),
//    timestamps `YYYY-MM-DD HH:MM:SS.fffffff`; times are taken relative to the first row; class 0.
// time_scale multiplies every time (0.5 replays twice as fast). Bad input throws
// opgsim::InputError "<file>:<line>: <what>" (missing file, bad header, bad number, time going
// backwards, zero tokens, a file with no rows). Token counts must be positive in both formats:
// the Azure 2023 conversation trace has no zero-token rows (min ContextTokens 2, min
// GeneratedTokens 7), so a zero there means a different or damaged file. A UTF-8 BOM, CRLF line
// endings, a missing or extra final newline and empty lines are accepted. Opgsim times are
// absolute (seconds, >= 0); equal consecutive times are allowed.
Trace load_trace(const std::string& file, TraceFormat format, double time_scale,
                 const std::vector<std::string>& class_names);

struct Arrival {
  double time_s = 0;
  std::uint32_t class_index = 0;
  std::uint32_t prompt_tokens = 0;
  std::uint32_t output_tokens = 0;
};

// What an open-loop process needs to fill in request sizes and classes.
struct RequestMix {
  TokenDistribution prompt_tokens;
  TokenDistribution output_tokens;
  std::vector<double> class_weights;  // relative weights, one per class (at least one)
};

class ArrivalProcess {
public:
  virtual ~ArrivalProcess() = default;
  // The next arrival in time order; false once the process has no more arrivals before end_s.
  virtual bool next(Arrival& out) = 0;
};

// Poisson over a piecewise-linear rate, starting at t = 0; arrivals stop at the end of the last
// piece or at end_s, whichever is first. rate_share scales every rate (1/K for K clients).
// Each arrival draws, in this order: one Exp(1) (inversion of the cumulative rate), one uniform
// for the class (always, even with one class), then the prompt and the output token counts.
// Pieces of rate 0 are gaps; a piece may last forever (duration_s = infinity) only if constant.
// Negative or non-finite rates, negative durations and class weights that are negative or sum to
// zero throw std::invalid_argument (the scenario validator should have caught them). Empty
// class_weights means one class.
std::unique_ptr<ArrivalProcess> make_rate_process(std::vector<RatePiece> pieces, double rate_share,
                                                  double end_s, RequestMix mix, Rng rng);

// Replays rows client_index, client_index + client_count, ... of the trace with time_s < end_s.
// The process keeps a reference to trace.rows: the trace must outlive it. Requires
// client_index < client_count (else std::invalid_argument).
std::unique_ptr<ArrivalProcess> make_trace_process(const Trace& trace, std::uint32_t client_index,
                                                   std::uint32_t client_count, double end_s);

}  // namespace opgsim::workload
