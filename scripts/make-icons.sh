#!/usr/bin/env bash
# Renders icons/icon.svg into every size Tauri's bundler wants (needs rsvg-convert and the UI's npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rsvg-convert -w 1024 -h 1024 icons/icon.svg -o "$tmp/icon-1024.png"
(cd ui && npx tauri icon "$tmp/icon-1024.png" -o ../icons)
# Keep only the desktop sizes.
rm -rf icons/android icons/ios icons/Square*Logo.png icons/StoreLogo.png icons/64x64.png
