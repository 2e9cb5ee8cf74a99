// The service table (sim/engine/service.hpp) and the roles' service declarations on their
// registry lines (sim/roles/role_registry.cpp): message posting finds a sender by service and a
// background stage's service by the table, so each must resolve to exactly one role.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "models/lifecycle/stage.hpp"
#include "sim/engine/service.hpp"
#include "sim/roles/role_registry.hpp"

using opgsim::node_roles;
using opgsim::NodeRole;
using opgsim::engine::index_of;
using opgsim::engine::kServices;
using opgsim::engine::Service;
using opgsim::engine::service_for;
namespace lifecycle = opgsim::lifecycle;

namespace {
int roles_serving(Service s) {
  int n = 0;
  for (const NodeRole& role : node_roles()) n += role.serves(s) ? 1 : 0;
  return n;
}
}  // namespace

TEST_CASE("every lifecycle background stage is carried by one service, which exactly one role serves") {
  for (const lifecycle::StageInfo& info : lifecycle::stage_table()) {
    const auto service = service_for(info.stage);
    if (info.path == lifecycle::Path::Foreground) {
      CHECK_MESSAGE(!service, fmt::format("foreground stage {} is driven by the node, not sent", info.name));
      continue;
    }
    REQUIRE_MESSAGE(service, fmt::format("background stage {} has no service", info.name));
    CHECK_MESSAGE(roles_serving(*service) == 1, fmt::format("stage {}", info.name));
  }
}

TEST_CASE("the service table lists each service once, in enum order, each served by exactly one role") {
  for (std::size_t k = 0; k < kServices.size(); ++k) {
    CHECK(index_of(kServices[k].service) == k);
    CHECK_MESSAGE(roles_serving(kServices[k].service) == 1, kServices[k].name);
  }
}

TEST_CASE("a service is offered when the role serving it has nodes") {
  opgsim::Scenario s;
  s.roles.storage.count = 2;
  CHECK(opgsim::service_offered(s, Service::Store));
  CHECK(opgsim::service_offered(s, Service::LoadWeights));
  CHECK_FALSE(opgsim::service_offered(s, Service::Verify));
  CHECK_FALSE(opgsim::service_offered(s, Service::Settle));
  s.roles.validator.count = 4;
  CHECK(opgsim::service_offered(s, Service::Settle));
}
