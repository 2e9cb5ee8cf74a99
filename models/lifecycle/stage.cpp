// The stage table (see stage.hpp).
#include "models/lifecycle/stage.hpp"

namespace opgsim::lifecycle {

namespace {
constexpr std::array<StageInfo, kStageCount> kStages{{
    {Stage::Route, "route", Path::Foreground, "client to its inference node: network and the router's decision"},
    {Stage::Data, "data", Path::Foreground, "waiting for outside data from a data node (0 when the class needs none)"},
    {Stage::Queue, "queue", Path::Foreground, "waiting for the node's scheduler (and the router's central queue)"},
    {Stage::Inference, "inference", Path::Foreground, "the model runs on the node"},
    {Stage::Proof, "proof", Path::Foreground, "proof or attestation before delivery (0 for vanilla)"},
    {Stage::Deliver, "deliver", Path::Foreground, "the result's way back to the client"},
    {Stage::Storage, "storage", Path::Background, "the result and proof blob are written off-chain"},
    {Stage::Verify, "verify", Path::Background, "a verifier checks the proof or attestation"},
    {Stage::Settle, "settle", Path::Background, "validators include the settlement in a committed block"},
}};
}  // namespace

const std::array<StageInfo, kStageCount>& stage_table() { return kStages; }
const char* to_string(Stage s) { return kStages[static_cast<std::size_t>(s)].name; }
Path path_of(Stage s) { return kStages[static_cast<std::size_t>(s)].path; }

}  // namespace opgsim::lifecycle
