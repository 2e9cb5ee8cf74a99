// Held sends and their release (see outbox.hpp).
#include "sim/engine/outbox.hpp"

namespace opgsim::engine {

namespace {
std::int64_t g_in_flight = 0;  // sent and not yet taken by an Inbox
}  // namespace

std::vector<Outbox*>& Outbox::by_actor() {
  static std::vector<Outbox*> outboxes;  // by actor id; one simulation per process
  return outboxes;
}

std::unordered_map<const Message*, Outbox::Sent>& Outbox::in_flight() {
  static std::unordered_map<const Message*, Sent> sent;  // by the message sent
  return sent;
}

Outbox::Outbox() : actor_(sg4::this_actor::get_pid()) {
  auto& all = by_actor();
  const auto i = static_cast<std::size_t>(actor_);
  if (all.size() <= i) all.resize(i + 1, nullptr);
  all[i] = this;
}

Outbox::~Outbox() {
  auto& all = by_actor();
  const auto i = static_cast<std::size_t>(actor_);
  if (i < all.size() && all[i] == this) all[i] = nullptr;
}

void Outbox::send(sg4::Mailbox* to, Message* message, double bytes) {
  Outbox* owner = nullptr;
  if (++g_in_flight > kDetachedInFlight) {  // the common case of small runs looks nothing up
    const auto i = static_cast<std::size_t>(sg4::this_actor::get_pid());
    const auto& all = by_actor();
    owner = i < all.size() ? all[i] : nullptr;
  }
  if (owner == nullptr) {
    to->put_init(message, static_cast<uint64_t>(bytes))->detach();
    return;
  }
  sg4::CommPtr comm = to->put_async(message, static_cast<uint64_t>(bytes));
  in_flight().insert_or_assign(message, Sent{std::move(comm), owner->actor_});
}

void Outbox::delivered(const Message* message) {
  --g_in_flight;
  auto& sent = in_flight();
  if (sent.empty()) return;
  const auto it = sent.find(message);
  if (it == sent.end()) return;  // a detached send
  auto& all = by_actor();
  const auto owner = static_cast<std::size_t>(it->second.owner);
  if (owner < all.size() && all[owner] != nullptr) all[owner]->delivered_.push_back(std::move(it->second.comm));
  sent.erase(it);
}

void Outbox::release_delivered() {
  if (delivered_.empty()) return;
  for (auto& c : delivered_) c->wait();  // finished: returns at once, and SimGrid forgets it
  delivered_.clear();
}

void Outbox::end_of_run() {
  in_flight().clear();
  by_actor().clear();
  g_in_flight = 0;
}

}  // namespace opgsim::engine
