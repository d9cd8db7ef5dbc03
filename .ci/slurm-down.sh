#!/usr/bin/env bash
# Stops the single-node Slurm cluster of .ci/slurm-up.sh: its jobs, then slurmd, slurmctld and munged.
set -u
scancel --full --quiet --user=root 2>/dev/null || true
for pidfile in /run/slurm/slurmd.pid /run/slurm/slurmctld.pid /run/munge/munged.pid; do
  pid=$(cat "$pidfile" 2>/dev/null) || continue
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  rm -f "$pidfile"
done
echo "slurm-down: stopped"
