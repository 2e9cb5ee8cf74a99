// The validator role's service (sim/engine/service_sender.hpp): a request to settle goes to the
// chain's mailbox, headers only, reachable from everywhere (any validator takes it). Never held.
#pragma once

#include "sim/engine/world.hpp"

namespace opgsim::engine {

class SettleSender final : public ServiceSender {
public:
  SettleSender(World& world, sg4::Mailbox* chain) : ServiceSender(world), chain_(chain) {}

  bool try_send(Message* m, int from_region) override {
    m->kind = MessageKind::Settle;
    world_.post(chain_, -1, from_region, m, world_.control_bytes());
    return true;
  }

protected:
  bool can_take() override { return true; }
  int home_region(const Message&) const override { return -1; }

private:
  sg4::Mailbox* chain_;
};

}  // namespace opgsim::engine
