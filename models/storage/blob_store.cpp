// Walrus-like blob store timings and the per-client cap (see blob_store.hpp).
#include "models/storage/blob_store.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::storage {

void BlobStoreConfig::validate(const char* prefix) const {
  const struct { const char* name; double v; } fields[] = {
      {"read_min_s", read_min_s},
      {"read_bandwidth_Bps", read_bandwidth_Bps},
      {"write_min_s", write_min_s},
      {"write_encoded_bandwidth_Bps", write_encoded_bandwidth_Bps},
      {"replication", replication},
      {"client_write_cap_Bps", client_write_cap_Bps},
      {"client_read_cap_Bps", client_read_cap_Bps},
  };
  for (const auto& f : fields) {
    // Floors may be 0 (a pure-bandwidth store); rates and replication must be positive.
    const bool is_floor = f.name == std::string_view("read_min_s") || f.name == std::string_view("write_min_s");
    if (!std::isfinite(f.v) || f.v < 0 || (!is_floor && f.v == 0))
      throw InputError(fmt::format("{}.{}: must be a {} number, got {}", prefix, f.name,
                                   is_floor ? "non-negative" : "positive", f.v));
  }
  if (replication < 1)
    throw InputError(fmt::format("{}.replication: must be >= 1, got {}", prefix, replication));
}

BlobStore::BlobStore(BlobStoreConfig cfg) : cfg_(cfg) { cfg_.validate(); }

double BlobStore::read_s(double bytes) const {
  return std::max(cfg_.read_min_s, bytes / cfg_.read_bandwidth_Bps);
}

double BlobStore::write_s(double bytes) const {
  return std::max(cfg_.write_min_s, bytes * cfg_.replication / cfg_.write_encoded_bandwidth_Bps);
}

double BlobStore::start_transfer(std::uint32_t client, Direction dir, double bytes, double now) {
  const std::size_t slot = 2 * static_cast<std::size_t>(client) + (dir == Direction::Write ? 1 : 0);
  if (slot >= busy_until_.size()) busy_until_.resize(slot + 1 + (slot % 2 == 0 ? 1 : 0), 0.0);
  const double cap = dir == Direction::Write ? cfg_.client_write_cap_Bps : cfg_.client_read_cap_Bps;
  const double pipe_start = std::max(now, busy_until_[slot]);
  busy_until_[slot] = pipe_start + bytes / cap;
  const double alone = dir == Direction::Write ? write_s(bytes) : read_s(bytes);
  return std::max(now + alone, busy_until_[slot]);
}

double BlobStore::busy_until(std::uint32_t client, Direction dir) const {
  const std::size_t slot = 2 * static_cast<std::size_t>(client) + (dir == Direction::Write ? 1 : 0);
  return slot < busy_until_.size() ? busy_until_[slot] : 0.0;
}

}  // namespace opgsim::storage
