// What a scenario says about the storage nodes (roles.storage); declared in storage_schema.cpp.
// No SimGrid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/storage/blob_store.hpp"

namespace opgsim {

// Storage nodes: off-chain blobs (results and proofs written after inference; model loads).
struct StorageRoleSpec {
  std::uint32_t count = 0;              // 0: nothing is stored (no storage stage)
  std::vector<std::string> regions;
  storage::BlobStoreConfig blob;
};

}  // namespace opgsim
