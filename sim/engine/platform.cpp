// Platform construction with SimGrid's S4U builder API (see platform.hpp).
#include "sim/engine/platform.hpp"

#include <map>
#include <string>

#include <fmt/format.h>

#include "sim/roles/role_registry.hpp"

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

  std::map<std::string, int> region_index;
  for (std::size_t i = 0; i < s.platform.regions.size(); ++i) region_index[s.platform.regions[i].name] = static_cast<int>(i);
  Hosts hosts;
  for (std::size_t i = 0; i < s.clients.regions.size(); ++i) {
    hosts.clients.push_back(add_host(regions.at(s.clients.regions[i]), fmt::format("client-{}", i)));
    hosts.client_region.push_back(region_index.at(s.clients.regions[i]));
  }
  if (s.router.placement == RouterSpec::Placement::Gateway) {
    hosts.router = add_host(regions.at(s.router.region), "router");
    hosts.router_region = region_index.at(s.router.region);
  }
  // Node i of a role goes to the role's regions round-robin (sim/scenario/node_roster.hpp agrees),
  // for every role of the registry (sim/roles/role_registry.hpp).
  for (const NodeRole& role : node_roles()) {
    const std::vector<std::string>& placed = role.regions(s);
    RoleHosts& out = hosts.role(role.id);
    for (std::uint32_t i = 0, n = role.count(s); i < n; ++i) {
      const std::string& region = placed[i % placed.size()];
      out.hosts.push_back(add_host(regions.at(region), fmt::format("{}-{}", role.host_prefix, i)));
      out.regions.push_back(region_index.at(region));
    }
  }
  // A host in every region, for sends made on a region's behalf (messages held at a cut).
  for (const RegionSpec& r : s.platform.regions) hosts.region_hosts.push_back(add_host(regions.at(r.name), "gw-host-" + r.name));
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
