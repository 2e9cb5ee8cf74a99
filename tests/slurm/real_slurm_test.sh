#!/usr/bin/env bash
# The Slurm path on a real Slurm: starts a private single-node cluster (Debian's slurm-wlm
# 22.05: munged, slurmctld and slurmd on their own ports, key, socket and state under a temporary
# folder, so nothing of the machine's own configuration is read or changed), submits a sweep's
# job array with `sbatch --wait` exactly as the README says, collects it, and requires the curve
# of the same sweep run locally, byte for byte. Every daemon it started is stopped on exit.
# Usage: real_slurm_test.sh OPGSIM_BINARY SOURCE_DIR   (root: slurmd runs jobs as their user)
set -euo pipefail
bin="$(realpath "$1")"
src="$(realpath "$2")"
export PATH="/usr/sbin:/sbin:$PATH"
for tool in munged slurmctld slurmd sbatch sinfo; do
  command -v "$tool" >/dev/null || { echo "real_slurm_test: $tool not installed (bash setup.sh test installs it)" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "real_slurm_test: needs root (slurmd)" >&2; exit 1; }

tmp="$(mktemp -d /tmp/opgsim-slurm.XXXXXX)"
stop() {
  for pidfile in "$tmp/slurmd.pid" "$tmp/slurmctld.pid" "$tmp/munged.pid"; do
    [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  for pidfile in "$tmp/slurmd.pid" "$tmp/slurmctld.pid" "$tmp/munged.pid"; do
    [ -s "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap stop EXIT
fail() {
  echo "real_slurm_test: $*" >&2
  for log in "$tmp"/*.log; do echo "--- $log" >&2; tail -n 20 "$log" >&2; done
  exit 1
}

# munge: its own key, socket and files (--force: root and a world-readable /tmp are allowed).
dd if=/dev/urandom of="$tmp/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge.key"
munged --force --key-file="$tmp/munge.key" --socket="$tmp/munge.sock" --pid-file="$tmp/munged.pid" \
  --log-file="$tmp/munged.log" --seed-file="$tmp/munged.seed" || fail "munged did not start"

# Ports away from Slurm's defaults (6817/6818), so a cluster already on this machine is untouched.
base=$((20000 + RANDOM % 20000))
mkdir -p "$tmp/state" "$tmp/spool"
cat >"$tmp/slurm.conf" <<EOF
ClusterName=opgsimtest
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$base
SlurmdPort=$((base + 1))
AuthType=auth/munge
AuthInfo=socket=$tmp/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=opgsimnode NodeAddr=127.0.0.1 NodeHostname=$(hostname -s) CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=opgsimnode Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -f "$SLURM_CONF" -i || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" -N opgsimnode || fail "slurmd did not start"
for _ in $(seq 60); do
  state="$(sinfo -h -n opgsimnode -o %t 2>/dev/null || true)"
  [ "$state" = idle ] && break
  sleep 1
done
[ "$state" = idle ] || fail "the node never became idle (state '$state')"

# The README's path: emit the array, sbatch --wait, collect; then the same sweep locally.
cd "$src"
sweep=(sweep scenarios/validation/mmc.json --set duration_s=500 --set warmup_s=50 --set drain_s=500
       --param roles.inference.count=2,3 --param workload.arrivals.rate_rps=1,1.5 --replications 2)
"$bin" "${sweep[@]}" --emit slurm --out "$tmp/slurm-sweep" >/dev/null
OPGSIM_BIN="$bin" sbatch --wait --output="$tmp/task-%a.log" "$tmp/slurm-sweep/sweep.sbatch" >/dev/null ||
  fail "sbatch --wait failed"
"$bin" collect "$tmp/slurm-sweep" >/dev/null || fail "collect after the array failed"
"$bin" "${sweep[@]}" -j 2 --out "$tmp/local-sweep" >/dev/null
cmp "$tmp/slurm-sweep/curve.csv" "$tmp/local-sweep/curve.csv" || fail "the array's curve.csv differs from the local sweep's"
runs="$(find "$tmp/slurm-sweep/runs" -name .complete | wc -l)"
[ "$runs" -eq 8 ] || fail "$runs of 8 runs complete"
echo "real Slurm: 8 array tasks ran under slurmd, collect's curve.csv equals the local sweep's"
