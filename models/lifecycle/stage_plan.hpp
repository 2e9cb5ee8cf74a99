// A request class's stage plan: which stages of the lifecycle (stage.hpp) its requests pass
// through, computed once per class from the scenario. The foreground path is route -> data? ->
// queue -> inference -> proof -> deliver; the background path, started when the proof is ready,
// is storage? -> verify? -> settle?. The plan answers "which background stage comes next";
// whether a request takes it (a caught proof is not settled) is the state machine's call
// (request_state.hpp).
#pragma once

#include <array>
#include <optional>
#include <string>

#include "models/lifecycle/stage.hpp"

namespace opgsim::lifecycle {

// What the scenario says about one class, as far as its path is concerned.
struct PlanInputs {
  bool needs_data = false;  // the class reads outside data from a data node
  bool verified = false;    // its verification mode is not vanilla: a verifier checks its proof
  bool storage = false;     // the scenario has storage nodes: results are written off-chain
  bool settlement = false;  // the scenario has validators: results settle on chain
};

class StagePlan {
public:
  static StagePlan make(const PlanInputs& in);

  bool has(Stage s) const { return has_[static_cast<std::size_t>(s)]; }
  bool has_background() const;
  // The first background stage, taken when the proof is ready; nullopt if the plan has none.
  std::optional<Stage> first_background() const { return next_background_after(Stage::Deliver); }
  // The plan's background stage after `s`; nullopt when `s` is the plan's last.
  std::optional<Stage> next_background_after(Stage s) const;
  // "route -> data -> queue -> inference -> proof -> deliver | storage -> verify -> settle"
  std::string describe() const;

private:
  std::array<bool, kStageCount> has_{};
};

}  // namespace opgsim::lifecycle
