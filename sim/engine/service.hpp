// The services nodes offer to other actors, named by what is done, not by who does it: fetching
// outside data, loading a model's weights, storing a result's blob, verifying a proof, making a
// proof, settling on chain. Each node role declares on its registry line which services it
// serves (sim/roles/role_registry.cpp); message posting looks a service's sender up in a table
// (sim/engine/service_sender.hpp) and the lifecycle's background stages map to services here.
// No SimGrid: the registry's pure half and the tests read this too.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "models/lifecycle/stage.hpp"

namespace opgsim::engine {

enum class Service : std::uint8_t { Fetch, LoadWeights, Store, Verify, Prove, Settle };
inline constexpr std::size_t kServiceCount = 6;

struct ServiceInfo {
  Service service;
  const char* name;
  // The lifecycle stage the service carries a request through (a background stage), if any:
  // fetching is driven by the inference node, loading weights and proving are not stages of the
  // background path.
  std::optional<lifecycle::Stage> stage;
};

// Every service, in release order: held work leaves in this order when reachability changes.
inline constexpr std::array<ServiceInfo, kServiceCount> kServices{{
    {Service::Fetch, "fetch", std::nullopt},
    {Service::LoadWeights, "load_weights", std::nullopt},
    {Service::Store, "store", lifecycle::Stage::Storage},
    {Service::Verify, "verify", lifecycle::Stage::Verify},
    {Service::Prove, "prove", std::nullopt},
    {Service::Settle, "settle", lifecycle::Stage::Settle},
}};

constexpr std::size_t index_of(Service s) { return static_cast<std::size_t>(s); }

// The service that carries a request through background stage `stage`; nullopt for stages no
// service carries (the foreground ones: the node and the client drive them).
constexpr std::optional<Service> service_for(lifecycle::Stage stage) {
  for (const ServiceInfo& info : kServices)
    if (info.stage == stage) return info.service;
  return std::nullopt;
}

}  // namespace opgsim::engine
