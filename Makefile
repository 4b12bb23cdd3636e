# Literature Delivery Gateway — the two commands are `make serve` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
HOST ?= 127.0.0.1
PORT ?= 8080
export GATEWAY_HOST ?= $(HOST)
export GATEWAY_PORT ?= $(PORT)

.PHONY: serve cluster test deps build release bench fuzz format clean demo-links

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product gateway

## Build, seed a demo store in var/ (once), print working demo links, serve on 127.0.0.1:8080 (--demo: the public
## development keys of Config/dev-keys.yaml are accepted too, on loopback only).
serve: release
	@.build/release/gateway demo seed --skip-if-seeded >/dev/null
	@scripts/demo-links .build/release/gateway
	exec .build/release/gateway serve --demo

## A network of nodes on this machine: PostgreSQL, SeaweedFS, three nodes and nginx balancing over them on
## 127.0.0.1:8088 (CLUSTER_PORT), the demo store migrated into them; prints the cluster's status and demo links and
## stops everything on Ctrl-C (scripts/cluster-demo; `scripts/cluster-demo --check` fetches every link, then stops).
cluster: release
	@GATEWAY_BINARY=.build/release/gateway scripts/cluster-demo

## Install what is needed, then run every test (unit, in-process HTTP, end-to-end with curl, nginx and ffmpeg, the
## monitoring rules and dashboard of Config/monitoring/, the cluster demo (make cluster) checked end to end, short fuzz runs of the Range parser and of hostile media
## against the gateway).
test: deps
	scripts/fuzz-ranges 30
	$(SWIFT) build --build-tests
	GATEWAY_ISOLATED_TEST=diskFullMidWrite $(SWIFT) test --skip-build --filter diskFullMidWrite
	GATEWAY_BINARY=$(CURDIR)/.build/debug/gateway $(SWIFT) test --skip-build --parallel --num-workers 2
	GATEWAY_BINARY=$(CURDIR)/.build/debug/gateway scripts/check-monitoring
	GATEWAY_BINARY=$(CURDIR)/.build/debug/gateway scripts/cluster-demo --check
	GATEWAY_BINARY=$(CURDIR)/.build/debug/gateway scripts/fuzz-media --count 40

## Benchmarks against the peers of shared/BENCHMARKS.md (nginx, ffmpeg, qpdf, Bélády); prints ratios.
bench: release
	@scripts/install-deps bench
	scripts/bench-range
	scripts/bench-audit
	scripts/bench-deliveries
	scripts/bench-memory
	scripts/bench-transcode
	scripts/bench-cache
	scripts/bench-policy
	scripts/bench-cluster
	scripts/bench-stamp
	scripts/bench-console

## Fuzz the Range parser (libFuzzer) for SECONDS_TO_FUZZ (default 300), then hostile media against the running
## gateway: FUZZ_MEDIA_COUNT (default 2000) mutated variants of the demo audio and video, truncations and crafted
## durations, while a download runs alongside (scripts/fuzz-media).
fuzz: release
	scripts/fuzz-ranges $${SECONDS_TO_FUZZ:-300}
	GATEWAY_BINARY=$(CURDIR)/.build/release/gateway scripts/fuzz-media --count $${FUZZ_MEDIA_COUNT:-2000}

format:
	$(SWIFT) format --in-place --recursive Sources Tests

clean:
	rm -rf .build var
