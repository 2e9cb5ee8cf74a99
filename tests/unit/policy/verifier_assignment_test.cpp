// Verifier assignment policies: who gets picked, down verifiers, ties, names, no allocation.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "models/policy/verifier_assignment.hpp"
#include "tests/unit/allocation_counter.hpp"


using namespace opgsim::policy;
using opgsim::Rng;

namespace {

std::int64_t decide(VerifierPolicy& p, const std::vector<VerifierView>& vs, Rng& rng) {
  return p.decide(VerifierSnapshot{std::span<const VerifierView>(vs)}, rng);
}

constexpr VerifierPolicyType kAll[] = {VerifierPolicyType::LeastLoaded, VerifierPolicyType::Random,
                                       VerifierPolicyType::RoundRobin};

VerifierView view(std::uint32_t cores, std::uint32_t busy, double queued, bool up = true) {
  return VerifierView{cores, busy, queued, up};
}

}  // namespace

TEST_CASE("verifier policy names round-trip") {
  CHECK(std::string(to_string(VerifierPolicyType::LeastLoaded)) == "least_loaded");
  CHECK(std::string(to_string(VerifierPolicyType::Random)) == "random");
  CHECK(std::string(to_string(VerifierPolicyType::RoundRobin)) == "round_robin");
  for (auto t : kAll) CHECK(verifier_policy_from_string(to_string(t)) == t);
  CHECK_FALSE(verifier_policy_from_string("least_outstanding").has_value());
}

TEST_CASE("expected_wait is queued work over cores, infinite when not eligible") {
  CHECK(expected_wait(view(4, 4, 10.0)) == 2.5);
  CHECK(expected_wait(view(1, 0, 0.0)) == 0.0);
  CHECK(std::isinf(expected_wait(view(4, 0, 0.0, false))));
  CHECK(std::isinf(expected_wait(view(0, 0, 0.0))));
}

TEST_CASE("every verifier policy returns kNoVerifierUp when none is up or there are none") {
  Rng rng(1);
  const std::vector<VerifierView> down(5, view(8, 0, 0, false));
  const std::vector<VerifierView> coreless(3, view(0, 0, 0));
  const std::vector<VerifierView> none;
  for (auto t : kAll) {
    CAPTURE(to_string(t));
    auto p = make_verifier_policy(t);
    for (int i = 0; i < 3; ++i) CHECK(decide(*p, down, rng) == kNoVerifierUp);
    CHECK(decide(*p, coreless, rng) == kNoVerifierUp);
    CHECK(decide(*p, none, rng) == kNoVerifierUp);
  }
}

TEST_CASE("no verifier policy picks a down verifier") {
  Rng rng(2);
  std::vector<VerifierView> vs(40);
  for (std::size_t i = 0; i < vs.size(); ++i) vs[i] = view(4, 4, static_cast<double>(i % 5), i % 7 == 3);
  for (auto t : kAll) {
    CAPTURE(to_string(t));
    auto p = make_verifier_policy(t);
    for (int i = 0; i < 1000; ++i) {
      const auto k = decide(*p, vs, rng);
      REQUIRE(k >= 0);
      REQUIRE(vs[static_cast<std::size_t>(k)].up);
    }
  }
}

TEST_CASE("least_loaded picks the smallest expected wait, not the smallest queue") {
  Rng rng(3);
  auto p = make_verifier_policy(VerifierPolicyType::LeastLoaded);
  // Waits: 10/1 = 10, 24/8 = 3, 1/1 = 1 (but down), 8/2 = 4.
  std::vector<VerifierView> vs = {view(1, 1, 10), view(8, 8, 24), view(1, 1, 1, false), view(2, 2, 8)};
  CHECK(decide(*p, vs, rng) == 1);
  vs[3].queued_core_s = 4;  // wait 2
  CHECK(decide(*p, vs, rng) == 3);
  vs[2].up = true;  // wait 1
  CHECK(decide(*p, vs, rng) == 2);
  // Equal waits: a verifier with an idle core beats a saturated one.
  std::vector<VerifierView> eq = {view(2, 2, 0), view(2, 1, 0), view(2, 2, 0)};
  for (int i = 0; i < 4; ++i) CHECK(decide(*p, eq, rng) == 1);
}

TEST_CASE("least_loaded rotates ties") {
  Rng rng(4);
  auto p = make_verifier_policy(VerifierPolicyType::LeastLoaded);
  std::vector<VerifierView> eq(3, view(4, 0, 0));
  std::vector<std::int64_t> got;
  for (int i = 0; i < 4; ++i) got.push_back(decide(*p, eq, rng));
  CHECK(got == std::vector<std::int64_t>{0, 1, 2, 0});
  // A pool that never sees completions fills evenly when each pick adds the same work.
  std::vector<VerifierView> pool(5, view(2, 2, 0));
  auto q = make_verifier_policy(VerifierPolicyType::LeastLoaded);
  for (int i = 0; i < 50; ++i) pool[static_cast<std::size_t>(decide(*q, pool, rng))].queued_core_s += 1.0;
  for (const auto& v : pool) CHECK(v.queued_core_s == 10.0);
}

TEST_CASE("round_robin cycles and skips down verifiers, ignores load") {
  Rng rng(5);
  std::vector<VerifierView> vs(4, view(2, 0, 0));
  auto p = make_verifier_policy(VerifierPolicyType::RoundRobin);
  std::vector<std::int64_t> got;
  for (int i = 0; i < 6; ++i) got.push_back(decide(*p, vs, rng));
  CHECK(got == std::vector<std::int64_t>{0, 1, 2, 3, 0, 1});
  vs[2].up = false;
  vs[3].queued_core_s = 1e6;
  got.clear();
  for (int i = 0; i < 6; ++i) got.push_back(decide(*p, vs, rng));
  CHECK(got == std::vector<std::int64_t>{3, 0, 1, 3, 0, 1});
}

TEST_CASE("random is uniform over up verifiers") {
  Rng rng(6);
  std::vector<VerifierView> vs(6, view(1, 0, 0));
  vs[1].up = false;
  auto p = make_verifier_policy(VerifierPolicyType::Random);
  std::vector<double> hits(6, 0);
  const int n = 50000;
  for (int i = 0; i < n; ++i) hits[static_cast<std::size_t>(decide(*p, vs, rng))] += 1;
  CHECK(hits[1] == 0);
  const double e = n / 5.0;
  double chi2 = 0;
  for (std::size_t k = 0; k < vs.size(); ++k)
    if (vs[k].up) chi2 += (hits[k] - e) * (hits[k] - e) / e;
  CHECK(chi2 < 4 + 5 * std::sqrt(8.0));  // 4 degrees of freedom
  // One of 1000 up: rejection sampling fails, the scan still finds it.
  std::vector<VerifierView> sparse(1000, view(1, 0, 0, false));
  sparse[321].up = true;
  for (int i = 0; i < 20; ++i) CHECK(decide(*p, sparse, rng) == 321);
}

TEST_CASE("verifier decide() does not allocate") {
  std::vector<VerifierView> vs(64);
  for (std::size_t i = 0; i < vs.size(); ++i) vs[i] = view(4, 4, static_cast<double>(i % 9), i % 3 != 0);
  const VerifierSnapshot snap{std::span<const VerifierView>(vs)};
  Rng rng(7);
  for (auto t : kAll) {
    auto p = make_verifier_policy(t);
    std::int64_t sum = 0;
    const long before = opgsim::test::g_allocations.load();
    for (int i = 0; i < 1000; ++i) sum += p->decide(snap, rng);
    CHECK(opgsim::test::g_allocations.load() == before);
    CHECK(sum != 0);
  }
}
