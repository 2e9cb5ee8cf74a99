// The plain-distribution service models (exponential, deterministic, lognormal): `concurrency`
// servers, each job holding one for a service time drawn at admission. They let the engine be
// checked against queueing theory (M/M/c, M/D/1, ...). Pure: no SimGrid.
#pragma once

#include <cstdint>
#include <vector>

#include "models/common/rng.hpp"
#include "models/service/service_model.hpp"

namespace opgsim::service {

class SlotServer final : public ServiceModel {
public:
  enum class Distribution { Exponential, Deterministic, Lognormal };
  // mean_s > 0; cv >= 0 (lognormal only); concurrency >= 1. Throws InputError otherwise.
  SlotServer(Distribution dist, double mean_s, double cv, std::uint32_t concurrency, Rng rng);

  bool can_admit(const Job& job) const override;
  void admit(const Job& job, double now) override;
  double next_event_time() const override;
  void advance(double now, std::vector<ServiceEvent>& out) override;
  std::uint32_t in_service() const override { return static_cast<std::uint32_t>(heap_.size()); }
  std::uint32_t slots() const override { return concurrency_; }
  // Exact for now at or after the last admit/advance time and not past next_event_time() (call
  // advance(now) first).
  double busy_integral(double now) const override;
  // The busy period is closed at the last time passed to admit/advance: call advance(now) first.
  // Completions due before that time that advance() has not yet returned are still returned.
  void abort_all(std::vector<std::uint32_t>& ids) override;
  // Service times drawn by admissions from now on are multiplied by factor; jobs in service keep
  // their completion times. The draws themselves are unchanged, so a run stays reproducible.
  void set_slowdown(double factor, double now) override;

private:
  struct Slot {
    double done;         // completion time
    std::uint64_t seq;   // admission order: deterministic tie-break
    std::uint32_t id;
  };
  static bool later(const Slot& a, const Slot& b) { return a.done != b.done ? a.done > b.done : a.seq > b.seq; }
  double draw();
  void account(double now);    // integrates busy servers up to now
  void complete_due(double now);  // moves completions at or before now into pending_

  Distribution dist_;
  double mean_s_;
  double mu_ = 0, sigma_ = 0;  // lognormal parameters of ln(service time)
  double slowdown_ = 1.0;
  std::uint32_t concurrency_;
  Rng rng_;
  std::vector<Slot> heap_;                 // min-heap on (done, seq); capacity kept
  std::vector<ServiceEvent> pending_;      // events not yet handed out by advance(), in time order
  std::uint64_t next_seq_ = 0;
  double last_t_ = 0;                      // busy accounting is integrated up to here
  double busy_server_seconds_ = 0;
};

}  // namespace opgsim::service
