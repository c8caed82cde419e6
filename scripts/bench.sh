#!/usr/bin/env bash
# Runs every benchmark against the running local network and writes .data/bench/<timestamp>/results.json and
# results.md (throughput, p50, p99 and CPU per operation of each process group), then prints the table. It includes
# Hyperledger Caliper driving the same chaincode function on the same network, installed on first use into
# ~/.cache/lendledger (never into the product's dependencies).
#
#   ./scripts/bench.sh            # about ten minutes
#   ./scripts/bench.sh --quick    # about two minutes
#   ./scripts/bench.sh --list     # the benchmarks; pick with --only a,b / --skip a,b / --with consensus-compare
#   ./scripts/bench.sh --instance test
#
# It does not start the network: run ./scripts/start.sh first (it exits with 3 and says so otherwise).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

ensure_node
cd "$LENDLEDGER_ROOT"
if [[ ! -d node_modules || ! -f gateway/dist/index.js ]]; then
    echo "The project is not installed and built yet: run ./scripts/start.sh first (it also starts the network)." >&2
    exit 3
fi
exec node --disable-warning=ExperimentalWarning bench/src/all/run-all.ts "$@"
