#!/usr/bin/env bash
# Quick start, step 1: sets up everything on a bare machine and starts the local consortium.
#   - provides Node 24 LTS if the system Node is older, installs dependencies, compiles the TypeScript;
#   - builds the Fabric binaries once (needs Go) or uses FABRIC_BIN_DIR;
#   - starts the consortium's network, a peer per member organisation (or resumes it; a no-op when it already runs).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

ensure_node
ensure_debian_packages "${LENDLEDGER_DEBIAN_PACKAGES[@]}"
install_and_build
step "Starting the local Fabric network"
cd "$LENDLEDGER_ROOT"
node --disable-warning=ExperimentalWarning network/src/cli.ts up --instance dev
