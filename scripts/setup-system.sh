#!/usr/bin/env bash
# Installs the Debian packages TableTalk's tests and demo need, only those missing:
# database servers and an SSH server (tunnel tests) for the integration suite, Chromium for webview/UI tests, and code-server's build deps.
set -euo pipefail
pkgs=(postgresql mariadb-server openssh-server chromium libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev pkg-config ripgrep fonts-noto-cjk unzip binutils binutils-aarch64-linux-gnu xz-utils advancecomp)
# One dpkg-query for all of them (one call per package took seconds on a busy machine).
installed=" $(dpkg-query -W -f='${Package}:${Status}\n' "${pkgs[@]}" 2>/dev/null | sed -n 's/:install ok installed$//p' | sed 's/:.*//' | tr '\n' ' ') "
missing=()
for p in "${pkgs[@]}"; do
  [[ "$installed" == *" $p "* ]] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  echo "Missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
