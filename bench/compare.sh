#!/usr/bin/env bash
# `make bench-compare`: builds bench/Lab.Torch.Bench (TorchSharp-cpu 0.107 = libtorch 2.10, a large
# download that only this project pulls in) and runs DqnLab's update beside libtorch's, pinned to one
# core, in interleaved rounds; then every shape on two cores (DqnLab's as a trial with a core to spare
# uses them), beside libtorch on two threads. The tables go to stdout and results/bench/compare.md.
# usage: bench/compare.sh [rounds] [seconds per measurement: thread CPU time; wall clock for the two-core table]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Lab.Torch.Bench/Lab.Torch.Bench.csproj -c Release -nologo -clp:ErrorsOnly
pin=()
if command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ]; then pin=(taskset -c "$(($(nproc) - 1))"); fi
mkdir -p results/bench
lscpu > results/bench/compare-machine.txt || true
"${pin[@]}" bench/Lab.Torch.Bench/bin/Release/net10.0/Lab.Torch.Bench "${1:-5}" "${2:-0.5}" | tee results/bench/compare.md
# Every shape with two cores as a trial with a core to spare uses them: both sides on two threads, unpinned.
if [ "$(nproc)" -gt 1 ]; then
  echo | tee -a results/bench/compare.md
  bench/Lab.Torch.Bench/bin/Release/net10.0/Lab.Torch.Bench "${1:-5}" "${2:-0.5}" two-cores | tee -a results/bench/compare.md
fi
