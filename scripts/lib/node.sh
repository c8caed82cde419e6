# shellcheck shell=bash
# Provides Node 24 LTS to every script of the project.
#
# Order of preference:
#   1. LENDLEDGER_NODE, if set: that exact binary, which must be Node 24 or newer (no silent fallback).
#   2. the `node` on PATH, if it is Node 24 or newer;
#   3. a pinned Node 24 LTS from the npm registry's `node` package, installed once into the cache.
# On success `node` and `npm` on PATH run Node 24 for the rest of the calling script.

readonly LENDLEDGER_NODE_VERSION="${LENDLEDGER_NODE_VERSION:-24.21.0}"
readonly LENDLEDGER_NODE_MIN_MAJOR=24
readonly LENDLEDGER_CACHE_DIR="${LENDLEDGER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lendledger}"

node_major_of() {
    local version
    version="$("$1" --version 2>/dev/null)" || return 1
    version="${version#v}"
    echo "${version%%.*}"
}

provision_pinned_node() {
    local prefix="$LENDLEDGER_CACHE_DIR/node-$LENDLEDGER_NODE_VERSION"
    local binary="$prefix/node_modules/node/bin/node"
    if [[ ! -x "$binary" ]]; then
        if ! command -v npm >/dev/null 2>&1; then
            echo "error: Node ${LENDLEDGER_NODE_MIN_MAJOR} LTS is required and neither it nor npm (to fetch it) was found." >&2
            echo "       Install Node 24 LTS (https://nodejs.org) and run this command again." >&2
            return 1
        fi
        echo "==> Installing Node $LENDLEDGER_NODE_VERSION from the npm registry into $prefix" >&2
        mkdir -p "$prefix"
        if ! npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$prefix" \
            "node@$LENDLEDGER_NODE_VERSION" >&2; then
            echo "error: could not install node@$LENDLEDGER_NODE_VERSION from the npm registry." >&2
            echo "       Install Node 24 LTS yourself and put it first on PATH, then run this command again." >&2
            return 1
        fi
    fi
    echo "$binary"
}

ensure_node() {
    local binary major
    if [[ -n "${LENDLEDGER_NODE:-}" ]]; then
        binary="$LENDLEDGER_NODE"
        if ! major="$(node_major_of "$binary")"; then
            echo "error: LENDLEDGER_NODE=$binary is not a runnable Node binary." >&2
            echo "       Point it at a Node 24 LTS binary, or unset it to let the setup provide Node $LENDLEDGER_NODE_VERSION." >&2
            return 1
        fi
        if ((major < LENDLEDGER_NODE_MIN_MAJOR)); then
            echo "error: LENDLEDGER_NODE=$binary is Node $("$binary" --version), but this project needs Node 24 LTS." >&2
            echo "       Point it at a Node 24 binary, or unset it to let the setup provide Node $LENDLEDGER_NODE_VERSION." >&2
            return 1
        fi
    elif command -v node >/dev/null 2>&1 && major="$(node_major_of node)" && ((major >= LENDLEDGER_NODE_MIN_MAJOR)); then
        binary="$(command -v node)"
    else
        binary="$(provision_pinned_node)" || return 1
    fi
    PATH="$(dirname "$binary"):$PATH"
    export PATH
    hash -r
}
