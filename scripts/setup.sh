#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Shared set-up of run.sh and test.sh: installs the Debian packages that are
# missing (apt-get; sudo when not root), then configures and builds (Release) into
# build/ with binaries in build/bin/. A second run is incremental.
#
# COMET_PACKAGES names every package the build and the tests use, even one that a
# listed package only recommends: set-up installs without Recommends. The `setup`
# tests (tests/setup/check_packages.sh) fail when the build uses a file from a
# package that is neither here nor in the Depends closure of these; run them, and
# scripts/fresh_check.sh, when you add a dependency.
set -euo pipefail

COMET_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libtorch-dev libdnnl-dev libopenblas0-pthread
  ocl-icd-opencl-dev  # Debian's dnnl-config.cmake finds OpenCL; libdnnl-dev only recommends it
  qt6-base-dev qt6-svg-dev libqcustomplot-dev
  libyaml-cpp-dev zlib1g-dev
  dataset-fashion-mnist
  fortunes  # experiments/gpt_fortunes.yaml: the default text corpus (/usr/share/games/fortunes)
  xvfb xauth
  slurm-wlm munge  # tests/slurm: a one-node cluster on loopback
  lintian appstream desktop-file-utils  # tests/package: checks of the .deb
)

comet_install_packages() {
  local missing=()
  for p in "${COMET_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "setup: installing ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

comet_build() {
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  if [ ! -f build/CMakeCache.txt ]; then
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
  fi
  cmake --build build --parallel "$jobs"
}

comet_setup() {
  local start=$SECONDS
  comet_install_packages
  echo "setup: packages took $((SECONDS - start)) s"
  start=$SECONDS
  comet_build
  echo "setup: build took $((SECONDS - start)) s"
}
