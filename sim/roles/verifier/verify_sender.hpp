// The verifier role's service (sim/engine/service_sender.hpp): a proof goes to the verifier the
// assignment policy picks (verifier_assignment.hpp) on its views of the verifiers, with its
// proof's bytes; held while none can take it. The verifier nodes tell it what reached them and
// publish their state to it; reachability changes refresh its views before held work leaves.
#pragma once

#include "sim/engine/world.hpp"
#include "sim/roles/verifier/verifier_assignment.hpp"

namespace opgsim::engine {

class VerifySender final : public ServiceSender {
public:
  explicit VerifySender(World& world) : ServiceSender(world), assignment_(world.scenario) {}

  bool try_send(Message* m, int from_region) override {
    auto* r = static_cast<Request*>(m);
    const std::int64_t v = assignment_.assign(r->verify_core_s);
    if (v < 0) return false;
    r->helper = static_cast<std::uint32_t>(v);
    world_.send_to_node(directory(), r->helper, r, MessageKind::Verify, r->proof_bytes + world_.control_bytes(),
                        from_region);
    return true;
  }
  void reachability_changed(double /*now*/) override {
    for (std::uint32_t v = 0; v < directory().size(); ++v) assignment_.set_reachable(v, reachable(v));
  }
  // A proof reached verifier v (no longer in transit); v's local state changed.
  void received(std::uint32_t v, const Request& r) { assignment_.received(v, r.verify_core_s); }
  void publish(std::uint32_t v, std::uint32_t busy_cores, double queued_core_s) {
    assignment_.publish(v, busy_cores, queued_core_s, reachable(v));
  }

protected:
  bool can_take() override { return assignment_.any_available(); }
  int home_region(const Message& m) const override { return world_.node_region(static_cast<const Request&>(m).node); }

private:
  RoleDirectory& directory() const { return world_.directory(faults::Role::Verifier); }
  bool reachable(std::uint32_t v) const { return directory().up(v) && !world_.region_cut(directory().region(v)); }

  VerifierAssignment assignment_;  // the assignment policy and its views
};

}  // namespace opgsim::engine
