// The declaration of roles.storage, bound to StorageRoleSpec (storage_spec.hpp), and its rules. Defaults are
// models/storage/blob_store.hpp's: the Walrus fit of opengradient-notes §4 from the testnet
// numbers of §3f (arXiv 2505.05370 §7).
#include "sim/roles/role_registry.hpp"
#include "sim/scenario/model_check.hpp"
#include "sim/scenario/role_bindings.hpp"

namespace opgsim {

namespace {

config::Bind<StorageRoleSpec> storage_role_binding() {
  using config::Type;
  using storage::BlobStoreConfig;
  using namespace limits;
  // The blob store's parameters sit directly in roles.storage in the scenario.
  const auto blob = [](double BlobStoreConfig::*m) { return config::member(&StorageRoleSpec::blob, m); };
  config::Bind<StorageRoleSpec> s(
      "Storage nodes: Walrus-like off-chain blobs (results and proofs written after inference; model "
      "weights read on a cold start). Read time = max(read_min_s, size / read_bandwidth_Bps); write time "
      "= max(write_min_s, size * replication / write_encoded_bandwidth_Bps).");
  s.field("count", &StorageRoleSpec::count, Type::integer().ge(0).le(kMaxNodesPerRole)).def(0)
      .doc("Number of storage nodes; 0 means nothing is stored.");
  role_regions(s, "storage nodes");
  s.field("read_min_s", blob(&BlobStoreConfig::read_min_s), Type::number().ge(0).le(kMaxDelayS)).def(2.0).unit("s")
      .doc("Shortest read (Walrus: p50 < 15 s under 20 MB).");
  s.field("read_bandwidth_Bps", blob(&BlobStoreConfig::read_bandwidth_Bps),
          Type::number().ge(kMinBandwidthBps).le(kMaxBandwidthBps)).def(4.5e6).unit("B/s")
      .doc("Read rate of one blob (Walrus: about 30 s at 130 MB).");
  s.field("write_min_s", blob(&BlobStoreConfig::write_min_s), Type::number().ge(0).le(kMaxDelayS)).def(10.0).unit("s")
      .doc("Shortest write.");
  s.field("write_encoded_bandwidth_Bps", blob(&BlobStoreConfig::write_encoded_bandwidth_Bps),
          Type::number().ge(kMinBandwidthBps).le(kMaxBandwidthBps)).def(4.5e6).unit("B/s")
      .doc("Upload rate of erasure-coded bytes (Walrus: ~1 MB/s of blob bytes, a secondary reading).");
  s.field("replication", blob(&BlobStoreConfig::replication), Type::number().ge(1).le(100)).def(4.5)
      .doc("Erasure-coding overhead: stored bytes per blob byte (Walrus: 4.5).");
  s.field("client_write_cap_Bps", blob(&BlobStoreConfig::client_write_cap_Bps),
          Type::number().ge(kMinBandwidthBps).le(kMaxBandwidthBps)).def(18e6).unit("B/s")
      .doc("One client's aggregate write throughput (Walrus: levels off at about 18 MB/s).");
  s.field("client_read_cap_Bps", blob(&BlobStoreConfig::client_read_cap_Bps),
          Type::number().ge(kMinBandwidthBps).le(kMaxBandwidthBps)).def(18e6).unit("B/s")
      .doc("One client's aggregate read throughput (assumed equal to the write cap).");
  return s;
}

// With storage nodes, the blob store's own checks.
void storage_role_rules(nlohmann::json& section, const nlohmann::json&, const config::Origins& origins,
                        const config::Path& at) {
  if (section["count"].get<std::uint64_t>() == 0) return;
  const StorageRoleSpec st = storage_role_binding().read(section, origins, at);
  model_check([&] { st.blob.validate("storage"); }, "storage.", at, {}, origins);
}

void declare_storage_role(config::Bind<Scenario>& roles) {
  roles.object("storage", config::member(&Scenario::roles, &RoleSpecs::storage), storage_role_binding()).def(nlohmann::json::object())
      .doc("Storage nodes (none by default).");
}

// Its nodes stake storage_stake_opg only while their operators are agents (economy.roles.storage.decide).
double storage_genesis_stake_opg(const nlohmann::json& doc) {
  const nlohmann::json& e = doc["economy"];
  if (!e["roles"]["storage"]["decide"].get<bool>()) return 0;
  return doc["roles"]["storage"]["count"].get<double>() * e["storage_stake_opg"].get<double>();
}

}  // namespace

analysis::RoleSignals storage_signal_decls();  // storage_signal_decls.cpp

// The registry entry of the storage role (sim/roles/role_registry.hpp).
NodeRole storage_node_role() {
  return NodeRole{
      .id = faults::Role::Storage,
      .name = "storage",
      .host_prefix = "storage",
      .count = &role_count<&RoleSpecs::storage>,
      .regions = &role_region_list<&RoleSpecs::storage>,
      .services = service_mask(engine::Service::LoadWeights, engine::Service::Store),
      .declare = &declare_storage_role,
      .rules = &storage_role_rules,
      .class_rules = nullptr,
      .limits = nullptr,
      .genesis_stake_opg = &storage_genesis_stake_opg,
      .can_be_malicious = false,
      .signals = &storage_signal_decls,
      .economy = {.account = economy::AccountKind::Storage,
                  .stake_key = "storage_stake_opg",
                  .stake_default_opg = 10000,
                  .stake_doc = "Stake of each storage node while its operators are agents (economy.roles.storage.decide; "
                               "assumption, as a verifier's).",
                  .share_key = "",
                  .share_doc = "",
                  .cost_usd_per_hour_default = 0.3,
                  .cost_doc = "Assumption: a storage server (disks and bandwidth for blobs and weights), about 0.3 USD/h; sweep it.",
                  .min_active_doc = "",
                  .accounts_only_when_deciding = true},
  };
}

}  // namespace opgsim
