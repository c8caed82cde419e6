#!/usr/bin/env bash
# Fuzzes the REST API of a running local gateway from its own OpenAPI document with Schemathesis: valid and
# invalid requests for every operation, checking that none gets a server error (5xx) and that every answer matches
# the documented schema. Only for the local network: it refuses any gateway that is not on 127.0.0.1.
#
#   ./scripts/fuzz-api.sh [org ...] [-- extra schemathesis options]
#   e.g. ./scripts/fuzz-api.sh bank court
#
# Environment: FUZZ_MAX_EXAMPLES (per operation, default 30), FUZZ_MAX_TIME (seconds per gateway, default 300),
# FUZZ_WORKERS (default 2), FUZZ_SEED (default 1, for a reproducible run), FUZZ_INSTANCE (dev or test, default dev),
# FUZZ_URL (a gateway of the one org given, e.g. a second process started on another port, instead of the org's
# gateway from `network.sh status`).
# Schemathesis is installed with pip into ~/.cache/lendledger/schemathesis-venv on first use.
# Writes that pass validation are committed to the local ledger: run it against a development network only.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

readonly SCHEMATHESIS_VERSION='4.32.5'
readonly VENV="${HOME}/.cache/lendledger/schemathesis-venv"

ensure_schemathesis() {
    if [[ -x "$VENV/bin/schemathesis" ]] && "$VENV/bin/schemathesis" --version | grep -q "$SCHEMATHESIS_VERSION"; then
        return
    fi
    step "Installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
}

# The gateways the network's status command lists under its "REST gateways" heading, one "<org> <url>" line each,
# in its order: the members and ports come from network/topology.json, and one status run serves every organisation.
# Each listed line starts with the organisation key; its URL is the field that starts with http://.
gateway_list() {
    node --disable-warning=ExperimentalWarning network/src/cli.ts status --instance "$INSTANCE" |
        awk '/REST gateways/ && !/^  / { listed = 1; next }
             listed && !/^  / { listed = 0 }
             listed { for (i = 2; i <= NF; i++) if ($i ~ /^http:\/\//) { print $1, $i; break } }'
}

# The URL of an organisation's gateway in a gateway_list.
gateway_url() {
    local org="$1" gateways="$2"
    awk -v org="$org" '$1 == org { print $2; exit }' <<<"$gateways"
}

fuzz_gateway() {
    local org="$1" gateways="$2"
    shift 2
    local url token log
    url="${FUZZ_URL:-$(gateway_url "$org" "$gateways")}"
    if [[ -z "$url" ]]; then
        echo "no running gateway for $org (start the network: ./scripts/start.sh)" >&2
        return 1
    fi
    if [[ ! "$url" =~ ^http://127\.0\.0\.1:[0-9]+$ ]]; then
        echo "refusing to fuzz $url: only gateways on 127.0.0.1 are fuzzed" >&2
        return 1
    fi
    token="$(./scripts/token.sh "$org" User1 submitter,auditor --instance "$INSTANCE")"
    log="$LENDLEDGER_ROOT/.data/fuzz/$org.log"
    mkdir -p "$(dirname "$log")"
    step "Fuzzing $org at $url (log: $log)"
    # The event stream never ends, so a request to it can only time out; it has its own tests.
    "$VENV/bin/schemathesis" --no-color run "$url/v1/openapi.json" \
        --url "$url" \
        --header "Authorization: Bearer $token" \
        --checks not_a_server_error,response_schema_conformance \
        --mode all \
        --max-examples "${FUZZ_MAX_EXAMPLES:-30}" \
        --max-time "${FUZZ_MAX_TIME:-300}" \
        --workers "${FUZZ_WORKERS:-2}" \
        --seed "${FUZZ_SEED:-1}" \
        --request-timeout 40 \
        --exclude-operation-id streamEvents \
        --generation-database none \
        --suppress-health-check all \
        --continue-on-failure \
        "$@" 2>&1 | tee "$log"
}

main() {
    local orgs=() extra=()
    while [[ $# -gt 0 ]]; do
        if [[ "$1" == "--" ]]; then
            shift
            extra=("$@")
            break
        fi
        orgs+=("$1")
        shift
    done
    ensure_node >/dev/null
    ensure_schemathesis
    cd "$LENDLEDGER_ROOT"
    local gateways=''
    if [[ -z "${FUZZ_URL:-}" || ${#orgs[@]} -eq 0 ]]; then
        gateways="$(gateway_list)" || gateways=''
    fi
    if [[ ${#orgs[@]} -eq 0 ]]; then
        mapfile -t orgs < <(awk 'NF { print $1 }' <<<"$gateways")
        if [[ ${#orgs[@]} -eq 0 ]]; then
            echo "the network lists no gateways (start the network: ./scripts/start.sh)" >&2
            return 1
        fi
    fi
    local failed=0 org
    for org in "${orgs[@]}"; do
        fuzz_gateway "$org" "$gateways" "${extra[@]}" || failed=1
    done
    return "$failed"
}

readonly INSTANCE="${FUZZ_INSTANCE:-dev}"
main "$@"
