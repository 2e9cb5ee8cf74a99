// Verification mode names are the scenario names and round-trip.
#include <doctest/doctest.h>

#include <string>

#include "models/proof/verification_mode.hpp"

using namespace opgsim::proof;

TEST_CASE("verification mode names round-trip") {
  CHECK(std::string(to_string(VerificationMode::Vanilla)) == "vanilla");
  CHECK(std::string(to_string(VerificationMode::Tee)) == "tee");
  CHECK(std::string(to_string(VerificationMode::Zkml)) == "zkml");
  CHECK(std::string(to_string(VerificationMode::ZkCrv)) == "zk_crv");
  for (auto m : {VerificationMode::Vanilla, VerificationMode::Tee, VerificationMode::Zkml, VerificationMode::ZkCrv})
    CHECK(verification_mode_from_string(to_string(m)) == m);
  CHECK_FALSE(verification_mode_from_string("zk-crv").has_value());
  CHECK_FALSE(verification_mode_from_string("TEE").has_value());
  CHECK_FALSE(verification_mode_from_string("").has_value());
}
