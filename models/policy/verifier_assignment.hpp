// Verifier assignment policies (suggested scenario key `roles.verifier.policy`): which verifier
// node checks a proof or attestation.
//
// Same shape as the router policies (router_policy.hpp): a pure decision over a read-only
// snapshot of the verifiers, `decide(snapshot, rng) -> verifier index`, that mutates nothing but
// its own cursor and the rng it is handed, and allocates nothing. The verifier actor runs the
// work as SimGrid executions on a multi-core host; the snapshot is what it reports.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "models/common/enum_names.hpp"
#include "models/common/rng.hpp"

namespace opgsim::policy {

struct VerifierView {
  std::uint32_t cores = 1;       // proofs it can check at once (one per core)
  std::uint32_t busy_cores = 0;  // cores checking a proof now
  double queued_core_s = 0;      // work waiting for a core, in core-seconds
  bool up = true;                // down verifiers, and verifiers with no core, are never chosen
};

struct VerifierSnapshot {
  std::span<const VerifierView> verifiers;
};

// least_loaded: the smallest expected_wait(); among equal waits a verifier with an idle core
// first; remaining ties go to the first tied verifier at or after a start index that moves past
// each choice, so equal verifiers share work evenly. random: uniform among eligible verifiers.
// round_robin: cycles through indices, skipping ineligible verifiers.
enum class VerifierPolicyType { LeastLoaded, Random, RoundRobin };
inline constexpr EnumNames<VerifierPolicyType, 3> kVerifierPolicyNames{{{VerifierPolicyType::LeastLoaded, "least_loaded"},
                                                                        {VerifierPolicyType::Random, "random"},
                                                                        {VerifierPolicyType::RoundRobin, "round_robin"}}};

constexpr std::int64_t kNoVerifierUp = -1;

class VerifierPolicy {
public:
  virtual ~VerifierPolicy() = default;
  // Index of the chosen verifier, or kNoVerifierUp if none is up with at least one core.
  virtual std::int64_t decide(const VerifierSnapshot& snapshot, Rng& rng) = 0;
};

// Seconds a proof arriving now waits for a core: the queued work spread over all cores
// (queued_core_s / cores). It ignores the remainder of the proofs being checked, which the
// snapshot does not carry; least_loaded breaks ties on idle cores for that reason.
// +infinity for a verifier that is down or has no core.
double expected_wait(const VerifierView& v);

std::unique_ptr<VerifierPolicy> make_verifier_policy(VerifierPolicyType type);
// The scenario names: least_loaded, random, round_robin.
const char* to_string(VerifierPolicyType type);
// The inverse of to_string; nullopt for an unknown name.
std::optional<VerifierPolicyType> verifier_policy_from_string(std::string_view name);

}  // namespace opgsim::policy
