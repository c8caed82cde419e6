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

instance=dev
args=()
while (($#)); do
    case "$1" in
    --instance) instance=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
    esac
done
if ((${#args[@]} < 2)); then
    echo "usage: $0 <org> <user> [roles] [--instance dev|test]" >&2
    exit 2
fi
config=".data/${instance}/gateways/${args[0]}.json"
if [[ -n "${LENDLEDGER_DATA_DIR:-}" ]]; then
    config="${LENDLEDGER_DATA_DIR}/gateways/${args[0]}.json"
fi
if [[ ! -f "$config" ]]; then
    echo "no gateway configuration $config: start the network first (./scripts/start.sh), org is one of platform, bank, notary, court, investor" >&2
    exit 2
fi
exec node gateway/dist/cli/token.js --config "$config" --subject "${args[1]}" --roles "${args[2]:-submitter}"
