// Off-chain blob storage (Walrus-like): how long a blob write or read takes, the bytes it
// occupies after erasure coding, and a per-client throughput cap. Inference nodes that do not
// hold a model load it from here on a cold start. Pure bookkeeping: no SimGrid, no randomness.
//
// The time of one transfer is latency-dominated (Walrus talks to ~100 storage nodes per blob),
// so a single transfer never reaches the client's cap; the cap only bites when one client runs
// many transfers at once, which then serialize through a "busy until" pipe at the cap rate.
#pragma once

#include <cstdint>
#include <vector>

namespace opgsim::storage {

// All sizes in bytes (decimal MB = 1e6 B), times in seconds. Defaults are the Walrus fit in
// opengradient-notes.md §4 "Storage", from the Walrus testnet numbers in §3f
// (arXiv 2505.05370 §7: 105 nodes, 1,000 shards).
struct BlobStoreConfig {
  // Read ≈ max(2 s, size / 4.5 MB/s): fits "about 30 s at 130 MB" and "p50 < 15 s under 20 MB".
  double read_min_s = 2.0;
  double read_bandwidth_Bps = 4.5e6;
  // Write ≈ max(10 s, size / 1 MB/s) ⚠ (a secondary reading of Fig. 8: ~125 s at 130 MB). The
  // client uploads the erasure-coded blob, `replication` × its size, so the fit's 1 MB/s of blob
  // bytes is 4.5 MB/s of encoded bytes: write time = max(10 s, size · replication / 4.5 MB/s).
  double write_min_s = 10.0;
  double write_encoded_bandwidth_Bps = 4.5e6;
  // Erasure-coding overhead: every stored byte costs 4.5 bytes across the storage nodes (§3f).
  double replication = 4.5;
  // One client's aggregate write throughput levels off at about 18 MB/s of blob bytes (§3f).
  double client_write_cap_Bps = 18e6;
  // ⚠ No published figure for reads; assumed equal to the write cap.
  double client_read_cap_Bps = 18e6;

  // Throws opgsim::InputError naming the first non-positive / non-finite field (prefix is the
  // JSON path of this section, e.g. "roles.storage").
  void validate(const char* prefix = "storage") const;
};

enum class Direction { Read, Write };

class BlobStore {
public:
  explicit BlobStore(BlobStoreConfig cfg = {});

  const BlobStoreConfig& config() const { return cfg_; }

  // Uncontended durations of one transfer of `bytes` (>= 0).
  double read_s(double bytes) const;
  double write_s(double bytes) const;
  // Bytes the blob occupies summed over all storage nodes.
  double stored_bytes(double bytes) const { return bytes * cfg_.replication; }
  // Cold start of an inference node: model-load time = blob size ÷ Walrus read rate (§4
  // "Topology and roles"), with the read floor. Uncontended; use start_transfer() to count it
  // against the node's cap when it also reads other blobs.
  double model_load_s(double model_bytes) const { return read_s(model_bytes); }

  // Starts a transfer of `bytes` for `client` at time `now` and returns its completion time:
  //   pipe_start = max(now, busy_until[client][dir]);  busy_until = pipe_start + bytes / cap
  //   done       = max(now + uncontended time, busy_until)
  // so one transfer takes its uncontended time and a burst from one client completes no faster
  // than the cap allows. Reads and writes have separate pipes (download vs upload). `now` may
  // go backwards between clients but should not for one client (the pipe only moves forward).
  double start_transfer(std::uint32_t client, Direction dir, double bytes, double now);
  // When the client's pipe in that direction is next free (<= now means idle).
  double busy_until(std::uint32_t client, Direction dir) const;

private:
  BlobStoreConfig cfg_;
  std::vector<double> busy_until_;  // [2 * client + dir]; grows to the largest client id seen
};

}  // namespace opgsim::storage
