// The report's colour table (see palette.hpp).
#include "analysis/report/palette.hpp"

#include <array>
#include <cstdint>
#include <utility>

#include "analysis/report/gnuplot.hpp"

namespace opgsim::analysis::report {

namespace {
// One declaration per stage and metric. Related quantities share a hue family (latency blues,
// losses reds, economy greens/purples) and nothing drawn together in one panel shares a colour.
constexpr std::pair<std::string_view, std::string_view> kColours[] = {
    // The lifecycle's stages (models/lifecycle/stage.cpp), foreground then background.
    {"route", "#9edae5"},
    {"data", "#17becf"},
    {"queue", "#ff7f0e"},
    {"inference", "#1f77b4"},
    {"proof", "#9467bd"},
    {"deliver", "#2ca02c"},
    {"storage", "#8c564b"},
    {"verify", "#e377c2"},
    {"settle", "#bcbd22"},
    // Load and outcome.
    {"offered", "#1f77b4"},
    {"throughput", "#2ca02c"},
    {"delivered", "#98df8a"},
    {"rejected", "#d62728"},
    {"timed_out", "#ff9896"},
    {"failed", "#7f0000"},
    {"invalid", "#c49c94"},
    // Latencies.
    {"latency_p50", "#6baed6"},
    {"latency_p99", "#08519c"},
    {"ttft_p50", "#fdae6b"},
    {"ttft_p99", "#e6550d"},
    {"tpot_p99", "#756bb1"},
    {"finality_p50", "#c7e9c0"},
    {"finality_p99", "#31a354"},
    {"freshness_p99", "#636363"},
    // Queues and utilization.
    {"queue_length", "#ff7f0e"},
    {"in_flight", "#7f7f7f"},
    {"utilization_inference", "#1f77b4"},
    {"occupancy_inference", "#9ecae1"},
    {"utilization_verifier", "#e377c2"},
    {"utilization_router", "#bcbd22"},
    {"success_ratio", "#2ca02c"},
    // The chain.
    {"settlement_pending", "#bcbd22"},
    {"base_fee_gwei", "#8c6d31"},
    {"verifier_backlog", "#e377c2"},
    {"prover_backlog", "#9467bd"},
    // The economy.
    {"fees", "#2ca02c"},
    {"rewards", "#1f77b4"},
    {"slashed", "#d62728"},
    {"burned", "#7f7f7f"},
    {"subsidies", "#17becf"},
    {"operators_active", "#1f77b4"},
    {"operators_joining", "#aec7e8"},
    {"operators_left", "#d62728"},
    {"active_users", "#ff7f0e"},
    {"token_price_usd", "#9467bd"},
    {"payments", "#2ca02c"},
    {"payments_pending", "#ff7f0e"},
    {"payments_rejected", "#d62728"},
    {"staking_yield_annual", "#8c564b"},
    // Marks.
    {"knee", "#d62728"},
    {"slo", "#7f7f7f"},
    {"diagonal", "#525252"},
};

// For names the table does not list: Tableau 10, picked by a hash of the name.
constexpr std::array<std::string_view, 10> kFallback{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                                     "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
}  // namespace

std::string colour_of(std::string_view name) {
  for (const auto& [n, c] : kColours)
    if (n == name) return std::string(c);
  std::uint32_t h = 2166136261u;  // FNV-1a: the same name, the same colour, in every report
  for (char ch : name) h = (h ^ static_cast<unsigned char>(ch)) * 16777619u;
  return std::string(kFallback[h % kFallback.size()]);
}

std::string gp_colours(const std::vector<std::string>& names) {
  std::vector<std::string> c;
  c.reserve(names.size());
  for (const std::string& n : names) c.push_back(colour_of(n));
  return gp_words(c);
}

}  // namespace opgsim::analysis::report
