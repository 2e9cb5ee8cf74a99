// The validator role's window signals (see role_runtime.hpp), from the chain's published state:
// up_validator (those counted by consensus), settlement_pending, blocks (committed during the
// window: the sampler keeps the previous count) and base_fee_gwei.
#include "sim/roles/role_registry.hpp"
#include "sim/roles/role_runtime.hpp"
#include "sim/roles/validator/settlement_chain.hpp"

namespace opgsim::engine {

RoleSampler validator_signals(const SettlementChain* chain) {
  const std::size_t up = signal_slot("up_validator"), pending = signal_slot("settlement_pending"),
                    blocks = signal_slot("blocks"), base_fee = signal_slot("base_fee_gwei");
  return [chain, up, pending, blocks, base_fee, last_blocks = std::uint64_t{0}](
             const World&, analysis::RunMetrics::WindowSample& sample, double, double) mutable {
    sample.values[up] = chain != nullptr ? chain->validators_up() : 0;
    if (chain == nullptr) return;
    sample.values[pending] = static_cast<double>(chain->pending_items());
    sample.values[blocks] = static_cast<double>(chain->blocks() - last_blocks);
    last_blocks = chain->blocks();
    sample.values[base_fee] = chain->base_fee_gwei();
  };
}

}  // namespace opgsim::engine
