// x402 payments in the running economy (economy.payments.type x402; OpenGradient's flow, notes
// §1.2 items 2-5): the gateway's handshake, the charge computed from the answer's actual tokens,
// its settlement when the payment chain's block lands (sim/engine/payment_chain.hpp), outages in
// events.csv, and the summary's `economy.payments`. With settlement payments none of this runs.
#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "analysis/output/json_writer.hpp"
#include "analysis/output/summary_fields.hpp"
#include "sim/engine/economy.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim::engine {

using economy::Amount;

// The handshake: the facilitator verifies the signed authorization, which needs the payment
// chain, and the gateway's static pre-check (notes §1.2 item 5) against what the payer can spend:
// its balance plus what it can buy (the treasury's tokens; with the amm market the pool always
// sells). x402 reserves nothing: the charge may still find the payer short (then it tops up, as
// every payer does, or the rest is unpaid).
bool Economy::authorize_payment(Request& r, double /*now*/) {
  if (!payments_) return true;
  const economy::AccountId payer = cohort_acct_[r.cohort];
  constexpr Amount kMax = std::numeric_limits<Amount>::max();
  const Amount buyable = market_.amm() ? kMax : ledger_.balance(ledger_.treasury());
  const Amount spendable = std::min(kMax - buyable, ledger_.balance(payer)) + buyable;
  if (payments_->authorize(spendable)) {
    r.payment = Request::Payment::Authorized;
    return true;
  }
  ++x402_rejected_;
  ++epoch_x402_rejected_;
  if (!payments_->chain().up()) ++x402_rejected_down_;
  return false;
}

// The charge (x402 `upto`): the fee of the answer's actual tokens at the price now, capped per
// request (economy.fees), computed as the answer passes back to its client; the refund rule says
// whether a late answer is charged. The shares of roles that have not served the request yet
// (verification, settlement) are held in escrow until they do (economy_escrow.cpp).
void Economy::on_answer(Request& r, double now, bool in_time) {
  if (!payments_ || r.payment != Request::Payment::Authorized || r.answer != analysis::Outcome::Completed) return;
  if (!in_time && spec_.payments.x402.charge_on == economy::X402Config::ChargeOn::Delivered) return;
  const auto mode = world_.scenario.workload.classes[r.class_index].verification;
  economy::Charge c;
  c.request = r.slot;
  c.payer = cohort_acct_[r.cohort];
  c.payee = operator_acct()[r.node];
  c.amount = economy::usage_fee(fees_, r.prompt_tokens, r.output_tokens, mode, market_.price(now));
  c.authorized_s = r.times.submit;
  c.charged_s = now;
  PaymentService::Earners earners;
  for (const NodeRole& role : node_roles())
    earners[role.index()] = earner_[role.index()] != nullptr ? earner_[role.index()](r) : -1;
  if (later_roles_ != 0) escrow_on_charge(r, earners);
  r.charge_seq = payments_->charge(c, earners, now);
  r.payment = Request::Payment::Charged;
}

// A payment-chain block landed with this charge: the payer pays (topping up when short) and the
// shares go to their earners now, whatever the settlement chain does.
void Economy::settle_charge(const economy::Charge& c, const PaymentService::Earners& earners, double /*now*/) {
  const Amount paid = collect(c.payer, c.amount);
  pay_shares(c.payer, paid, earners);
  if (escrow_) escrow_on_settle(c, earners, paid);
  epoch_fees_ += paid;
  total_fees_ += paid;
  epoch_x402_ += paid;
}

void Economy::payment_chain_changed(bool up, double now) {
  event(now, up ? "payment_chain_up" : "payment_chain_down", -1, payments_->chain().pending_amount(),
        fmt::format("pending_charges={}", payments_->chain().pending()));
}

nlohmann::json Economy::payments_summary() const {
  const economy::PaymentChain& chain = payments_->chain();
  analysis::output::JsonWriter j(analysis::output::summary_fields(), "economy.payments");
  j.set("charges", chain.settled_count());
  j.set("charged_units", chain.settled_amount());
  j.set("charged_opg", economy::units_to_opg(chain.settled_amount()));
  j.set("pending", static_cast<std::uint64_t>(chain.pending()));
  j.set("pending_units", chain.pending_amount());
  j.set("pending_opg", economy::units_to_opg(chain.pending_amount()));
  j.set("lapsed", x402_lapsed_);
  j.set("rejected", x402_rejected_);
  j.set("rejected_chain_down", x402_rejected_down_);
  j.set("outages", payments_->outages());
  const auto n = static_cast<double>(chain.settled_count());
  j.set("latency_mean_s", n > 0 ? payments_->latency_sum_s() / n : 0.0);
  j.set("latency_max_s", payments_->latency_max_s());
  escrow_summary(j);
  return j.take();
}

}  // namespace opgsim::engine
