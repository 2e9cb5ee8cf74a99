// A service's sender (see service.hpp): how work for one service reaches a node of the role that
// serves it. The serving role's folder defines it (which node it picks, what the message weighs)
// and registers it with the world at start; message posting calls it through this interface. It
// owns the service's held queue: work sent while no node can take it waits there, oldest first,
// and leaves when release() finds a node (a node recovered, a region came back). One virtual
// call per send: nothing is allocated per request.
#pragma once

#include <cstdint>
#include <deque>

#include "sim/engine/request.hpp"

namespace opgsim::engine {

class World;
class RoleDirectory;

class ServiceSender {
public:
  explicit ServiceSender(World& world) : world_(world) {}
  virtual ~ServiceSender() = default;
  ServiceSender(const ServiceSender&) = delete;
  ServiceSender& operator=(const ServiceSender&) = delete;

  // Sends m to a node that can take it now, from a host in from_region; false (nothing sent)
  // when none can.
  virtual bool try_send(Message* m, int from_region) = 0;
  // Sends m, or holds it until a node can take it.
  void send_or_hold(Message* m, int from_region) {
    if (!try_send(m, from_region)) held_.push_back(m);
  }
  // Sends held work, oldest first, while some node can take it; each leaves from its inference
  // node's region.
  void release() {
    while (!held_.empty() && can_take()) {
      Message* m = held_.front();
      held_.pop_front();
      send_or_hold(m, home_region(*m));
    }
  }
  // Reachability changed (a region cut or restored): refresh what the choice reads. Called for
  // every service before any held work is released.
  virtual void reachability_changed(double /*now*/) {}
  // Work held because no node could take it.
  std::uint64_t held() const { return held_.size(); }

protected:
  // Whether some node can take work now (a least-loaded pick moves its tie-break cursor, as the
  // pick before each release always did).
  virtual bool can_take() = 0;
  // The region held work leaves from when released: that of the inference node it belongs to.
  virtual int home_region(const Message& m) const = 0;

  World& world_;

private:
  std::deque<Message*> held_;
};

// The common policy: the least loaded available node of one role's directory (up, its region
// reachable; RoleDirectory::choose), counted as sent to it. A role's sender says what the
// message is, what it weighs and where the choice is recorded.
class LeastLoadedSender : public ServiceSender {
public:
  LeastLoadedSender(World& world, RoleDirectory& directory, MessageKind kind)
      : ServiceSender(world), directory_(directory), kind_(kind) {}
  bool try_send(Message* m, int from_region) final;

protected:
  bool can_take() final;
  // The node chosen for m (written into the message: the node that serves it now).
  virtual void chosen(Message& m, std::uint32_t node) = 0;
  virtual double bytes(const Message& m) const = 0;

private:
  RoleDirectory& directory_;
  MessageKind kind_;
};

// A least-loaded sender of requests (the node serving one is its `helper`); held ones leave from
// their inference node's region.
class RequestSender : public LeastLoadedSender {
public:
  using LeastLoadedSender::LeastLoadedSender;

protected:
  void chosen(Message& m, std::uint32_t node) override { static_cast<Request&>(m).helper = node; }
  int home_region(const Message& m) const override;
};

}  // namespace opgsim::engine
