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

# Debian packages the project needs at run time and in tests: the CJK font the notary report PDF embeds
# (gateway setting notary.reportFontPath) and poppler's pdftoppm/pdftotext, which the report tests render with.
readonly LENDLEDGER_DEBIAN_PACKAGES=(fonts-wqy-microhei poppler-utils)

# What only the tests need: Debian's Chromium, which the browser suites (test/browser) drive with playwright-core
# (Playwright's own browser download cannot work here).
readonly LENDLEDGER_TEST_DEBIAN_PACKAGES=(chromium)

# Installs each named Debian package that is missing (apt-get, as root or through sudo); waits for another apt run.
ensure_debian_packages() {
    local missing=() package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$package")
        fi
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    step "Installing Debian packages: ${missing[*]}"
    local sudo=()
    if ((EUID != 0)); then
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -qq -o DPkg::Lock::Timeout=300
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${missing[@]}"
}
