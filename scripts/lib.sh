# Shared set-up steps for scripts/start and scripts/test (sourced, not run).
# Everything here is idempotent: a second run only checks and moves on.

PYTHON="${PYTHON:-python3.11}"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  # apt_install PKG...: install the Debian packages that are missing.
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "Memasang paket sistem: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

ensure_python() {
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    apt_install python3 python3-venv
    PYTHON=python3
  fi
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    apt_install python3-venv
  fi
}

# WeasyPrint renders with Pango/HarfBuzz; DejaVu gives the documents a font on a bare machine.
PDF_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)

ensure_venv() {
  # ensure_venv REQUIREMENTS_FILE: create .venv and install the pinned requirements once
  # (re-installs only when the requirements files change).
  local req="$1"
  ensure_python
  [ -x .venv/bin/python ] || { log "Membuat virtualenv (.venv)"; "$PYTHON" -m venv .venv; }
  local stamp=".venv/.installed-$(basename "$req" .txt)"
  local digest
  digest=$(cat requirements/*.txt | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    log "Memasang dependensi Python ($req)"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -r "$req"
    echo "$digest" > "$stamp"
  fi
}
