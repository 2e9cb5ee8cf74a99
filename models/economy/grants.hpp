// Ecosystem grants that bring new users with a lag: the premise "if the network holds up, people
// build" as a rule the treasury can act on.
//
// A grant of OPG worth usd (at the price it was paid) funds app builders whose apps bring
// usd / usd_per_user new users lag_s later, as one cohort. usd_per_user (a user-acquisition cost)
// and the lag are assumptions to sweep; no OpenGradient grant data is published. Pure: the
// economy pays the grant from the ecosystem bucket and adds the users when they are due.
#pragma once

#include <cstdint>
#include <deque>

namespace opgsim::economy {

struct GrantConfig {
  double usd_per_user = 20;          // assumption: cost of one acquired user (sweep 5-100)
  double lag_s = 30 * 86400.0;       // assumption: a month from grant to users
  // Throws InputError "<prefix>.<key>: must be <rule>, got <value>".
  void validate(const char* prefix) const;
};

class GrantPipeline {
public:
  explicit GrantPipeline(const GrantConfig& cfg);  // validates ("economy.grants")
  // A grant worth `usd` paid at `now`: floor(usd / usd_per_user) users due at now + lag_s (the
  // fraction of a user is carried to the next grant, so none is lost to rounding).
  void grant(double usd, double now);
  // Users whose time has come (due <= now), removed from the pipeline.
  std::uint64_t take_due(double now);
  std::uint64_t in_pipeline() const;
  std::uint64_t granted_users() const { return granted_; }

private:
  struct Due {
    double at_s;
    std::uint64_t users;
  };
  GrantConfig cfg_;
  std::deque<Due> due_;   // in grant order, so in due order
  double carry_ = 0;
  std::uint64_t granted_ = 0;
};

}  // namespace opgsim::economy
