#!/usr/bin/env bash
# Operates the local Fabric network: up | down | clean | status | logs | upgrade | add-org | binaries
# [--instance dev|test]; e.g. ./scripts/network.sh add-org platform3 Platform3MSP platform
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
ensure_node
cd "$LENDLEDGER_ROOT"
exec node --disable-warning=ExperimentalWarning network/src/cli.ts "$@"
