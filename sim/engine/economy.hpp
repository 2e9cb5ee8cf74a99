// The token economy of one run, coupled to the simulated network (DESIGN.md "Economy"): a
// ledger of users, operators, verifiers, validators and the treasury; fees paid by every
// completed request and split by shares; emissions paid each epoch by stake and by work (fees
// earned); slashing of operators whose wrong results verification catches and of validators
// that miss too many blocks (jailed); a token price set by a market (economy_market.hpp: the
// exogenous path, or an amm pool the users, operators and treasury trade with), and a request
// rate that may respond to the USD price of a request and to quality (economy_flows.cpp). Each epoch, inference operators
// compare profit with their GPU cost and leave or join (their nodes go offline or come online in
// SimGrid), the operators of the other roles do the same where economy.roles.<role>.decide is on
// (economy_roles.cpp: their nodes leave and rejoin through control messages), and user cohorts
// come back or not from the latency and failures they saw, which
// sets the request rate of the next epoch. The pure rules are in models/economy; this class
// wires them to the run and is the economy's one actor (it only sleeps until epoch ends and
// joins).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <cstdint>
#include <queue>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/output/ledger_columns.hpp"
#include "models/common/rng.hpp"
#include "models/economy/bucket_book.hpp"
#include "models/economy/downtime.hpp"
#include "models/economy/emissions.hpp"
#include "models/economy/fees.hpp"
#include "models/economy/ledger.hpp"
#include "models/economy/operators.hpp"
#include "models/economy/token_price.hpp"
#include "models/economy/users.hpp"
#include "sim/engine/economy_host.hpp"
#include "sim/engine/economy_market.hpp"
#include "sim/engine/economy_policy.hpp"
#include "sim/engine/payment_chain.hpp"
#include "sim/engine/world.hpp"

namespace opgsim {
struct NodeRole;
}
namespace opgsim::analysis::output {
class JsonWriter;
}

namespace opgsim::engine {

class PolicyPipe;

class Economy {
public:
  // Opens every account and makes the genesis stakes (operators, verifiers, validators) from
  // the treasury; operators beyond economy.operators.initially_active start inactive.
  // `host` is what drives it (economy_host.hpp): the request-level engine's World, or the
  // long-horizon mode.
  Economy(const Scenario& scenario, EconomyHost& host);
  // The epoch loop, shared by both drivers: start() once, then advance(t) at every
  // t = next_wakeup() (epoch ends, operators' joins, votes' ends) until it is infinity.
  void start() { publish_stakes(); }
  double next_wakeup() const;
  void advance(double now);
  // The long-horizon mode (economy_aggregate.cpp): a period's traffic in aggregate.
  struct ClassTraffic {
    std::uint64_t offered = 0, completed = 0, failed = 0, slow = 0;  // failed: not completed (rejected, timed out, failed)
    double prompt_tokens = 0, output_tokens = 0;                      // sums over the completed requests
    economy::Amount gas_units = 0;                                    // base fees of the completed requests, base units
  };
  void ingest_aggregate(const std::vector<ClassTraffic>& by_class, double now);
  // Active nodes of a role (its operators' or agents' view; every node for a role that does not decide).
  std::uint32_t active_nodes(std::size_t role) const;
  double request_rate() const;  // the population's request rate times the demand factor, requests/s
  // The active nodes of a role, in node order (the same rule as active_nodes).
  void active_list(std::size_t role, std::vector<std::uint32_t>& out) const;
  std::uint64_t active_users() const { return users_.active_users(); }

  // A request reached its terminal state: its cohort's experience, and for a completed one its
  // fee; a caught wrong result slashes its operator instead.
  void on_request_end(const Request& r, analysis::Outcome outcome, double now);
  // A block committed at `now` with signed[v] for every validator: liveness, downtime slashing.
  // Appends the validators to jail (until now + jail_s) to `jailed`.
  void on_block(std::span<const std::uint8_t> signed_flags, double now, std::vector<std::uint32_t>& jailed);
  // x402 payments (economy_payments.cpp; economy.payments.type x402, else they accept and do
  // nothing): the gateway's handshake (false: refuse r), the charge when r's answer reaches its
  // client, and the payment chain's service calling back as its blocks land and its outages
  // start and end (events.csv).
  bool authorize_payment(Request& r, double now);
  void on_answer(Request& r, double now, bool in_time);
  void settle_charge(const economy::Charge& c, const PaymentService::Earners& earners, double now);
  void payment_chain_changed(bool up, double now);
  PaymentService* payments() { return payments_.get(); }
  // Whether inference node i's operator is in the network (joined and not left).
  bool operator_active(std::uint32_t node) const { return operators_.state(node) == economy::OperatorState::Active; }

  // The user population's request rate shared by `clients` clients, and the cohort of a new request.
  double rate_per_client() const;
  std::uint32_t pick_cohort(Rng& rng) const { return users_.pick_cohort(rng); }
  bool any_user() const { return users_.active_users() > 0; }

  // Closes the books at the end of the run (after every request has ended).
  void finish(double now);
  // The output files' text, moved out once the run is over (accounts.csv of 96 months is about
  // 200 MB: a copy would double the run's peak memory).
  std::string take_ledger_csv() { return std::move(csv_); }
  std::string take_accounts_csv() { return std::move(accounts_csv_); }  // analysis/output/accounts_columns.hpp
  std::string take_events_csv() { return std::move(events_csv_); }
  const std::string& accounts_csv() const { return accounts_csv_; }  // so far (tests read it mid-run)
  // Active operators of a role other than the routed one whose operators decide (0 otherwise).
  std::uint32_t role_operators_active(std::size_t role) const;
  nlohmann::json summary() const;
  nlohmann::json conservation_invariant() const;

private:
  // decide: operators and users react (epochs up to duration_s); false for the drain.
  void end_epoch(double t0, double t1, bool decide);
  void pay_emissions(double t0, double t1);
  // Supply and staking (economy_supply.cpp): the allocation's buckets, holders' delegation and
  // its drift toward yield, rewards from the staking bucket or minted.
  void open_allocation();
  void open_delegation();
  economy::Amount draw_from_holders(economy::AccountId to, economy::Amount amount);
  economy::Amount rewards_available(economy::Amount emitted) const;
  // Whether the epoch's work share goes to stake: economy.emissions.without_fees is stake and no
  // staker earned a fee (weights_ holds the epoch's fees per account; economy_work_share.cpp).
  bool work_unearned() const;
  void pay_reward(economy::AccountId to, economy::Amount amount);
  void split_with_delegators(bool by_stake);
  void rebalance_delegation(double epoch_s);
  void leave_under_stake(std::uint32_t op, double now);
  // Outputs (economy_supply.cpp): an events.csv row (account: none when negative), accounts.csv's
  // rows at an epoch end, the buckets' events, and the totals the ledger row and summary give.
  void event(double t, const char* kind, std::int64_t account, economy::Amount amount, const std::string& details);
  void write_accounts(double t);
  void bucket_events(double t);
  economy::Amount delegated_total() const;
  economy::Amount rewards_bucket() const;
  economy::Amount locked_total() const;
  bool users_on() const { return world_.scenario.workload.arrivals.type == ArrivalSpec::Type::Users; }
  double operators_decide(double epoch_s, double now);  // returns the mean operator profit, USD
  void users_decide(double t0, double t1);
  void activate_joined(double now);
  void send_control(std::uint32_t node, ControlMessage::Op op);
  void deactivate(std::uint32_t node);
  void open_cohort_accounts();
  // The other roles' operators as agents (economy_roles.cpp).
  bool opens_accounts(const NodeRole& role) const;
  void open_role_agents();
  void roles_decide(double epoch_s, double now);
  void role_joined(std::size_t role, std::uint32_t op, double now);
  void send_role_control(std::size_t role, std::uint32_t node, ControlMessage::Op op);
  void role_under_stake(std::size_t role, std::uint32_t node, double now);
  void publish_stakes();
  void check_conservation();
  void write_row(double t, double epoch_s, double mean_profit_usd);
  // reserve: treasury funds a top-up may not touch (fees already taken in and owed onward).
  economy::Amount collect(economy::AccountId payer, economy::Amount amount, economy::Amount reserve = 0);
  // A fee's shares from payer to their earners (by role index; -1: the treasury takes it).
  void pay_shares(economy::AccountId payer, economy::Amount fee, const PaymentService::Earners& earners);
  nlohmann::json payments_summary() const;
  // The x402 escrow (economy_escrow.cpp): shares of the roles that serve a request after its
  // charge, held until they do. Earner markers in a charge's Earners: held for the request (it
  // is told the fee when the charge lands), held for good (the request ended unfinished).
  static constexpr std::int64_t kEscrowForRequest = -2, kEscrowHeld = -3;
  void open_escrow();
  void escrow_on_charge(Request& r, PaymentService::Earners& earners);
  void escrow_on_settle(const economy::Charge& c, const PaymentService::Earners& earners, economy::Amount paid);
  void escrow_on_end(const Request& r, analysis::Outcome outcome);
  void escrow_summary(analysis::output::JsonWriter& j) const;
  // economy_flows.cpp: the amm market's epoch flows (operators sell for their costs, the
  // treasury buys back), and the demand factor of the request rate at `now` given the
  // population's quality over the last epoch.
  void market_flows(double epoch_s);
  void seed_market();
  double demand_at(double now, double quality);
  double population_quality() const;
  // Governance and the ecosystem fund (economy_governance.cpp, economy_fund.cpp; their state is
  // policy_): open them, the next voting end (infinity: none), execute the proposals whose voting
  // ended, the proposer rules at an epoch end, the fund's spending before operators decide, the
  // grants' users after users decide, and holders selling unlocked tokens.
  void open_policies();
  double next_vote_end() const;
  void execute_proposals(double now);
  void governance_epoch(double t1);
  void governance_at_end(double now);
  void fund_epoch(double t0, double t1);
  void fund_users(double t1);
  void sell_unlocked(double epoch_s);
  void grant(economy::Amount opg, double now, const char* why);
  void policy_columns(analysis::output::LedgerRow& row);
  analysis::output::LedgerContext ledger_context() const;
  void policy_summary(nlohmann::json& out) const;
  // A user policy over a pipe (economy_external.cpp; external_policy.hpp): the epoch's snapshot,
  // and the policy's decisions in place of the routed role's built-in operator rule (returns the
  // mean operator profit, USD; the snapshot computes it with the operators' profits).
  nlohmann::json policy_snapshot(double epoch_s, double now, double& mean_profit);
  double external_decide(double epoch_s, double now);

  // Named world_ so the economy's files read world_.scenario as when it held the World.
  struct ScenarioRef {
    const Scenario& scenario;
  } world_;
  EconomyHost& host_;
  const EconomySpec& spec_;
  const std::size_t routed_;  // the role whose operators decide (the routed role's index)
  const std::size_t settle_;  // the role that settles on chain (its nodes' liveness is tracked)
  economy::Ledger ledger_;
  Market market_;              // opens the pool's account (amm) right after the treasury
  double demand_factor_ = 1;   // the request rate's multiplier (economy.users.demand)
  // The parameters in force: economy.fees and slash_invalid_fraction as given, until governance
  // changes them (reward multiplier: policy_).
  economy::FeeConfig fees_;
  double slash_invalid_fraction_;
  PolicyState policy_;
  PolicyPipe* external_ = nullptr;  // attached by run --policy-fd (nullptr: the built-in rules)
  double last_price_ = 0;      // the price of the last ledger row
  economy::EmissionSchedule emissions_;
  economy::LivenessTracker liveness_;
  economy::OperatorPool operators_;
  economy::UserPopulation users_;
  // Every staking node's account, by role index then node; the deciding operators' are the
  // routed role's.
  std::array<std::vector<economy::AccountId>, kNodeRoleCount> accounts_;
  std::array<std::int64_t (*)(const Request&), kNodeRoleCount> earner_{};  // RoleRuntime::fee_earner
  const std::vector<economy::AccountId>& operator_acct() const { return accounts_[routed_]; }
  std::vector<economy::AccountId> cohort_acct_;
  // This epoch: what each account earned in fees (the "work" emissions reward), each cohort's
  // experience, and the totals of the ledger row.
  std::vector<economy::Amount> earned_;          // by account id
  std::vector<economy::Amount> operator_revenue_;  // fees + rewards per deciding operator
  std::vector<economy::CohortExperience> experience_;
  economy::Amount epoch_fees_ = 0, epoch_rewards_ = 0, epoch_slashed_ = 0;
  economy::Amount total_fees_ = 0, total_rewards_ = 0, total_slashed_ = 0, unpaid_fees_ = 0;
  std::uint64_t invalid_slashes_ = 0, downtime_slashes_ = 0, forced_out_ = 0;
  std::uint64_t conservation_checks_ = 0, conservation_failures_ = 0;
  struct Join {
    double at;
    std::uint32_t op;
    std::size_t role = 0;  // the routed role's, or a deciding role's (RoleAgents)
    bool operator>(const Join& o) const { return at != o.at ? at > o.at : op != o.op ? op > o.op : role > o.role; }
  };
  std::priority_queue<Join, std::vector<Join>, std::greater<>> joins_;
  std::vector<economy::OperatorAction> actions_;
  // The operators of each role (not the routed one) whose economy.roles.<role>.decide is on, in
  // registry order, and this epoch's staking rewards by account (kept only when there are some).
  struct RoleAgents {
    std::size_t role;
    economy::OperatorPool pool;
    std::vector<economy::OperatorEpoch> epoch;
  };
  std::vector<RoleAgents> agents_;
  // Nodes of a role whose operators do not decide that were forced out below its min_stake_opg.
  std::array<std::vector<bool>, kNodeRoleCount> forced_out_nodes_;
  std::vector<economy::Amount> rewarded_;
  analysis::output::LedgerContext ledger_ctx_;  // ledger.csv's conditional columns
  std::vector<economy::OperatorEpoch> operator_epoch_;
  std::vector<economy::Amount> weights_, parts_;
  // The allocation's buckets (none when economy.allocation is empty).
  std::optional<economy::BucketBook> buckets_;
  // Delegation targets: every staking node's account and the account of the stake delegated to
  // it (Delegator, index = the target's place here); target_of_ maps a node account to it.
  struct Target {
    economy::AccountId node, delegator;
  };
  std::vector<Target> targets_;
  std::vector<std::int32_t> target_of_;  // by account id, -1: not a target's node
  std::vector<economy::Amount> target_gross_;  // this epoch's rewards to a target (node + delegators) before splits
  std::vector<economy::Amount> delegated_;
  std::vector<double> target_yield_;
  double last_epoch_end_ = 0;
  double epoch_start_ = 0, epoch_end_ = 0;  // the epoch loop's current epoch
  std::string csv_, accounts_csv_, events_csv_;
  std::vector<bool> bucket_done_;
  bool rewards_empty_ = false;
  double last_yield_ = 0;
  // x402 (economy_payments.cpp): the payment chain's service and the counts of the outputs.
  std::unique_ptr<PaymentService> payments_;
  economy::Amount epoch_x402_ = 0;
  std::uint64_t x402_rejected_ = 0, x402_rejected_down_ = 0, x402_lapsed_ = 0, epoch_x402_rejected_ = 0;
  std::optional<economy::AccountId> escrow_;  // open when later_roles_ is not empty
  std::uint8_t later_roles_ = 0;               // bit per role index
  economy::Amount escrow_released_ = 0, escrow_forfeited_ = 0;
  // ingest_aggregate's scratch (economy_aggregate.cpp).
  std::vector<economy::Amount> agg_weights_, agg_parts_, agg_due_, agg_gas_;
  std::vector<std::uint32_t> agg_nodes_;
};

}  // namespace opgsim::engine
