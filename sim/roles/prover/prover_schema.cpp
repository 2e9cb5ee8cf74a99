// The declaration of roles.prover, bound to ProverRoleSpec (prover_spec.hpp).
#include "sim/scenario/role_bindings.hpp"

namespace opgsim {

config::Bind<ProverRoleSpec> prover_role_binding() {
  using config::Type;
  using namespace limits;
  config::Bind<ProverRoleSpec> p(
      "Prover nodes: with proof.placement \"provers\" they produce the zkml and zk_crv proofs of every "
      "inference node's results, `provers` at a time each, FIFO beyond; the inference node hands each "
      "result over as soon as its inference is done.");
  p.field("count", &ProverRoleSpec::count, Type::integer().ge(0).le(kMaxNodesPerRole)).def(0)
      .doc("Number of prover nodes; 0 means none, and then proof.placement must be node.");
  role_regions(p, "prover nodes");
  p.field("provers", &ProverRoleSpec::provers, Type::integer().ge(1).le(kMaxSlots)).def(8)
      .doc("Proofs one prover node produces at once (assumed, like proof.zkml.provers_per_node: sweep it).");
  p.field("speed_factor", &ProverRoleSpec::speed_factor, Type::number().gt(0).le(1e6)).def(1.0)
      .doc("Proving time on a prover node x this, on top of proof.zkml.prover_speed_factor (1: the same machine "
           "as an inference node's provers; below 1 for faster proving hardware; an assumption).");
  return p;
}

}  // namespace opgsim
