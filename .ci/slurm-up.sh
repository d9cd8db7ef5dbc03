#!/usr/bin/env bash
# Installs (Debian packages) and starts a single-node Slurm cluster on this machine, for the tests of
# `./runner sweep --slurm` (tests/Lab.Runner.Tests/Slurm). No systemd: munged, slurmctld and slurmd are
# started by hand with pid files. Safe to run again: a cluster that answers is left as it is.
# Stop it with .ci/slurm-down.sh. Needs root.
set -euo pipefail
start=$(date +%s%N)
state=/var/spool/dqnlab-slurm
conf=/etc/slurm/slurm.conf

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null
fi

# A daemon counts as running only if its process is alive and not a zombie (a crashed one lingers as Z).
alive() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] && ! awk '{exit ($3 == "Z") ? 0 : 1}' "/proc/$pid/stat"
}

host=$(hostname -s)
cpus=$(nproc)
mkdir -p /run/munge /var/log/munge /var/lib/munge "$state/ctld" "$state/d" /var/log/slurm /run/slurm
chown munge:munge /run/munge /var/log/munge /var/lib/munge
chmod 0755 /run/munge
[ -f /etc/munge/munge.key ] || mungekey --create
chown munge:munge /etc/munge/munge.key
chmod 0400 /etc/munge/munge.key

cat > "$conf" <<CONF
# Written by .ci/slurm-up.sh: one node, no accounting, for DqnLab's tests.
ClusterName=dqnlab
SlurmctldHost=$host
SlurmUser=root
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=defer_batch
MinJobAge=300
KillWait=30
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

if ! alive /run/munge/munged.pid; then
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
fi
if ! alive /run/slurm/slurmctld.pid; then
  /usr/sbin/slurmctld
fi
if ! alive /run/slurm/slurmd.pid; then
  /usr/sbin/slurmd
fi

# Wait (at most 60 s) until the node takes jobs.
for _ in $(seq 1 120); do
  if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
    echo "slurm-up: $host with $cpus CPUs is up after $(( ($(date +%s%N) - start) / 1000000 )) ms"
    exit 0
  fi
  sleep 0.5
done
echo "slurm-up: the node did not come up; see /var/log/slurm/" >&2
sinfo -N >&2 || true
exit 1
