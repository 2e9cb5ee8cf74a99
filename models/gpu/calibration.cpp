// Levenberg-Marquardt calibration of the step-time parameters (see calibration.hpp).
#include "models/gpu/calibration.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>

#include "models/gpu/closed_loop.hpp"

namespace opgsim::gpu {
namespace {

constexpr int kParams = 5;
using Vec = Eigen::Matrix<double, kParams, 1>;
using Mat = Eigen::Matrix<double, kParams, kParams>;
constexpr double kClampU = 30;  // keeps exp() finite and efficiencies away from exactly 0

double logit(double p) { return std::log(p / (1 - p)); }
double logistic(double u) { return 1 / (1 + std::exp(-u)); }
double softplus(double u) { return u > 30 ? u : std::log1p(std::exp(u)); }
double softplus_inv(double y) { return y > 30 ? y : std::log(std::expm1(std::max(y, 1e-12))); }

// Parameters <-> the unconstrained vector LM works on.
class Transform {
public:
  // request_free false: request_overhead_s is held at exactly 0 (its coordinate is ignored).
  Transform(const CalibrationOptions& o, bool request_free) : o_(o), request_free_(request_free) {}

  Vec to_u(const FitParams& p) const {
    // An efficiency of exactly 1 or an overhead of exactly 0 has no finite preimage: start
    // just inside.
    const auto eff = [](double e) { return logit(std::clamp(e, 1e-6, 1 - 1e-6)); };
    Vec u;
    u << eff(p.compute_efficiency), eff(p.bandwidth_efficiency),
        softplus_inv(p.iteration_overhead_s / o_.iteration_overhead_scale_s),
        softplus_inv(std::max(p.per_sequence_overhead_s, 1e-4 * o_.per_sequence_overhead_scale_s) /
                     o_.per_sequence_overhead_scale_s),
        std::log(std::max(p.request_overhead_s, 1e-4 * o_.request_overhead_scale_s) / o_.request_overhead_scale_s);
    return u;
  }
  FitParams from_u(const Vec& u) const {
    FitParams p;
    p.compute_efficiency = logistic(u[0]);
    p.bandwidth_efficiency = logistic(u[1]);
    p.iteration_overhead_s = o_.iteration_overhead_scale_s * softplus(u[2]);
    p.per_sequence_overhead_s = o_.per_sequence_overhead_scale_s * softplus(u[3]);
    p.request_overhead_s = request_free_ ? o_.request_overhead_scale_s * std::exp(u[4]) : 0.0;
    return p;
  }
  // Prior residuals: efficiencies in logit units, overheads in their scales.
  Vec prior(const FitParams& p) const {
    const FitParams& c = o_.initial;
    const auto eff = [](double e) { return logit(std::clamp(e, 1e-6, 1 - 1e-6)); };
    Vec r;
    r << eff(p.compute_efficiency) - eff(c.compute_efficiency), eff(p.bandwidth_efficiency) - eff(c.bandwidth_efficiency),
        (p.iteration_overhead_s - c.iteration_overhead_s) / o_.iteration_overhead_scale_s,
        (p.per_sequence_overhead_s - c.per_sequence_overhead_s) / o_.per_sequence_overhead_scale_s,
        (p.request_overhead_s - c.request_overhead_s) / o_.request_overhead_scale_s;
    return o_.prior_weight * r;
  }

private:
  const CalibrationOptions& o_;
  bool request_free_;
};

}  // namespace

std::vector<ProfilePoint> evaluate(const ModelFactory& factory, const FitParams& params,
                                   const std::vector<Measurement>& rows) {
  std::vector<ProfilePoint> out;
  for (const Measurement& m : rows) {
    auto model = factory(params);
    ClosedLoopConfig cfg;
    cfg.users = m.concurrency;
    cfg.prompt_tokens = m.prompt_tokens;
    cfg.output_tokens = m.output_tokens;
    cfg.request_overhead_s = params.request_overhead_s;
    const ClosedLoopResult r = run_closed_loop(*model, cfg);
    const auto add = [&](const char* metric, double measured, double value) {
      out.push_back(ProfilePoint{m.concurrency, m.prompt_tokens, m.output_tokens, metric, measured, value,
                                 100.0 * (value - measured) / measured});
    };
    if (m.ttft_s) add("ttft_s", *m.ttft_s, r.ttft_p50_s);
    if (m.tpot_s) add("tpot_s", *m.tpot_s, r.tpot_p50_s);
  }
  return out;
}

double rms_relative_error(const std::vector<ProfilePoint>& points) {
  double s = 0;
  for (const ProfilePoint& p : points) s += std::pow(p.model / p.measured - 1, 2);
  return points.empty() ? 0 : std::sqrt(s / static_cast<double>(points.size()));
}

namespace {

// Soft-L1 (pseudo-Huber) residual: squared, it is 2 c^2 (sqrt(1 + (x/c)^2) - 1), quadratic for
// |x| << c and linear beyond, so one point the model cannot represent (a measurement that
// includes something the model does not have) does not drag every other point away. c <= 0:
// plain least squares.
double robust(double x, double c) {
  if (!(c > 0)) return x;
  const double y = 2 * c * c * (std::sqrt(1 + (x / c) * (x / c)) - 1);
  return std::copysign(std::sqrt(y), x);
}

struct LmResult {
  FitParams params;
  double cost = 0;  // squared norm of the residuals, priors included
  int iterations = 0;
};

// One Levenberg-Marquardt run; with request_free false, request_overhead_s stays exactly 0 and
// only the other four parameters move.
LmResult run_lm(const ModelFactory& factory, const std::vector<Measurement>& rows, const CalibrationOptions& options,
                bool request_free) {
  const Transform tf(options, request_free);
  const int active = request_free ? kParams : kParams - 1;
  const auto residuals = [&](const Vec& u) {
    const FitParams p = tf.from_u(u);
    const std::vector<ProfilePoint> pts = evaluate(factory, p, rows);
    Eigen::VectorXd r(static_cast<Eigen::Index>(pts.size()) + kParams);
    for (std::size_t i = 0; i < pts.size(); ++i)
      r[static_cast<Eigen::Index>(i)] = robust(std::log(pts[i].model / pts[i].measured), options.robust_scale);
    r.tail<kParams>() = tf.prior(p);
    return r;
  };

  Vec u = tf.to_u(options.initial);
  Eigen::VectorXd r = residuals(u);
  double cost = r.squaredNorm();
  double lambda = 1e-3;
  int it = 0;
  for (; it < options.max_iterations; ++it) {
    // Central differences: the closed-loop outputs are smooth in the parameters between the
    // rare instants where two events swap order, and a step of 1e-4 logit/softplus units
    // stays well clear of the rounding of the event times.
    Eigen::MatrixXd J = Eigen::MatrixXd::Zero(r.size(), kParams);
    for (int k = 0; k < active; ++k) {
      const double h = 1e-4 * std::max(1.0, std::abs(u[k]));
      Vec up = u, down = u;
      up[k] += h;
      down[k] -= h;
      J.col(k) = (residuals(up) - residuals(down)) / (2 * h);
    }
    const Mat A = J.transpose() * J;
    const Vec g = J.transpose() * r;
    bool improved = false;
    double step_norm = 0;
    while (lambda < 1e12) {
      Mat M = A;
      for (int k = 0; k < kParams; ++k) M(k, k) += lambda * (A(k, k) + 1e-9);
      const Vec delta = M.ldlt().solve(-g);
      const Vec u_new = (u + delta).cwiseMax(-kClampU).cwiseMin(kClampU);
      const Eigen::VectorXd r_new = residuals(u_new);
      const double cost_new = r_new.squaredNorm();
      if (cost_new < cost) {
        step_norm = (u_new - u).norm();
        const double gain = cost - cost_new;
        u = u_new;
        r = r_new;
        cost = cost_new;
        lambda = std::max(lambda / 3, 1e-12);
        improved = gain > 1e-14 * (1 + cost);
        break;
      }
      lambda *= 4;
    }
    if (!improved || step_norm < 1e-9) break;
  }

  return LmResult{tf.from_u(u), cost, it};
}

}  // namespace

CalibrationResult calibrate(const ModelFactory& factory, const std::vector<Measurement>& rows,
                            const CalibrationOptions& options) {
  // Two fits, and the better one (lower cost, priors included) wins: with request_overhead_s
  // held at 0, and with it free (log transform). Both are needed because the model is not
  // continuous at request_overhead_s = 0 with more than one user: a request that arrives the
  // instant another completes joins the iteration that starts then, while one that arrives any
  // time later waits for the iteration in progress to end. A fit started just above 0 would see
  // every concurrent TTFT jump by an iteration and could stall there.
  const LmResult without = run_lm(factory, rows, options, false);
  const LmResult with = run_lm(factory, rows, options, true);
  const LmResult& best = with.cost < without.cost ? with : without;
  CalibrationResult out;
  out.params = best.params;
  out.points = evaluate(factory, out.params, rows);
  out.rms_relative_error = rms_relative_error(out.points);
  out.iterations = without.iterations + with.iterations;
  return out;
}

}  // namespace opgsim::gpu
