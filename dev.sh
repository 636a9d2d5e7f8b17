#!/usr/bin/env bash
# Set up SLA Planner on Debian or Ubuntu, then run the app or the tests.
#
#   ./dev.sh run [PLAN]   set everything up and open the app (default: the bundled sample plan, untitled)
#   ./dev.sh test [ARGS]  set everything up, run the checks (as lint) and the whole test suite with the
#                         core's coverage (ARGS go to pytest); CI runs exactly this
#   ./dev.sh lint         ruff check, mypy and the import contracts (lint-imports)
#   ./dev.sh setup        only set up
#
# Set-up installs the missing Debian packages (as root, or with sudo), creates .venv and
# installs the project with its test tools into it. It is quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")"

# Qt's runtime libraries (without fonts Qt silently draws every glyph as an empty box).
QT_PACKAGES="libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0"
PYTHON_PACKAGES="python3 python3-venv python3-pip"
# The tests also recalculate the exported workbook with LibreOffice and render PDFs to PNG.
TEST_PACKAGES="libreoffice-calc libreoffice-writer poppler-utils"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

install_debian_packages() {
  local wanted=("$@") missing=()
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    say "Not a Debian/Ubuntu system: install these yourself if something fails: ${wanted[*]}"
    return 0
  fi
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "Need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  say "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

python_ok() {
  command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null
}

setup() {
  local extra=("$@")
  # shellcheck disable=SC2206
  local pkgs=($QT_PACKAGES ${extra[@]+"${extra[@]}"})
  python_ok || pkgs+=($PYTHON_PACKAGES)
  install_debian_packages "${pkgs[@]}"
  python_ok || { echo "SLA Planner needs Python 3.10 or newer with venv." >&2; exit 1; }
  if [ ! -x .venv/bin/python ]; then
    say "Creating the virtual environment .venv"
    python3 -m venv .venv
  fi
  local stamp=.venv/.slaplanner-installed
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "Installing SLA Planner and its test tools into .venv"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test]"
    touch "$stamp"
  fi
}

# Style, types and the import contracts (pyproject.toml); any error stops here (set -e).
# Not `ruff format --check`: the tree is not format-clean yet.
lint() {
  say "ruff check"
  .venv/bin/ruff check .
  say "mypy"
  .venv/bin/mypy
  say "Import contracts"
  .venv/bin/lint-imports
}

command=${1:-run}
shift || true
case "$command" in
  setup)
    setup $TEST_PACKAGES ;;
  run)
    setup
    # With no PLAN the app opens the bundled sample as a new, untitled plan (the shipped file stays as it is).
    exec .venv/bin/python main.py "$@" ;;
  test)
    setup $TEST_PACKAGES
    lint
    say "Running the test suite"
    exec .venv/bin/python -m pytest --cov=slaplanner --cov-report=term "$@" ;;
  lint)
    setup
    lint ;;
  *)
    echo "usage: ./dev.sh run [PLAN] | test [PYTEST ARGS] | lint | setup" >&2
    exit 2 ;;
esac
