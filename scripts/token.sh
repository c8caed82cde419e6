#!/usr/bin/env bash
# Prints a development bearer token for a user of an organisation of the local network:
#   ./scripts/token.sh <org> <user> [roles] [--instance dev|test]
#   e.g. TOKEN=$(./scripts/token.sh bank User1 submitter,auditor)
# Works only with the development issuer of the local network (gateways in development mode).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
ensure_node >/dev/null
cd "$LENDLEDGER_ROOT"
exec node --disable-warning=ExperimentalWarning network/src/cli.ts token "$@"
