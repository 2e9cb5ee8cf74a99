// The stages of a request's life, in order, as one table: each stage's name (the key under
// summary.json's `stages`), the path it belongs to (the user's foreground path, or the
// background path that starts once the proof is ready), and a one-line definition. Metrics,
// stage plans and the docs all take their stage list from here.
#pragma once

#include <array>
#include <cstdint>

namespace opgsim::lifecycle {

enum class Stage : std::uint8_t { Route, Data, Queue, Inference, Proof, Deliver, Storage, Verify, Settle };
inline constexpr int kStageCount = 9;

enum class Path : std::uint8_t {
  Foreground,  // the user waits for it: these stages add up to the user's latency
  Background,  // after the proof is ready, while (or after) the result travels to the user
};

struct StageInfo {
  Stage stage;
  const char* name;
  Path path;
  const char* doc;
};

// Every stage, in lifecycle order (foreground first, then background).
const std::array<StageInfo, kStageCount>& stage_table();
const char* to_string(Stage s);
Path path_of(Stage s);

}  // namespace opgsim::lifecycle
