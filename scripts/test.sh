#!/usr/bin/env bash
# Quick start, step 2 (and what CI runs): sets up and runs the whole test suite.
#   lint and type checks, unit tests, then integration tests against a real Fabric network of their own
#   (instance "test": its own ports and data), so a developer's running network is neither needed nor touched.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

started=$SECONDS
ensure_node
ensure_debian_packages "${LENDLEDGER_DEBIAN_PACKAGES[@]}" "${LENDLEDGER_TEST_DEBIAN_PACKAGES[@]}"
install_and_build
cd "$LENDLEDGER_ROOT"

step "Lint and type checks"
npm run --silent lint
npm run --silent typecheck

step "Fabric binaries"
node --disable-warning=ExperimentalWarning network/src/cli.ts binaries

step "Unit tests"
npx vitest run --project unit

step "Integration tests on a real Fabric network of the whole consortium"
npx vitest run --project integration

step "All tests passed in $((SECONDS - started)) s"
