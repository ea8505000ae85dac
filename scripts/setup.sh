#!/usr/bin/env bash
# Installs what the real-editor end-to-end tests need, and nothing into the
# project's node_modules or package.json:
#   - Debian packages: chromium (driven by playwright-core), libkrb5-dev (to
#     build code-server's kerberos module), ripgrep (seeds @vscode/ripgrep's
#     download cache), neovim (a second real LSP client), postgresql (a
#     throwaway server per archive test: test/postgres.ts);
#   - code-server 4.100.3 (runs on Node 20) in the git-ignored folder
#     .cache/code-server, checked by starting it once.
# Idempotent: a second run only checks and prints "ready".
# Environment: CORROBORATE_APT_UPDATED=1 skips `apt-get update` (the caller ran it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CS_VERSION=4.100.3
RG_CACHE_NAME=vscode-ripgrep-cache-1.15.11
RG_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
CS_DIR="$ROOT/.cache/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
NODE_ABI="$(node -p 'process.versions.modules')"
STAMP="$CS_DIR/.ready"
STAMP_TEXT="code-server@$CS_VERSION node-abi-$NODE_ABI"
APT_PACKAGES=(chromium libkrb5-dev ripgrep neovim postgresql)

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# --- Debian packages ---------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
    SUDO=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  if [[ "${CORROBORATE_APT_UPDATED:-}" != 1 ]]; then
    say "apt-get update"
    "${SUDO[@]}" apt-get update -qq
  fi
  say "apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
else
  say "Debian packages present (${APT_PACKAGES[*]})"
fi
for exe in /usr/bin/chromium /usr/bin/rg /usr/bin/nvim; do
  [[ -x $exe ]] || die "$exe missing after apt-get install"
done

# --- code-server -------------------------------------------------------------
# Starts the installed code-server with private HOME/XDG/TMPDIR on a free port
# and waits for /healthz: proves its native modules load on this Node.
check_code_server() {
  local run port pid ok=1
  run="$(mktemp -d "${TMPDIR:-/tmp}/corroborate-cs-check.XXXXXX")"
  port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  mkdir -p "$run/home" "$run/tmp" "$run/data/User" "$run/exts"
  echo '{"workbench.startupEditor":"none","telemetry.telemetryLevel":"off","update.mode":"none"}' >"$run/data/User/settings.json"
  HOME="$run/home" XDG_CONFIG_HOME="$run/home/.config" XDG_DATA_HOME="$run/home/.local/share" \
    XDG_CACHE_HOME="$run/home/.cache" TMPDIR="$run/tmp" \
    setsid "$CS_BIN" --auth none --disable-telemetry --disable-update-check --disable-workspace-trust \
    --extensions-dir "$run/exts" --user-data-dir "$run/data" --bind-addr "127.0.0.1:$port" "$run/home" \
    >"$run/log" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 1 300); do
    if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
      "http://127.0.0.1:$port/healthz"; then ok=0; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if ((ok)); then
    sed 's/^/setup:   | /' "$run/log" >&2
  fi
  rm -rf "$run"
  return $ok
}

# code-server's native modules (built by install scripts) must load on this Node.
check_native_modules() {
  (cd "$CS_DIR/node_modules/code-server" && node -e '
    const path = require("path");
    let bad = 0;
    for (const [dir, mod] of [[".", "argon2"], ["lib/vscode", "node-pty"], ["lib/vscode", "kerberos"],
        ["lib/vscode", "@vscode/spdlog"], ["lib/vscode", "@parcel/watcher"], ["lib/vscode", "native-watchdog"]]) {
      try { require(require.resolve(mod, { paths: [path.resolve(dir)] })); }
      catch (e) { bad = 1; console.error("setup: native module " + mod + " does not load: " + e.message.split("\n")[0]); }
    }
    process.exit(bad);') || return 1
  [[ -x "$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ]] \
    || { say "ripgrep missing in code-server"; return 1; }
}

if [[ -f $STAMP && "$(cat "$STAMP")" == "$STAMP_TEXT" && -x $CS_BIN ]]; then
  say "code-server $CS_VERSION ready in ${CS_DIR#"$ROOT"/}"
  exit 0
fi

# An install without a stamp (interrupted, or another Node): keep it if it works.
if [[ -x $CS_BIN ]] && [[ "$(node -p "require('$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null)" == "$CS_VERSION" ]]; then
  say "checking the existing code-server install"
  if check_native_modules && check_code_server; then
    echo "$STAMP_TEXT" >"$STAMP"
    say "code-server $CS_VERSION ready in ${CS_DIR#"$ROOT"/}"
    exit 0
  fi
  say "existing install does not work; reinstalling"
fi

say "installing code-server $CS_VERSION into ${CS_DIR#"$ROOT"/} (a few minutes)"
start=$SECONDS
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR/tmp" "$CS_DIR/rgseed"
# A private package.json so that npm treats the folder as its own project.
echo '{"name":"corroborate-code-server","private":true}' >"$CS_DIR/package.json"
# @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds a
# cached archive in $TMPDIR/vscode-ripgrep-cache-<version>: seed it from Debian's rg.
mkdir -p "$CS_DIR/tmp/$RG_CACHE_NAME"
cp /usr/bin/rg "$CS_DIR/rgseed/rg"
tar czf "$CS_DIR/tmp/$RG_CACHE_NAME/$RG_ARCHIVE" -C "$CS_DIR/rgseed" rg
# npm 11 skips dependency install scripts unless allowed; code-server's
# postinstall runs nested `npm install`s whose native modules (node-pty,
# kerberos, argon2, spdlog, watcher) must build, so allow scripts for this
# private install only (the environment reaches the nested npm processes).
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`.
# nodedir: build against the machine's Node headers (no header download).
nodedir="${npm_config_nodedir:-}"
if [[ -z $nodedir && -f /usr/include/node/node.h ]]; then nodedir=/usr; fi
(
  cd "$CS_DIR"
  export TMPDIR="$CS_DIR/tmp"
  export npm_config_yes=true
  export npm_config_dangerously_allow_all_scripts=true
  export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
  [[ -n $nodedir ]] && export npm_config_nodedir="$nodedir"
  npm install --unsafe-perm --no-save --no-package-lock "code-server@$CS_VERSION" >"$CS_DIR/install.log" 2>&1
) || { tail -n 40 "$CS_DIR/install.log" >&2; die "npm install code-server@$CS_VERSION failed (log: ${CS_DIR#"$ROOT"/}/install.log)"; }
rm -rf "$CS_DIR/rgseed" "$CS_DIR/tmp"
say "installed in $((SECONDS - start)) s; checking native modules and a start"
check_native_modules || die "code-server's native modules were not built (log: ${CS_DIR#"$ROOT"/}/install.log)"
check_code_server || die "code-server $CS_VERSION does not start"
echo "$STAMP_TEXT" >"$STAMP"
say "code-server $CS_VERSION ready ($((SECONDS - start)) s)"
