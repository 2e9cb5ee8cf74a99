// The voters' rules (see policy.hpp).
#include "models/economy/policy.hpp"

#include <cmath>

namespace opgsim::economy {

bool vote_for(const Proposal& p, const VoterTraits& who, double current_value, double elasticity, Vote& out) {
  const auto by_sign = [&](double gain) {
    out = gain > 0 ? Vote::Yes : gain < 0 ? Vote::No : Vote::Abstain;
    return true;
  };
  switch (p.kind) {
    case ProposalKind::SetFee: {
      if (!who.earns_fees || !(current_value > 0)) return false;
      const double m = p.value / current_value;
      return by_sign(std::pow(m, 1 - elasticity) - 1);
    }
    case ProposalKind::SetRewardRate: return by_sign(p.value - current_value);
    case ProposalKind::SetSlashFraction:
      if (!who.routed_operator) return false;
      return by_sign(current_value - p.value);
    case ProposalKind::SetSubsidy:
      if (!who.routed_operator) return false;
      return by_sign(p.value - current_value);
    case ProposalKind::TreasurySpend:
      if (!who.earns_fees) return false;
      out = Vote::Yes;
      return true;
  }
  return false;
}

}  // namespace opgsim::economy
