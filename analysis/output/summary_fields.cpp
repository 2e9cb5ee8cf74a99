// summary.json's field declarations (see summary_fields.hpp).
#include "analysis/output/summary_fields.hpp"

#include "models/faults/fault_schedule.hpp"
#include "models/lifecycle/outcome.hpp"
#include "models/lifecycle/stage.hpp"

namespace opgsim::analysis::output {

namespace {
constexpr std::string_view kConservation =
    "at every epoch end and at the end, the sum over accounts of balances, stakes and unbonding amounts equals "
    "initial supply + minted − burned, to the base unit (`checks` made, `failures` among them)";
// Every token amount is given twice: `<x>_units`, the exact integer of base units (1 OPG = 10^9
// units), and `<x>_opg`, the same divided by 10^9 as a JSON number, for reading and plotting.
constexpr std::string_view kInOpg =
    "the `_units` amount of the same name in OPG (÷ 10^9, a double: for reading and plots; exact sums use the "
    "integers)";

constexpr FieldDecl kFields[] = {
    {"requests.submitted", "count", "every request submitted during the run"},
    {"requests.<state>", "count", "requests by terminal state; they add up to `submitted`"},
    {"requests.invalid_undetected", "count",
     "completed requests whose result was wrong and not caught by any check (a subset of `completed`, not a "
     "terminal state; all requests of the run)"},
    {"measured.{from_s,to_s}", "s", "the measured span, `[warmup_s, duration_s)`"},
    {"measured.submitted", "count", "the same counts for measured requests"},
    {"measured.<state>", "count", "the same counts for measured requests"},
    {"measured.success_ratio", "fraction", "measured completed / measured submitted"},
    {"offered_rps", "req/s", "measured submitted / (`duration_s` − `warmup_s`)"},
    {"throughput_rps", "req/s", "measured completed / (`duration_s` − `warmup_s`)"},
    {"measured.delivered", "count",
     "measured requests whose answer reached their client: completed, or still in their background stages "
     "(verify, settle) when the run stopped (`unfinished` with an answer)"},
    {"delivered_rps", "req/s",
     "measured delivered / (`duration_s` − `warmup_s`): the throughput users see; `throughput_rps` also waits for "
     "the background stages"},
    {"latency_s.{count,mean,p50,p90,p99,max}", "s",
     "user-seen latency, result received − submission, of measured completed requests"},
    {"latency_s.slow", "count", "measured completed requests whose latency exceeded `output.slow_latency_s`",
     "scenarios with output.slow_latency_s only"},
    {"stages.<stage>.{count,mean,p50,p90,p99,max}", "s",
     "per stage, measured completed requests (formulas under Definitions). Every stage is always present: the "
     "foreground ones have one sample per request and add up to the latency; the background ones count only "
     "requests that went through the stage (count 0 if none)"},
    {"finality_s.{count,mean,p50,p90,p99,max}", "s",
     "block committed − submission, measured completed requests that were settled", "scenarios with settlement only"},
    {"freshness_s.{count,mean,p50,p90,p99,max}", "s",
     "service start − when the data it used was produced, measured completed requests that used data",
     "scenarios with outside data only"},
    {"ttft_s.{count,mean,p50,p90,p99,max}", "s", "time to first token", "gpu model only"},
    {"tpot_s.{count,mean,p50,p90,p99,max}", "s", "time per output token", "gpu model only"},
    {"utilization.inference", "fraction",
     "mean busy fraction of the inference nodes that are up over the measured span (a batching GPU is busy while "
     "any sequence runs: `batch.inference`, `occupancy.inference` and `tokens.inference` say how much room is left)"},
    {"occupancy.inference", "fraction",
     "mean over the measured span of `occupancy_inference`: KV-cache blocks in use / blocks over the nodes that are "
     "up (gpu model; 0 otherwise); 1 − it is the cache's headroom"},
    {"batch.inference", "fraction",
     "mean over the measured span of `batch_inference`: batch slots in use (sequences / max_num_seqs, or busy "
     "servers / servers), over the nodes that are up"},
    {"tokens.inference", "fraction",
     "mean over the measured span of `tokens_inference`: the token budget (max_num_batched_tokens) the gpu model's "
     "iterations use, over the nodes that are up (0 for the other models)"},
    {"utilization.router", "fraction", "busy fraction of the router", "gateway placement only"},
    {"utilization.verifier", "fraction", "mean busy fraction of the verifiers over the measured span",
     "scenarios with verifiers only"},
    {"preemptions", "count",
     "sequences preempted on all nodes during the run (gpu model: KV cache ran out; recomputed later)"},
    {"littles_law.mean_in_system", "requests", "time-average number of requests in the system over the measured span"},
    {"littles_law.arrival_rate_rps", "req/s", "measured arrival rate"},
    {"littles_law.mean_time_in_system_s", "s",
     "mean time from submission to terminal state of measured requests (any state)"},
    {"littles_law.relative_error", "fraction",
     "\\|L − λW\\| / L: the engine's bookkeeping check (small for long steady runs)"},
    {"chain.blocks", "count", "blocks committed during the run", "scenarios with validators only"},
    {"chain.failed_rounds", "count", "consensus rounds lost because their proposer was faulty or down (no block)",
     "scenarios with validators only"},
    {"chain.settlement_txs", "count", "settlement transactions included in committed blocks",
     "scenarios with validators only"},
    {"chain.settled_items", "count", "requests settled in committed blocks", "scenarios with validators only"},
    {"chain.pending_items_end", "count",
     "verified requests not settled when the run stopped (in a batch buffer, the mempool or a challenge window)",
     "scenarios with validators only"},
    {"chain.gas_used_fraction_mean", "fraction", "mean over committed blocks of gas used / block gas limit",
     "scenarios with validators only"},
    {"chain.base_fee_wei_end", "wei", "the chain's base fee when the run stopped", "scenarios with validators only"},
    {"verification.checked", "count", "proofs and attestations checked by verifiers", "scenarios with verifiers only"},
    {"verification.caught_invalid", "count", "invalid results caught by a check (those requests end `invalid`)",
     "scenarios with verifiers only"},
    {"invariants.every_request_terminal.{ok,submitted,terminal,still_in_pool}", "",
     "every submitted request is in exactly one terminal state after the drain"},
    {"invariants.no_request_ended_twice.{ok,ended_twice}", "", "no request reached two terminal states"},
    {"invariants.token_conservation.{ok,checks,failures}", "", kConservation, "economy only"},
    {"invariants.token_conservation.{supply_units,holdings_units}", "base units",
     "initial supply + minted − burned, and the sum over accounts of balances, stakes and unbonding amounts "
     "(equal when `ok`)",
     "economy only"},
    {"invariants.token_conservation.{supply_opg,holdings_opg}", "OPG", kInOpg, "economy only"},
    {"economy.totals.fees_units", "base units",
     "fees paid by completed requests (usage fee, capped, plus base fee when `pay_base_fee`)", "economy only"},
    {"economy.totals.rewards_units", "base units",
     "staking rewards paid (from the staking-rewards bucket, or minted with `economy.emissions.source` mint)",
     "economy only"},
    {"economy.totals.slashed_units", "base units", "stake slashed (invalid results and validator downtime)",
     "economy only"},
    {"economy.totals.minted_units", "base units", "all minted", "economy only"},
    {"economy.totals.burned_units", "base units", "all burned (fee burn share, base fees, slashes sent to burn)",
     "economy only"},
    {"economy.totals.unpaid_fees_units", "base units",
     "fees a cohort could not pay even after topping up from an empty treasury (0 unless the treasury ran dry)",
     "economy only"},
    {"economy.totals.{fees_opg,rewards_opg,slashed_opg,minted_opg,burned_opg,unpaid_fees_opg}", "OPG", kInOpg,
     "economy only"},
    {"economy.totals.{invalid_slashes,downtime_slashes}", "count", "slashing events", "economy only"},
    {"economy.totals.operators_forced_out", "count",
     "operators removed for stake below the minimum (inference: economy.min_stake_opg; other roles: "
     "economy.roles.<role>.min_stake_opg)",
     "economy only"},
    {"economy.totals.operators_left", "count", "all departures (incl. forced)", "economy only"},
    {"economy.totals.operators_joined", "count", "joins completed", "economy only"},
    {"economy.end.{supply_units,staked_units,operators_staked_units,unbonding_units,treasury_units}", "base units",
     "the ledger when the run stopped", "economy only"},
    {"economy.end.{supply_opg,staked_opg,operators_staked_opg,unbonding_opg,treasury_opg}", "OPG", kInOpg,
     "economy only"},
    {"economy.end.{delegated_units,rewards_bucket_units,locked_units}", "base units",
     "holders' delegated stake, what the staking-rewards bucket still holds, tokens of all buckets not yet unlocked",
     "economy only"},
    {"economy.end.{delegated_opg,rewards_bucket_opg,locked_opg}", "OPG", kInOpg, "economy only"},
    {"economy.end.staking_yield_annual", "fraction", "the last epoch's staking yield (as ledger.csv's column)",
     "economy only"},
    {"economy.end.token_price_usd", "USD", "the price at the last epoch end", "economy only"},
    {"economy.end.operators_active", "count", "operators in the network", "economy only"},
    {"economy.end.{active_users,cohorts}", "count", "active users and cohorts (users arrivals only, else 0)",
     "economy only"},
    {"economy.roles.<role>.{operators_active,operators_left,operators_joined}", "count",
     "a role's operators at the end: active, and how many left and joined over the run (inference's are "
     "`economy.end.operators_active` and `economy.totals.operators_{left,joined}`)",
     "economy with `economy.roles.<role>.decide` only"},
    {"economy.market.{pool_opg_units,bought_units,sold_units}", "base units",
     "the amm pool's OPG reserve at the end; OPG bought from it (users' fees and budgets, buybacks) and sold to "
     "it (operators' costs) over the run", "economy with `economy.price.market.type` amm only"},
    {"economy.market.{pool_opg,bought_opg,sold_opg}", "OPG", kInOpg, "economy with `economy.price.market.type` amm only"},
    {"economy.market.pool_usd", "USD", "the pool's USD reserve at the end (shocks scale it)",
     "economy with `economy.price.market.type` amm only"},
    {"economy.market.{usd_in,usd_out}", "USD", "dollars paid into the pool for OPG and paid out of it for OPG",
     "economy with `economy.price.market.type` amm only"},
    {"economy.market.{buys,sells}", "count", "swaps against the pool", "economy with `economy.price.market.type` amm only"},
    {"economy.market.unlock_sold_units", "base units", "holders' unlocked tokens sold to the pool over the run",
     "economy with `economy.price.market.unlock_sell_per_day` > 0 only"},
    {"economy.governance.{proposals,passed,rejected,executed}", "count",
     "proposals submitted, passed, rejected (quorum or threshold not met) and executed",
     "economy with `economy.governance.enabled` only"},
    {"economy.governance.{fee_multiplier,reward_multiplier,slash_invalid_fraction}", "factor",
     "the parameters in force at the end", "economy with `economy.governance.enabled` only"},
    {"economy.fund.{subsidies_units,grants_units}", "base units",
     "operator subsidies and grants to app builders paid from the treasury over the run",
     "economy with `economy.fund.enabled` or `economy.governance.enabled` only"},
    {"economy.fund.{subsidies_opg,grants_opg}", "OPG", kInOpg,
     "economy with `economy.fund.enabled` or `economy.governance.enabled` only"},
    {"economy.fund.{subsidy_payments,grant_users,grant_users_pending}", "count",
     "subsidies paid (operator-epochs), users the grants brought, users still in the grants' pipeline at the end",
     "economy with `economy.fund.enabled` or `economy.governance.enabled` only"},
    {"economy.payments.charges", "count", "x402 charges settled by payment-chain blocks",
     "economy with `economy.payments.type` x402 only"},
    {"economy.payments.{charged_units,pending_units}", "base units",
     "the settled charges' amounts (what a payer could not pay is in `totals.unpaid_fees_units`), and the charges "
     "still waiting for a block when the run stopped (not paid)",
     "economy with `economy.payments.type` x402 only"},
    {"economy.payments.{charged_opg,pending_opg}", "OPG", kInOpg, "economy with `economy.payments.type` x402 only"},
    {"economy.payments.pending", "count", "charges waiting for a payment-chain block when the run stopped",
     "economy with `economy.payments.type` x402 only"},
    {"economy.payments.lapsed", "count",
     "accepted requests never charged: their authorization lapsed (timed out, failed, rejected by a node, or late "
     "with `charge_on` delivered)",
     "economy with `economy.payments.type` x402 only"},
    {"economy.payments.{rejected,rejected_chain_down}", "count",
     "requests the gateway refused because the x402 handshake failed, and of them those refused while the payment "
     "chain was down (the rest: payer short of `precheck_opg`); they end `rejected`",
     "economy with `economy.payments.type` x402 only"},
    {"economy.payments.outages", "count", "payment_chain_down events", "economy with `economy.payments.type` x402 only"},
    {"economy.payments.escrow_units", "base units",
     "fee shares held in the x402_escrow account at the end: the verifier, validator or prover shares of requests "
     "still unfinished when the run stopped (sim/engine/economy_escrow.cpp)",
     "economy with x402 and a non-zero fee share for a verifier, validator or prover role with nodes only"},
    {"economy.payments.escrow_opg", "OPG", kInOpg,
     "economy with x402 and a non-zero fee share for a verifier, validator or prover role with nodes only"},
    {"economy.payments.{escrow_released_units,escrow_forfeited_units}", "base units",
     "shares released from the x402 escrow to the nodes that served their requests, and to the treasury (the request "
     "ended otherwise than completed, or no node of the role served it)",
     "economy with x402 and a non-zero fee share for a verifier, validator or prover role with nodes only"},
    {"economy.payments.{latency_mean_s,latency_max_s}", "s",
     "from a charge's computation (the answer back at its client) to the payment-chain block that settled it",
     "economy with `economy.payments.type` x402 only"},
    {"pools", "",
     "one object per inference pool, in the order written: `name`, `model`, `nodes`; `routed` (requests the "
     "router sent to its nodes) and `routed_by_class` (the same by class name: a class is only sent to pools "
     "serving its model); `completed` (measured completed requests it served), `throughput_rps` (those / "
     "(`duration_s` − `warmup_s`)), `latency_p50_s` and `latency_p99_s` (their user-seen latency); "
     "`utilization` (its nodes' mean busy fraction over the whole run, [0, `sim_end_s`])",
     "scenarios with `roles.inference.pools` only", true},
    {"horizon.{periods,windows_simulated,windows_reused}", "count",
     "long-horizon mode: periods stepped; request-level windows simulated (child processes) and taken from the "
     "cache instead (from an earlier period of this run or from `horizon.cache_dir`)",
     "long-horizon runs (scenario `horizon`) only"},
    {"horizon.{periods_measured,periods_reused,periods_interpolated,periods_idle}", "count",
     "periods by where their performance came from (timeseries.csv's `perf_source`)",
     "long-horizon runs (scenario `horizon`) only"},
    {"horizon.{length_s,period_s,window_s}", "s", "the horizon's length, one period, one window",
     "long-horizon runs (scenario `horizon`) only"},
    {"horizon.rate_step", "fraction", "the rate grid's relative spacing", "long-horizon runs (scenario `horizon`) only"},
    {"horizon.{offered_rps,throughput_rps}", "req/s", "over the whole horizon: offered and completed requests / length_s",
     "long-horizon runs (scenario `horizon`) only"},
    {"horizon.{offered,completed,failed,slow}", "count", "sums of timeseries.csv's columns of the same names",
     "long-horizon runs (scenario `horizon`) only"},
    {"horizon.latency_p99_s_max", "s", "the largest period's window p99 latency",
     "long-horizon runs (scenario `horizon`) only"},
    {"horizon.active_users_day_30", "count",
     "users still active at the end of day 30 (after the first period that ends at or after 30 × 86,400 s): the "
     "one-month retention outcome of studies",
     "long-horizon runs whose horizon reaches day 30 only"},
    {"horizon.active_users_day_180", "count",
     "users still active at the end of day 180 (after the first period that ends at or after 180 × 86,400 s): the "
     "half-year retention outcome of studies",
     "long-horizon runs whose horizon reaches day 180 only"},
    {"sim_end_s", "s", "simulated time at which the run stopped"},
};

std::vector<Placeholder> placeholders() {
  Placeholder state{"state", {}}, stage{"stage", {}};
  for (int o = 0; o < lifecycle::kOutcomeCount; ++o)
    state.values.emplace_back(lifecycle::to_string(static_cast<lifecycle::Outcome>(o)));
  for (const auto& s : lifecycle::stage_table()) stage.values.emplace_back(s.name);
  // The node roles (faults::Role up to the last node role; the registry's names).
  Placeholder role{"role", {}};
  for (int r = static_cast<int>(faults::Role::Verifier); r <= static_cast<int>(faults::Role::Prover); ++r)
    role.values.emplace_back(faults::to_string(static_cast<faults::Role>(r)));
  return {state, stage, role};
}
}  // namespace

const FieldRegistry& summary_fields() {
  static const FieldRegistry registry("summary.json", kFields, placeholders());
  return registry;
}

}  // namespace opgsim::analysis::output
