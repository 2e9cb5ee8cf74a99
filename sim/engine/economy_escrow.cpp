// The x402 escrow (economy.payments.type x402): an x402 charge is computed when the answer
// reaches its client, before the verifier has checked the request and before a block has settled
// it, so those roles' fee shares (verifier, validator, a dedicated prover that has not proved it
// yet) have no earner at charge time. Their shares are held in one ledger account, x402_escrow
// (accounts.csv), when the charge lands on the payment chain, and released when the request ends:
//  - completed: each held share to the node of its role that served the request (its
//    RoleRuntime::fee_earner: the verifier that checked it, the proposer of the block that
//    settled it), or to the treasury when no node of that role served it (e.g. no verification);
//  - unfinished when the run stopped: the shares of the roles that served it are released as
//    above, those of the roles still at work (verification or settlement under way) stay in
//    escrow, reported in summary.json economy.payments.escrow_units;
//  - any other end (verification rejected its result, failed, timed out): to the treasury.
// Either order works: when the request ends before its charge lands, the charge's waiting
// earners are rewritten (PaymentService::pending_earners, O(1)) and the shares go straight to
// them when it lands. Only roles with nodes and a non-zero share hold anything: with the default
// shares (all to the inference operator) the escrow account is never opened.
#include "analysis/output/json_writer.hpp"
#include "sim/engine/economy.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim::engine {

using economy::Amount;

static_assert(kNodeRoleCount <= 8, "Request::escrow_roles holds one bit per role");

void Economy::open_escrow() {
  if (!payments_) return;
  // Which roles can serve a request after its charge: every role but the routed one with a fee
  // share, a fee earner and nodes. A probe fee tells whether its share is non-zero.
  const economy::FeeSplit probe = economy::split_fee(spec_.fees.shares, economy::kUnitsPerOpg);
  for (const NodeRole& role : node_roles()) {
    if (role.routed || role.economy.share_part == nullptr || earner_[role.index()] == nullptr) continue;
    if (role.count(world_.scenario) == 0 || probe.*role.economy.share_part == 0) continue;
    later_roles_ |= static_cast<std::uint8_t>(1U << role.index());
  }
  if (later_roles_ != 0) escrow_ = ledger_.open(economy::AccountKind::Escrow, 0);
}

// At charge time: the roles that have not served r yet are marked to be held in escrow.
void Economy::escrow_on_charge(Request& r, PaymentService::Earners& earners) {
  r.escrow_roles = 0;
  r.escrow_fee = -1;
  for (std::size_t i = 0; i < kNodeRoleCount; ++i) {
    const bool known = earners[i] >= 0 && static_cast<std::size_t>(earners[i]) < accounts_[i].size();
    if ((later_roles_ >> i & 1U) == 0 || known) continue;
    earners[i] = kEscrowForRequest;
    r.escrow_roles = static_cast<std::uint8_t>(r.escrow_roles | 1U << i);
  }
}

// The charge landed and its escrowed shares were paid into the escrow account (pay_shares): the
// request (still in flight: had it ended, its markers would have been rewritten) keeps the fee
// its shares are computed from.
void Economy::escrow_on_settle(const economy::Charge& c, const PaymentService::Earners& earners, Amount paid) {
  for (const std::int64_t e : earners)
    if (e == kEscrowForRequest) {
      host_.set_escrow_fee(static_cast<std::uint32_t>(c.request), paid);
      return;
    }
}

// r ended: its held shares go where the rule above says (or, its charge still waiting, its
// earners are rewritten so they go there when it lands).
void Economy::escrow_on_end(const Request& r, analysis::Outcome outcome) {
  if (r.escrow_roles == 0 || r.payment != Request::Payment::Charged) return;
  PaymentService::Earners* waiting = r.escrow_fee < 0 ? payments_->pending_earners(r.charge_seq) : nullptr;
  const economy::FeeSplit split =
      r.escrow_fee >= 0 ? economy::split_fee(spec_.fees.shares, r.escrow_fee) : economy::FeeSplit{};
  for (const NodeRole& role : node_roles()) {
    const std::size_t i = role.index();
    if ((r.escrow_roles >> i & 1U) == 0) continue;
    const bool served = outcome == analysis::Outcome::Completed || outcome == analysis::Outcome::Unfinished;
    const std::int64_t node = served ? earner_[i](r) : -1;
    const bool earned = node >= 0 && static_cast<std::size_t>(node) < accounts_[i].size();
    if (outcome == analysis::Outcome::Unfinished && !earned) {  // its role may still have served it: stays
      if (waiting != nullptr) (*waiting)[i] = kEscrowHeld;
      continue;
    }
    if (waiting != nullptr) {
      (*waiting)[i] = earned ? node : -1;
      continue;
    }
    const Amount part = split.*role.economy.share_part;
    if (part == 0) continue;
    const economy::AccountId to = earned ? accounts_[i][static_cast<std::size_t>(node)] : ledger_.treasury();
    ledger_.transfer(*escrow_, to, part);
    earned_[to] += part;
    (earned ? escrow_released_ : escrow_forfeited_) += part;
  }
}

void Economy::escrow_summary(analysis::output::JsonWriter& j) const {
  if (!escrow_) return;
  const Amount held = ledger_.balance(*escrow_);
  j.set("escrow_units", held);
  j.set("escrow_opg", economy::units_to_opg(held));
  j.set("escrow_released_units", escrow_released_);
  j.set("escrow_forfeited_units", escrow_forfeited_);
}

}  // namespace opgsim::engine
