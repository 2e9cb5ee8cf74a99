// Published or profiled serving measurements that calibration fits and validation compares
// against: one CSV file per setup (GPU, model, precision, tensor parallelism), one row per
// closed-loop benchmark point. The format is documented in results/gpu-validation/README.md.
// Pure: no SimGrid.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace opgsim::gpu {

struct Measurement {
  std::uint32_t concurrency = 1;     // closed-loop users (vllm bench serve --max-concurrency)
  std::uint32_t prompt_tokens = 0;
  std::uint32_t output_tokens = 0;
  std::optional<double> ttft_s;      // measured time to first token (p50), if reported
  std::optional<double> tpot_s;      // measured time per output token (p50), if reported
  std::string engine;                // serving engine and version, e.g. "vLLM 0.21.0"
  std::string source;                // where the number was published (URL)
  std::uint32_t line = 0;            // line in the file, for messages
};

// Header `concurrency,prompt_tokens,output_tokens,ttft_s,tpot_s,engine,source`; lines starting
// with # and blank lines are skipped; a field may be double-quoted (to hold a comma). Every
// problem throws InputError "<file>:<line>: <what>"; a row with neither ttft_s nor tpot_s, or a
// file without rows, is an error too.
std::vector<Measurement> load_measurements(const std::string& path);
// Same, from text in memory (file is only used in messages).
std::vector<Measurement> parse_measurements(const std::string& text, const std::string& file);

}  // namespace opgsim::gpu
