// Validator liveness, Cosmos-SDK x/slashing style: a validator that signs too few of the last
// `window_blocks` blocks is jailed for jail_s and slashed by slash_fraction (notes §3h, §4:
// window 100, at least 50 % signed, downtime slash 1 %, jail 600 s).
//
// Each validator's recent signatures are a ring buffer of bits in one flat array: on_block
// allocates nothing.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace opgsim::economy {

struct DowntimeConfig {
  std::uint32_t window_blocks = 100;  // SignedBlocksWindow, Cosmos SDK default (notes §3h)
  double min_signed = 0.5;            // MinSignedPerWindow, Cosmos SDK default (notes §3h)
  double slash_fraction = 0.01;       // SlashFractionDowntime, Cosmos SDK default (notes §3h); applied by the caller
  double jail_s = 600;                // DowntimeJailDuration, Cosmos SDK default (notes §3h)
  // Throws InputError "<prefix>.<key>: <rule>, got <value>".
  void validate(const char* prefix) const;
};

class LivenessTracker {
public:
  LivenessTracker(const DowntimeConfig& cfg, std::uint32_t validators);  // validates cfg ("economy.downtime")

  // A block committed at `now`; signed_flags[v] says whether validator v signed it (jailed
  // validators are not counted and their window is reset when jailed). Appends to `punished` the
  // validators that just fell below min_signed over a full window (signed < min_signed * window
  // with window_blocks blocks seen since the last reset): they are jailed until now + jail_s
  // (the caller slashes them). signed_flags.size() must equal the validator count
  // (std::logic_error otherwise).
  void on_block(std::span<const std::uint8_t> signed_flags, double now, std::vector<std::uint32_t>& punished);
  bool jailed(std::uint32_t v, double now) const { return now < jailed_until_[v]; }
  std::uint32_t missed_in_window(std::uint32_t v) const { return missed_[v]; }
  std::uint32_t validators() const { return static_cast<std::uint32_t>(missed_.size()); }
  const DowntimeConfig& config() const { return cfg_; }

private:
  void reset(std::uint32_t v);

  DowntimeConfig cfg_;
  std::uint32_t words_ = 1;              // 64-bit words per validator's ring
  std::uint32_t min_signed_blocks_ = 0;  // ceil(min_signed * window)
  std::vector<std::uint64_t> bits_;      // validators * words_: bit set = missed
  std::vector<std::uint32_t> pos_;       // next ring slot
  std::vector<std::uint32_t> seen_;      // blocks counted since the last reset, at most window
  std::vector<std::uint32_t> missed_;    // set bits among the last `seen_` slots
  std::vector<double> jailed_until_;     // -inf when never jailed
};

}  // namespace opgsim::economy
