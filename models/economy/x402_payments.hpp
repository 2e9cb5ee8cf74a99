// x402 payments on a payment chain separate from the settlement chain (OpenGradient's flow,
// notes §1.2 items 2-5 and §1.6).
//
// The client authorizes a payment with its request (the 402 handshake); the gateway checks the
// authorization through the facilitator before running anything and refuses the request when the
// check fails (the payer cannot cover the static pre-check estimate, or the payment chain cannot
// be reached). The charge is computed after inference from the actual token counts (x402 `upto`,
// capped per request) and the facilitator settles it in the next block of the payment chain
// (Base: 2 s, 0.2 s with Flashblocks). The operator is paid when that block lands, whether or not
// the proof settlement on the OpenGradient chain lags. During a payment-chain outage charges wait
// and land in the first block after it. Refund rule: a request is charged only when its answer
// was delivered in time (charge_on = delivered; the authorization of a timed-out, failed or
// rejected request lapses unused), or whenever inference ran (charge_on = inferred).
// Pure model: the caller moves the tokens when charges settle.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "models/economy/ledger.hpp"

namespace opgsim::economy {

struct X402Config {
  double block_time_s = 2.0;           // Base block time (notes §1.6); 0.2 with Flashblocks / Denim
  double precheck_opg = 0.0001;        // static pre-check estimate, 1e14 wei (notes §1.2 item 5)
  enum class ChargeOn { Delivered, Inferred };
  ChargeOn charge_on = ChargeOn::Delivered;  // the refund rule (assumption: x402 `upto` settles what was served)
  std::uint32_t max_per_block = 0;     // payments one block settles (0: unlimited; Base is far from full at these rates)
  // Throws InputError "<prefix>.<key>: must be <rule>, got <value>".
  void validate(const char* prefix) const;
};

struct Charge {
  std::uint64_t request = 0;           // the caller's id
  std::uint32_t payer = 0;             // the caller's account ids
  std::uint32_t payee = 0;
  Amount amount = 0;                   // base units, already capped
  double authorized_s = 0;             // when the request was accepted
  double charged_s = 0;                // when inference ended and the charge was computed
};

// economy.payments: who pays when. settlement: the fee moves when the request settles on the
// OpenGradient chain (the simulator's first model); x402: OpenGradient's real flow above.
struct PaymentsConfig {
  enum class Type { Settlement, X402 };
  Type type = Type::Settlement;
  X402Config x402;
};

class PaymentChain {
public:
  explicit PaymentChain(const X402Config& cfg);  // validates ("economy.x402")

  // The 402 handshake at acceptance: true when the chain is reachable and the payer's spendable
  // balance covers the pre-check estimate.
  bool authorize(Amount payer_balance) const { return up_ && payer_balance >= precheck_; }
  // A charge computed after inference, settled in a later block.
  void charge(const Charge& c);
  // The time of the first block strictly after `now` (blocks at multiples of block_time_s).
  double next_block_after(double now) const;
  // A block (the caller produces one at each next_block_after): moves the oldest pending charges
  // (up to max_per_block) into `out` and returns how many. Nothing settles while the chain is down.
  std::size_t produce_block(std::vector<Charge>& out);
  void set_up(bool up) { up_ = up; }
  bool up() const { return up_; }

  std::size_t pending() const { return pending_.size(); }
  Amount pending_amount() const { return pending_amount_; }
  std::uint64_t settled_count() const { return settled_; }
  Amount settled_amount() const { return settled_amount_; }
  const X402Config& config() const { return cfg_; }

private:
  X402Config cfg_;
  Amount precheck_;
  bool up_ = true;
  std::deque<Charge> pending_;
  Amount pending_amount_ = 0;
  std::uint64_t settled_ = 0;
  Amount settled_amount_ = 0;
};

}  // namespace opgsim::economy
