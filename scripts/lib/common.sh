# shellcheck shell=bash
# Shared by every entry point in scripts/: repository root, logging, Node and dependencies.

LENDLEDGER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly LENDLEDGER_ROOT
export LENDLEDGER_ROOT

# shellcheck source=scripts/lib/node.sh
source "$LENDLEDGER_ROOT/scripts/lib/node.sh"

step() {
    printf '\n==> %s\n' "$*"
}

# Installs the npm workspaces when package-lock.json changed since the last install, then compiles them.
install_and_build() {
    local stamp="$LENDLEDGER_ROOT/node_modules/.lendledger-install-stamp"
    local lock_hash
    lock_hash="$(sha256sum "$LENDLEDGER_ROOT/package-lock.json" | cut -d' ' -f1)-$(node --version)"
    if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
        step "Installing dependencies (npm ci)"
        (cd "$LENDLEDGER_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
        echo "$lock_hash" >"$stamp"
    fi
    step "Compiling TypeScript"
    (cd "$LENDLEDGER_ROOT" && npm run --silent build)
}
