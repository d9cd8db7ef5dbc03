# DqnLab: `make run` builds and runs the default sweep; `make test` builds and runs every test.
SHELL := /bin/bash
CONFIG ?= Release
EXP ?= experiments/batch-size.yaml
RUNNER := src/Lab.Runner/bin/$(CONFIG)/net10.0/runner
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

.PHONY: build run sweep test bench clean

build:
	dotnet build DqnLab.sln -c $(CONFIG) -nologo -clp:ErrorsOnly -m:2

run: build
	$(RUNNER) sweep $(EXP)

sweep: build
	$(RUNNER) sweep $(EXP)

test: build
	dotnet test DqnLab.sln -c $(CONFIG) --no-build -nologo -m:1 --logger "console;verbosity=normal" 2>&1 | tee /tmp/dqnlab-test.log; test $${PIPESTATUS[0]} -eq 0

bench: build
	$(RUNNER) bench

clean:
	dotnet clean DqnLab.sln -nologo -v:q
