#!/usr/bin/env bash
# Makes `import emile` work in /usr/bin/python3 (and in Jupyter kernels running on it) without setting paths:
# writes emile.pth, holding the absolute path of BUILD_DIR/python, into the interpreter's site folder for
# local packages (/usr/local/lib/python3.X/dist-packages on Debian). Python adds every folder a .pth file
# names to sys.path at start-up. Idempotent: prints nothing when the file is already right. Needs root (or
# sudo) only when it writes. Does nothing when BUILD_DIR has no Python module (EMILE_BUILD_PYTHON=OFF).
#
# Usage: scripts/setup-python.sh [BUILD_DIR]     (default: build; a relative path is taken from the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
python=/usr/bin/python3
build_dir=${1:-build}
if [ ! -d "$build_dir" ]; then
  echo "setup-python: no build folder $build_dir (run scripts/build.sh)" >&2
  exit 1
fi
package_dir=$(cd "$build_dir" && pwd)/python
compgen -G "$package_dir/emile/_core*.so" >/dev/null || exit 0

site_dir=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
pth="$site_dir/emile.pth"
[ -f "$pth" ] && [ "$(cat "$pth")" = "$package_dir" ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ] && [ ! -w "$site_dir" ]; then
  if command -v sudo >/dev/null; then
    sudo="sudo"
  else
    echo "setup-python: cannot write $pth (not root, no sudo); use PYTHONPATH=$package_dir instead" >&2
    exit 0
  fi
fi
$sudo mkdir -p "$site_dir"
echo "$package_dir" | $sudo tee "$pth" >/dev/null
echo "setup-python: $pth -> $package_dir (import emile works in $python)" >&2
