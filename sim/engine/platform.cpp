// Platform construction with SimGrid's S4U builder API (see platform.hpp).
#include "sim/engine/platform.hpp"

#include <map>
#include <string>

#include <fmt/format.h>

namespace opgsim::engine {

namespace {

struct RegionZone {
  sg4::NetZone* zone = nullptr;
  simgrid::kernel::routing::NetPoint* gateway = nullptr;
  const RegionSpec* spec = nullptr;
};

// Host speed does not matter (service times come from the service models, not from flops).
constexpr double kHostSpeed = 1e9;

sg4::Host* add_host(RegionZone& region, const std::string& name) {
  sg4::Host* host = region.zone->create_host(name, kHostSpeed)->seal();
  sg4::Link* link = region.zone->create_split_duplex_link(name + "-link", region.spec->bandwidth_Bps)
                        ->set_latency(region.spec->latency_s / 2)
                        ->seal();
  region.zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr,
                         {{link, sg4::LinkInRoute::Direction::UP}}, true);
  return host;
}

}  // namespace

Hosts build_platform(const Scenario& s) {
  auto* world_zone = sg4::create_full_zone("world");
  std::map<std::string, RegionZone> regions;
  for (const RegionSpec& r : s.platform.regions) {
    RegionZone rz;
    rz.spec = &r;
    rz.zone = sg4::create_star_zone("region-" + r.name)->set_parent(world_zone);
    rz.gateway = rz.zone->create_router("gw-" + r.name);
    rz.zone->add_route(rz.gateway, nullptr, nullptr, nullptr, {}, true);
    regions.emplace(r.name, rz);
  }

  Hosts hosts;
  for (std::size_t i = 0; i < s.clients.regions.size(); ++i)
    hosts.clients.push_back(add_host(regions.at(s.clients.regions[i]), fmt::format("client-{}", i)));
  if (s.router.placement == RouterSpec::Placement::Gateway)
    hosts.router = add_host(regions.at(s.router.region), "router");
  const auto& placed = s.inference.regions;
  for (std::uint32_t i = 0; i < s.inference.count; ++i)
    hosts.inference.push_back(add_host(regions.at(placed[i % placed.size()]), fmt::format("node-{}", i)));

  for (auto& [name, rz] : regions) rz.zone->seal();

  // One backbone link per pair of regions.
  for (auto a = regions.begin(); a != regions.end(); ++a) {
    for (auto b = std::next(a); b != regions.end(); ++b) {
      sg4::Link* link =
          world_zone->create_split_duplex_link(fmt::format("backbone-{}-{}", a->first, b->first),
                                               s.platform.inter_region_bandwidth_Bps)
              ->set_latency(s.platform.inter_region_latency_s)
              ->seal();
      world_zone->add_route(a->second.zone->get_netpoint(), b->second.zone->get_netpoint(), a->second.gateway,
                            b->second.gateway, {{link, sg4::LinkInRoute::Direction::UP}}, true);
    }
  }
  world_zone->seal();
  return hosts;
}

}  // namespace opgsim::engine
