#!/bin/sh
# Install SLA Planner for the current user, without root:
#
#   ./install.sh              copy this folder to ~/.local/share/slaplanner/app, put `slaplanner` in
#                             ~/.local/bin, add SLA Planner to the applications menu and make
#                             double-clicking a .slaplan plan open it
#   ./install.sh --uninstall  remove all of that again (plans and settings are kept)
#
# XDG_DATA_HOME (default ~/.local/share) and SLAPLANNER_BIN_DIR (default ~/.local/bin) move it.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
BIN=${SLAPLANNER_BIN_DIR:-$HOME/.local/bin}
APP=$DATA/slaplanner/app
DESKTOP=$DATA/applications/slaplanner.desktop
MIME_XML=$DATA/mime/packages/slaplanner.xml
ICONS=$DATA/icons/hicolor

refresh() {
  # The desktop's caches; each tool is optional (a minimal system may have none of them).
  if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$DATA/mime" >/dev/null 2>&1 || true; fi
  if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database "$DATA/applications" >/dev/null 2>&1 || true; fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t "$ICONS" >/dev/null 2>&1 || true; fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$DATA/slaplanner/app"
  rm -f "$DESKTOP" "$MIME_XML" "$ICONS/256x256/apps/slaplanner.png" "$ICONS/scalable/apps/slaplanner.svg"
  [ -L "$BIN/slaplanner" ] && rm -f "$BIN/slaplanner"
  refresh
  echo "SLA Planner removed (your plans and settings are kept)."
  exit 0
fi
[ $# -eq 0 ] || { echo "usage: ./install.sh [--uninstall]" >&2; exit 2; }
[ -x "$HERE/slaplanner" ] || { echo "install.sh: run it from the unpacked SLA Planner folder" >&2; exit 2; }

# The program: a fresh copy (an older version is replaced whole).
if [ "$HERE" != "$APP" ]; then
  mkdir -p "$DATA/slaplanner"
  rm -rf "$APP.new"
  cp -R "$HERE" "$APP.new"
  rm -rf "$APP"
  mv "$APP.new" "$APP"
fi
mkdir -p "$BIN" "$DATA/applications" "$DATA/mime/packages" "$ICONS/256x256/apps" "$ICONS/scalable/apps"
ln -sfn "$APP/slaplanner" "$BIN/slaplanner"

# Menu entry, icon and the .slaplan type (Exec names the installed program, so PATH does not matter).
sed -e "s|^Exec=.*|Exec=\"$APP/slaplanner\" %f|" -e "s|^TryExec=.*|TryExec=$APP/slaplanner|" \
  "$HERE/share/slaplanner.desktop" > "$DESKTOP"
cp "$HERE/share/slaplanner-mime.xml" "$MIME_XML"
cp "$HERE/share/slaplanner.png" "$ICONS/256x256/apps/slaplanner.png"
cp "$HERE/share/slaplanner.svg" "$ICONS/scalable/apps/slaplanner.svg"
refresh
if command -v xdg-mime >/dev/null 2>&1; then
  xdg-mime default slaplanner.desktop application/x-slaplan >/dev/null 2>&1 || true
fi

echo "SLA Planner $("$APP/slaplanner" --version | sed 's/^SLA Planner //') installed:"
echo "  program      $APP/slaplanner (also $BIN/slaplanner)"
echo "  menu entry   $DESKTOP"
echo "  plan type    $MIME_XML (*.slaplan opens in SLA Planner)"
case ":$PATH:" in
  *":$BIN:"*) ;;
  *) echo "  note: $BIN is not on your PATH; start it from the applications menu or as $APP/slaplanner" ;;
esac
# Qt's window needs a few X11 libraries that a minimal system may lack (the command line does not).
if command -v ldconfig >/dev/null 2>&1 && ! ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor.so.0'; then
  echo "  note: for the window on X11, install libxcb-cursor0 (sudo apt-get install libxcb-cursor0)"
fi
