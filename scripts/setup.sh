#!/usr/bin/env bash
# Installs every Debian package emile needs to build, test and run. Idempotent: when everything is already
# installed it prints nothing and changes nothing. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-graph-dev libtbb-dev libhdf5-dev hdf5-tools
  pybind11-dev libgtest-dev libgmock-dev libbenchmark-dev
  libtomlplusplus-dev libcli11-dev librandom123-dev
  libopenmpi-dev openmpi-bin
  clang libclang-rt-14-dev libfuzzer-14-dev
  python3 python3-dev python3-numpy python3-pandas python3-h5py python3-matplotlib python3-tqdm
  python3-jinja2 python3-pytest python3-nbclient python3-ipykernel python3-nbformat mypy
  chromium                                                          # `emile report --pdf` and the report tests
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${#missing[@]} Debian package(s): ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
