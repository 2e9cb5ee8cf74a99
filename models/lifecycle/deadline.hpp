// A request's deadline (submit + the workload's timeout: its client gives up then), and the one
// place that judges it. Two questions, deliberately different at the boundary:
//  - passed(now): is it too late to spend work on the request (or to keep it waiting)? True
//    from the deadline on: work that would start at the deadline cannot finish in time.
//  - late(now): did a result that arrived at `now` miss it? A result arriving exactly at the
//    deadline is still on time.
#pragma once

namespace opgsim::lifecycle {

struct Deadline {
  double at = 0;  // simulated seconds

  bool passed(double now) const { return now >= at; }
  bool late(double now) const { return now > at; }
};

}  // namespace opgsim::lifecycle
