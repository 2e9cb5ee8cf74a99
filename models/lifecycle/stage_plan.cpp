// Stage plans per class (see stage_plan.hpp).
#include "models/lifecycle/stage_plan.hpp"

namespace opgsim::lifecycle {

StagePlan StagePlan::make(const PlanInputs& in) {
  StagePlan p;
  for (const StageInfo& info : stage_table()) {
    bool on = true;
    switch (info.stage) {
      case Stage::Data: on = in.needs_data; break;
      case Stage::Storage: on = in.storage; break;
      case Stage::Verify: on = in.verified; break;
      case Stage::Settle: on = in.settlement; break;
      default: break;  // route, queue, inference, proof (0 s for vanilla) and deliver: always
    }
    p.has_[static_cast<std::size_t>(info.stage)] = on;
  }
  return p;
}

bool StagePlan::has_background() const { return first_background().has_value(); }

std::optional<Stage> StagePlan::next_background_after(Stage s) const {
  for (auto i = static_cast<std::size_t>(s) + 1; i < kStageCount; ++i) {
    const StageInfo& info = stage_table()[i];
    if (info.path == Path::Background && has_[i]) return info.stage;
  }
  return std::nullopt;
}

std::string StagePlan::describe() const {
  std::string fg, bg;
  for (const StageInfo& info : stage_table()) {
    if (!has(info.stage)) continue;
    std::string& out = info.path == Path::Foreground ? fg : bg;
    if (!out.empty()) out += " -> ";
    out += info.name;
  }
  return bg.empty() ? fg : fg + " | " + bg;
}

}  // namespace opgsim::lifecycle
