# DqnLab: `make run` builds and runs the default sweep; `make test` builds and runs every test.
SHELL := /bin/bash
CONFIG ?= Release
EXP ?= experiments/batch-size.yaml
BENCH_ROUNDS ?= 5
BENCH_SECONDS ?= 0.5
# ./runner picks the ReadyToRun copy or the build (see the script).
RUNNER := $(if $(filter Release,$(CONFIG)),./runner,src/Lab.Runner/bin/$(CONFIG)/net10.0/runner)
READY_TO_RUN := src/Lab.Runner/bin/$(CONFIG)/ready-to-run
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

.PHONY: build run sweep test test-slurm bench bench-compare mutation reproduce clean

# The ReadyToRun publish is an extra (the runtime pack and crossgen come from NuGet): when it fails, make says
# so in one line and ./runner runs the build.
build:
	dotnet build DqnLab.sln -c $(CONFIG) -nologo -clp:ErrorsOnly -m:2
	@rm -f $(READY_TO_RUN)/.complete; \
	dotnet publish src/Lab.Runner -c $(CONFIG) --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
	  -o $(READY_TO_RUN) -nologo -clp:ErrorsOnly && touch $(READY_TO_RUN)/.complete \
	  || echo "make: the ReadyToRun publish failed; ./runner runs the build (the same results, slower to start)"

run: build
	$(RUNNER) sweep $(EXP)

sweep: build
	$(RUNNER) sweep $(EXP)

# Test projects run one after another (-m:1) so their timings do not fight over the two cores; the tests on
# a real Slurm (tests/Lab.Runner.Tests/Slurm: skipped, saying why, when no cluster answers; .ci/run starts
# one) run last and alone, since their jobs' timing suffers when the rest of the suite shares the cores.
# The last line sums every run's counts as "tests: N passed, N failed".
SLURM_TESTS := FullyQualifiedName~Lab.Runner.Tests.Slurm
test: build
	@log=$$(mktemp); \
	dotnet test DqnLab.sln -c $(CONFIG) --no-build -nologo -m:1 --filter "FullyQualifiedName!~Lab.Runner.Tests.Slurm" 2>&1 | tee $$log; status=$${PIPESTATUS[0]}; \
	dotnet test tests/Lab.Runner.Tests -c $(CONFIG) --no-build -nologo --filter "$(SLURM_TESTS)" 2>&1 | tee -a $$log; slurm=$${PIPESTATUS[0]}; \
	passed=$$(grep -oE 'Passed: +[0-9]+' $$log | awk '{s+=$$2} END {print s+0}'); \
	failed=$$(grep -oE 'Failed: +[0-9]+' $$log | awk '{s+=$$2} END {print s+0}'); \
	rm -f $$log; echo "tests: $$passed passed, $$failed failed"; [ $$status -eq 0 ] && [ $$slurm -eq 0 ]

# The tests on a real Slurm (tests/Lab.Runner.Tests/Slurm) alone: starts a single-node cluster from Debian's
# packages (.ci/slurm-up.sh, as root), runs them, stops it. `make test` runs them too (last) while a cluster answers.
test-slurm: build
	@.ci/slurm-up.sh; status=$$?; \
	if [ $$status -eq 0 ]; then \
	  dotnet test tests/Lab.Runner.Tests -c $(CONFIG) --no-build -nologo --filter "$(SLURM_TESTS)"; status=$$?; \
	fi; \
	.ci/slurm-down.sh; exit $$status

bench: build
	$(RUNNER) bench

# DqnLab's DQN update beside libtorch's (TorchSharp-cpu), per network shape: bench/Lab.Torch.Bench, not in
# the solution, `make build` or `make test`; only this target downloads libtorch. See docs/BENCHMARKS.md.
bench-compare:
	bench/compare.sh $(BENCH_ROUNDS) $(BENCH_SECONDS)

# The reproduction table (docs/REPRODUCTIONS.md): every grid of experiments/reproduce/ over its seeds into
# results/reproduce/<name>/ (resumable: a rerun only runs what is missing), then `runner report
# results/reproduce`, which writes REPRODUCTIONS.md there, copied to docs/. REPRO_JOBS=2 on an idle
# machine; the default of 1 leaves a core to others. A sweep with failed trials does not stop the rest.
REPRO_JOBS ?= 1
reproduce: build
	@start=$$(date +%s); \
	for grid in experiments/reproduce/*.yaml; do \
	  name=$$(sed -n 's/^name: *//p' $$grid); \
	  echo "== $$grid -> results/reproduce/$$name"; \
	  $(RUNNER) sweep $$grid --out results/reproduce/$$name --jobs $(REPRO_JOBS) --quiet || echo "$$grid: sweep exited $$?"; \
	done; \
	$(RUNNER) report results/reproduce && cp results/reproduce/REPRODUCTIONS.md docs/REPRODUCTIONS.md; \
	echo "reproduce: $$(( $$(date +%s) - start )) s of wall clock"

# Mutation testing (docs/TESTING.md): Stryker.NET over Lab.Agent (the trainer) and the runner's Store/.
# Slow (tens of minutes on 2 cores), so not part of `make test`. Reports: results/mutation/*/reports/.
mutation:
	dotnet tool restore
	cd tests/Lab.Agent.Tests && dotnet dotnet-stryker --output $(CURDIR)/results/mutation/agent
	cd tests/Lab.Runner.Tests && dotnet dotnet-stryker --output $(CURDIR)/results/mutation/store

clean:
	dotnet clean DqnLab.sln -nologo -v:q
	rm -rf $(READY_TO_RUN)
