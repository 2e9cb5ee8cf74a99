// The token-count distribution family (workload.prompt_tokens, workload.output_tokens):
// constant, uniform and lognormal, each with its own parameters (families.hpp).
#include "sim/scenario/families.hpp"
#include "sim/scenario/scenario_limits.hpp"

namespace opgsim {

config::Family<workload::TokenDistribution, workload::TokenDistribution::Type> token_distributions() {
  using config::Type;
  using workload::TokenDistribution;
  using namespace limits;
  using T = TokenDistribution::Type;
  config::Family<TokenDistribution, T> f("A distribution of token counts.", &TokenDistribution::type);
  config::Bind<TokenDistribution>& c = f.type("constant", "Always the same count.", T::Constant);
  c.field("value", &TokenDistribution::value, Type::integer().ge(1).le(kMaxTokens)).unit("tokens").doc("The count.");
  // Derived: a constant is also its own bounds (the sampler and the payload sizing read min/max).
  c.after([](TokenDistribution& d, const nlohmann::json&, const config::ReadAt&) { d.min = d.max = d.value; });
  config::Bind<TokenDistribution>& u = f.type("uniform", "Integers drawn uniformly from [min, max].", T::Uniform);
  u.field("min", &TokenDistribution::min, Type::integer().ge(1).le(kMaxTokens)).unit("tokens").doc("Smallest count.");
  u.field("max", &TokenDistribution::max, Type::integer().ge(1).le(kMaxTokens)).unit("tokens").doc("Largest count (>= min).");
  config::Bind<TokenDistribution>& l = f.type("lognormal", "Lognormal counts, rounded and clamped to [min, max].", T::Lognormal);
  l.field("median", &TokenDistribution::median, Type::number().gt(0).le(kMaxTokens)).unit("tokens").doc("Median count, exp(mu).");
  l.field("sigma", &TokenDistribution::sigma, Type::number().ge(0).le(10)).doc("Standard deviation of ln(count).");
  l.field("min", &TokenDistribution::min, Type::integer().ge(1).le(kMaxTokens)).def(1).unit("tokens").doc("Clamp: smallest count.");
  l.field("max", &TokenDistribution::max, Type::integer().ge(1).le(kMaxTokens)).def(1000000).unit("tokens")
      .doc("Clamp: largest count (>= min).");
  return f;
}

}  // namespace opgsim
