#!/usr/bin/env bash
# Real-Slurm integration test for `wijksim slurm`: starts a throwaway single-node Slurm
# cluster (munge + slurmctld + slurmd, no systemd), submits the job array and merge job
# that `wijksim slurm` writes, waits for them (`sbatch --wait`), and checks that the
# merged files are byte-identical to the same sweep run on this machine alone; then that
# a job refuses a sweep file edited after `wijksim slurm`.
#
# Debian 12 packages (slurm-wlm 22.05, munge). Needs root (or sudo) for the packages
# and the daemons. Everything else lives under $WIJKSIM_SLURM_DIR (default
# /tmp/wijksim-slurm); the daemons are stopped at the end, the files kept for a look. Usage: .ci/slurm-test.sh [path/to/wijksim]
#
# Pitfalls this script avoids (each cost someone an afternoon):
# - the packages' postinst scripts try to start munge and slurm through init scripts:
#   a policy-rc.d that answers 101 stops them during the install;
# - munged refuses a socket folder that is not o+x or a key folder that is writable by
#   group or others;
# - NodeName must be what `slurmd -C` reports (the short host name), and the controller
#   is reached on 127.0.0.1 so no name resolution is needed;
# - proctrack/linuxproc and task/none: no cgroups or systemd in a container;
# - when PID 1 does not reap, a killed daemon stays a zombie: wait for "gone or Z".
set -euo pipefail

BIN=${1:-target/release/wijksim}
BIN=$(readlink -f "$BIN")
W=${WIJKSIM_SLURM_DIR:-/tmp/wijksim-slurm}
export SLURM_CONF=$W/etc/slurm.conf
PKGS=(slurmctld slurmd slurm-client munge)
log() { echo "[slurm-test] $*" >&2; }
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
t_start=$(date +%s)

install() {
  if [ "$(dpkg-query -W -f='${db:Status-Abbrev}\n' "${PKGS[@]}" 2>/dev/null | grep -c '^ii')" = 4 ]; then
    return 0
  fi
  local policy=/usr/sbin/policy-rc.d tmp_policy='' rc=0
  if [ ! -e $policy ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee $policy >/dev/null
    "${sudo_cmd[@]}" chmod 755 $policy
    tmp_policy=1
  fi
  { "${sudo_cmd[@]}" apt-get update -qq &&
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${PKGS[@]}" >/dev/null
  } || rc=$?
  [ -z "$tmp_policy" ] || "${sudo_cmd[@]}" rm -f $policy
  return $rc
}

stop_pid() { # name pidfile
  local pid
  pid=$(cat "$2" 2>/dev/null) || return 0
  if [ -n "$pid" ] && [[ "$(cat /proc/"$pid"/comm 2>/dev/null)" == "$1"* ]]; then
    "${sudo_cmd[@]}" kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      [ -d /proc/"$pid" ] && [ "$(awk '{print $3}' /proc/"$pid"/stat 2>/dev/null)" != Z ] || break
      sleep 0.2
    done
    if [ -d /proc/"$pid" ] && [ "$(awk '{print $3}' /proc/"$pid"/stat 2>/dev/null)" != Z ]; then
      "${sudo_cmd[@]}" kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  "${sudo_cmd[@]}" rm -f "$2"
}

stop() {
  if [ -f "$W/run/slurmctld.pid" ]; then
    timeout 10 "${sudo_cmd[@]}" env SLURM_CONF="$SLURM_CONF" scancel --user="$(id -un)" 2>/dev/null || true
  fi
  stop_pid slurmd "$W/run/slurmd.pid"
  stop_pid slurmctld "$W/run/slurmctld.pid"
  stop_pid munged "$W/munge/munged.pid"
}

start() {
  stop
  "${sudo_cmd[@]}" rm -rf "$W"
  mkdir -p "$W"/{etc,state,spool/slurmd,log,run,munge,work}
  chmod 755 "$W" "$W/munge"
  "${sudo_cmd[@]}" mungekey --create --keyfile="$W/munge/munge.key"
  "${sudo_cmd[@]}" munged --socket="$W/munge/munge.socket" --key-file="$W/munge/munge.key" \
    --pid-file="$W/munge/munged.pid" --log-file="$W/munge/munged.log" \
    --seed-file="$W/munge/munged.seed"
  local host
  host=$(hostname -s)
  cat >"$SLURM_CONF" <<CONF
ClusterName=wijksim
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$W/munge/munge.socket
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool/slurmd
SlurmctldPidFile=$W/run/slurmctld.pid
SlurmdPidFile=$W/run/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=5
SchedulerParameters=batch_sched_delay=0
$(slurmd -C | head -n1) NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  "${sudo_cmd[@]}" env SLURM_CONF="$SLURM_CONF" slurmctld
  "${sudo_cmd[@]}" env SLURM_CONF="$SLURM_CONF" slurmd
  for _ in $(seq 100); do
    if [ "$(sinfo -h -N -n "$host" -o %t 2>/dev/null)" = idle ]; then
      log "cluster up"
      return 0
    fi
    sleep 0.2
  done
  log "the node never became idle"
  sinfo -N -l || true
  tail -n 20 "$W"/log/*.log >&2 || true
  return 1
}

install
trap stop EXIT
start
t_up=$(date +%s)

work=$W/work
# A small sweep over the test scenario: Latin hypercube, two replications.
cp tests/data/sweep_tiny.toml "$work/tiny.toml"
cat >"$work/sweep.toml" <<'SWEEP'
[sweep]
scenario = "tiny.toml"
replications = 2
seed = 7
design = "lhs"
samples = 30

[[axis]]
param = "team.finance_detection_own"

[[axis]]
param = "referral.central_duplicate_intake_hours"
SWEEP

log "local reference run"
"$BIN" sweep "$work/sweep.toml" --out "$work/local" --quiet >/dev/null

log "wijksim slurm: 4 shards, at most 2 running"
"$BIN" slurm "$work/sweep.toml" --shards 4 --cpus 1 --max-running 2 --time 00:10:00 \
  --out "$work/cluster"
array=$(sbatch --parsable "$work/cluster/slurm/sweep.sbatch")
array=${array%%;*}
log "submitted array job $array; merge job waits for it"
if ! sbatch --wait --dependency=afterok:"$array" "$work/cluster/slurm/merge.sbatch" >/dev/null; then
  log "the merge job failed"
  tail -n 30 "$work"/cluster/slurm/*.log >&2 || true
  exit 1
fi

# Every file the local run's manifest lists is byte-identical after the cluster run.
files=$(grep -o '"name": *"[^"]*"' "$work/local/manifest.json" | sed 's/.*"\([^"]*\)"$/\1/')
for f in $files; do
  if ! cmp -s "$work/local/$f" "$work/cluster/$f"; then
    log "FAIL: $f differs between the local and the Slurm run"
    exit 1
  fi
done
for k in 1 2 3 4; do
  [ -s "$work/cluster/shard-$k-of-4/journal" ] || { log "FAIL: shard $k has no journal"; exit 1; }
done

# A sweep file edited after `wijksim slurm` is refused by the job (exit 2, nothing run),
# never run as edited while the scripts record the old one.
log "an edit after wijksim slurm: the job refuses it"
"$BIN" slurm "$work/sweep.toml" --shards 2 --cpus 1 --time 00:10:00 --out "$work/edited" >/dev/null
cp "$work/sweep.toml" "$work/sweep.orig"
sed -i 's/^seed = 7$/seed = 8/' "$work/sweep.toml"
if sbatch --wait --array=1 "$work/edited/slurm/sweep.sbatch" >/dev/null; then
  log "FAIL: the job ran an edited sweep file"
  exit 1
fi
if ! grep -q "changed since the job scripts were written" "$work/edited/slurm/shard-1.log"; then
  log "FAIL: the job's log does not say the sweep file changed"
  cat "$work/edited/slurm/shard-1.log" >&2 || true
  exit 1
fi
[ ! -e "$work/edited/shard-1-of-2" ] || { log "FAIL: the refused job wrote a shard"; exit 1; }
mv "$work/sweep.orig" "$work/sweep.toml"

t_end=$(date +%s)
log "OK: $(echo "$files" | wc -w) files identical to the local run; cluster start $((t_up - t_start)) s, sweep and merge on Slurm $((t_end - t_up)) s"
