#!/usr/bin/env bash
# Set up SLA Planner on Debian or Ubuntu, then run the app, its command line or the tests.
#
#   ./dev.sh run [PLAN]       set up what the app needs and open it (default: the bundled sample plan, untitled)
#   ./dev.sh slaplanner ARGS  the command line, e.g. ./dev.sh slaplanner report plan.slaplan (same set-up as run)
#   ./dev.sh test [ARGS]      set up the test tools too, run the checks (as lint) and the whole test suite
#                             with the core's coverage (ARGS go to pytest); CI runs exactly this
#   ./dev.sh lint             ruff check, mypy and the import contracts (lint-imports)
#   ./dev.sh setup            only set up (with the test tools)
#   ./dev.sh lock [ARGS]      refresh constraints.txt from pyproject.toml (pip-compile keeps the pinned
#                             versions; ARGS e.g. --upgrade or --upgrade-package numpy)
#   ./dev.sh bundle           build the self-contained app (PyInstaller): dist/slaplanner-VERSION-linux-ARCH/
#                             and its .tar.gz (docs/install.md)
#   ./dev.sh bundle-check     build the bundle, then test it and the wheel (pytest -m bundle); CI runs it too
#   ./dev.sh wheel            build the wheel into dist/
#
# Set-up installs the missing Debian packages (as root, or with sudo; their output goes to a log that is
# printed only if something fails), creates .venv and installs the project into it with the versions
# pinned in constraints.txt. It is quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")"

# Qt's runtime libraries (without fonts Qt silently draws every glyph as an empty box).
QT_PACKAGES="libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0"
PYTHON_PACKAGES="python3 python3-venv python3-pip"
# The tests also recalculate the exported workbook with LibreOffice, render PDFs to PNG and start a throwaway
# PostgreSQL server (initdb, pg_ctl) for the team-database tests.
TEST_PACKAGES="libreoffice-calc libreoffice-writer poppler-utils postgresql"
# The bundle's install script is tested with the desktop's own tools.
BUNDLE_TEST_PACKAGES="shared-mime-info desktop-file-utils xdg-utils"
PIP_TOOLS_VERSION="7.6.2"
CONSTRAINTS=constraints.txt

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Run a noisy command with its output in a log; print the log only if it fails.
quietly() {
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/slaplanner-setup.XXXXXX.log")
  if "$@" >"$log" 2>&1; then
    rm -f "$log"
  else
    local status=$?
    cat "$log" >&2
    echo "Failed (exit $status): $* (log: $log)" >&2
    exit "$status"
  fi
}

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
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "Need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  say "Installing system packages: ${missing[*]}"
  quietly ${sudo[@]+"${sudo[@]}"} apt-get update -qq
  quietly ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

python_ok() {
  command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null
}

# setup EXTRA [DEBIAN PACKAGES...]: EXTRA is "app" (what the app needs), "test" or "bundle".
setup() {
  local extra=$1
  shift
  # shellcheck disable=SC2206
  local pkgs=($QT_PACKAGES "$@")
  python_ok || pkgs+=($PYTHON_PACKAGES)
  install_debian_packages "${pkgs[@]}"
  python_ok || { echo "SLA Planner needs Python 3.10 or newer with venv." >&2; exit 1; }
  if [ ! -x .venv/bin/python ]; then
    say "Creating the virtual environment .venv"
    quietly python3 -m venv .venv
  fi
  local stamp=.venv/.slaplanner-$extra
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ "$CONSTRAINTS" -nt "$stamp" ]; then
    local target="." what="SLA Planner"
    if [ "$extra" != app ]; then target=".[$extra]"; what="SLA Planner with its $extra tools"; fi
    say "Installing $what into .venv (versions from $CONSTRAINTS)"
    quietly .venv/bin/python -m pip install --disable-pip-version-check -c "$CONSTRAINTS" -e "$target"
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

version() { .venv/bin/python -c 'import slaplanner; print(slaplanner.__version__)'; }
bundle_name() { echo "slaplanner-$(version)-linux-$(uname -m)"; }

bundle() {
  setup bundle
  local name start
  name=$(bundle_name)
  start=$(date +%s)
  say "Building the bundle with PyInstaller (packaging/slaplanner.spec)"
  quietly .venv/bin/pyinstaller --noconfirm --log-level WARN --distpath build/bundle-dist --workpath build/pyinstaller \
    packaging/slaplanner.spec
  rm -rf "dist/$name" "dist/$name.tar.gz"
  mkdir -p dist
  mv build/bundle-dist/slaplanner "dist/$name"
  mkdir -p "dist/$name/share"
  cp packaging/install.sh "dist/$name/install.sh"
  cp packaging/slaplanner.desktop packaging/slaplanner-mime.xml slaplanner/resources/slaplanner.png \
    slaplanner/resources/slaplanner.svg "dist/$name/share/"
  tar -C dist -czf "dist/$name.tar.gz" "$name"
  say "Bundle: dist/$name ($(du -sh "dist/$name" | cut -f1)), dist/$name.tar.gz ($(du -sh "dist/$name.tar.gz" | cut -f1)), built in $(($(date +%s) - start)) s"
  echo "Install it for the current user: tar xzf dist/$name.tar.gz && $name/install.sh"
}

command=${1:-run}
shift || true
case "$command" in
  setup)
    setup test $TEST_PACKAGES ;;
  run)
    setup app
    # With no PLAN the app opens the bundled sample as a new, untitled plan (the shipped file stays as it is).
    SLAPLANNER_COMMAND="./dev.sh slaplanner" exec .venv/bin/slaplanner "$@" ;;
  slaplanner)
    setup app
    SLAPLANNER_COMMAND="./dev.sh slaplanner" exec .venv/bin/slaplanner "$@" ;;
  test)
    setup test $TEST_PACKAGES
    lint
    say "Running the test suite"
    exec .venv/bin/python -m pytest --cov=slaplanner --cov-report=term "$@" ;;
  lint)
    setup test
    lint ;;
  lock)
    setup test
    quietly .venv/bin/python -m pip install --disable-pip-version-check -c "$CONSTRAINTS" "pip-tools==$PIP_TOOLS_VERSION"
    say "Refreshing $CONSTRAINTS (pinned versions are kept unless you pass --upgrade)"
    CUSTOM_COMPILE_COMMAND="./dev.sh lock" .venv/bin/pip-compile --quiet --extra test --extra bundle --strip-extras \
      --allow-unsafe --no-emit-index-url --no-emit-find-links --output-file "$CONSTRAINTS" "$@" pyproject.toml
    git diff --stat -- "$CONSTRAINTS" 2>/dev/null || true ;;
  bundle)
    bundle ;;
  bundle-check)
    setup test $TEST_PACKAGES $BUNDLE_TEST_PACKAGES
    bundle
    say "Testing the bundle and the wheel"
    exec .venv/bin/python -m pytest -m bundle tests/packaging "$@" ;;
  wheel)
    setup app
    quietly .venv/bin/python -m pip wheel --disable-pip-version-check --no-deps -w dist .
    ls dist/*.whl ;;
  *)
    echo "usage: ./dev.sh run [PLAN] | slaplanner ARGS | test [PYTEST ARGS] | lint | setup | lock [ARGS]" \
      "| bundle | bundle-check | wheel" >&2
    exit 2 ;;
esac
