#!/usr/bin/env bash
# Bundles the release build into a .deb and an .rpm, names them without spaces and checks that
# both carry the app and cspctl in /usr/bin (a distributor scripts month-end runs with cspctl on
# the machine where the app is installed).
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=target/release/bundle
rm -rf "$bundle/deb" "$bundle/rpm"
ui/node_modules/.bin/tauri bundle --bundles deb,rpm
shopt -s nullglob
for f in "$bundle"/deb/*.deb "$bundle"/rpm/*.rpm; do
  dir=$(dirname "$f")
  name=$(basename "$f")
  # "CSP Desk_0.1.0_amd64.deb" → "csp-desk_0.1.0_amd64.deb": no space to quote in scripts.
  clean=$(printf '%s' "$name" | tr ' ' '-' | tr '[:upper:]' '[:lower:]')
  [ "$name" = "$clean" ] || mv -- "$f" "$dir/$clean"
done
deb=$(ls "$bundle"/deb/*.deb)
contents=$(dpkg-deb -c "$deb")
for bin in usr/bin/csp-desk usr/bin/cspctl; do
  grep -Eq " (\./)?$bin\$" <<<"$contents" || { echo "package: /$bin missing from $deb" >&2; exit 1; }
done
if command -v rpm >/dev/null; then
  rpmfile=$(ls "$bundle"/rpm/*.rpm)
  rpm -qlp "$rpmfile" | grep -qx /usr/bin/cspctl || { echo "package: /usr/bin/cspctl missing from $rpmfile" >&2; exit 1; }
fi
ls -l "$bundle"/deb/*.deb "$bundle"/rpm/*.rpm
