// The x402 payment chain's actor (see payment_chain.hpp).
#include "sim/engine/payment_chain.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>

#include <simgrid/Exception.hpp>

#include "sim/engine/economy.hpp"

namespace opgsim::engine {

std::uint64_t PaymentService::charge(const economy::Charge& c, const Earners& earners, double now) {
  const std::uint64_t seq = chain_.settled_count() + chain_.pending();
  const bool idle = chain_.pending() == 0;
  chain_.charge(c);
  earners_.push_back(earners);
  if (!idle) return seq;  // a block is already due (or the chain is down and the actor waits for it)
  next_block_ = chain_.next_block_after(now);
  if (wake_ && chain_.up()) wake_->notify_all();
  return seq;
}

void PaymentService::run(Economy& economy, World& world, std::vector<faults::FaultEvent> outages) {
  const double inf = std::numeric_limits<double>::infinity();
  const double block_s = chain_.config().block_time_s;
  sg4::MutexPtr mutex = sg4::Mutex::create();
  wake_ = sg4::ConditionVariable::create();
  std::unique_lock<sg4::Mutex> lock(*mutex);
  // SimGrid ends this daemon at the end of the run by unwinding it with ForcefulKillException;
  // `lock` must not unlock then: an unlock is a simcall, and under thread contexts (the sanitizer
  // build's) it waits for a maestro that is joining this very thread, so the run never ends.
  try {
    std::size_t next = 0;
    while (true) {
      const double now = sg4::Engine::get_clock();
      for (; next < outages.size() && outages[next].time_s <= now; ++next) {
        const bool up = outages[next].kind == faults::FaultKind::PaymentChainUp;
        chain_.set_up(up);
        outages_ += up ? 0 : 1;
        // What waited lands in the first block after the outage.
        if (up && chain_.pending() > 0) next_block_ = chain_.next_block_after(now);
        economy.payment_chain_changed(up, now);
      }
      if (chain_.up() && chain_.pending() > 0 && next_block_ <= now) {
        block_.clear();
        chain_.produce_block(block_);
        // The block's earners leave the queue with their charges (pending_earners stays in step).
        block_earners_.assign(earners_.begin(), earners_.begin() + static_cast<std::ptrdiff_t>(block_.size()));
        earners_.erase(earners_.begin(), earners_.begin() + static_cast<std::ptrdiff_t>(block_.size()));
        for (std::size_t k = 0; k < block_.size(); ++k) {
          const economy::Charge& c = block_[k];
          latency_sum_s_ += now - c.charged_s;
          latency_max_s_ = std::max(latency_max_s_, now - c.charged_s);
          economy.settle_charge(c, block_earners_[k], now);
        }
        // max_per_block left some: the next block (half a block on, so rounding cannot repeat this one).
        next_block_ = chain_.pending() > 0 ? chain_.next_block_after(now + block_s / 2) : inf;
      }
      double until = next < outages.size() ? outages[next].time_s : inf;
      if (chain_.up() && chain_.pending() > 0) until = std::min(until, next_block_);
      if (std::isinf(until))
        wake_->wait(lock);
      else if (until > now)
        wake_->wait_until(lock, until);
      ++world.events;
    }
  } catch (const simgrid::ForcefulKillException&) {
    (void)lock.release();  // the mutex dies with this frame; nobody else ever takes it
    throw;
  }
}

}  // namespace opgsim::engine
