#!/usr/bin/env bash
# Brings up a real container engine for the docker runtime's tests: Podman's Docker-compatible API on a unix
# socket, with a tiny local image (no public registry is reachable), and a local registry on 127.0.0.1:5111
# (Debian's docker-registry, plain HTTP) holding that image, for the pull tests. Idempotent; run as root.
# Prints DOCKER_HOST=... on stdout as its last line; everything else goes to stderr.
set -euo pipefail

sock=/tmp/vigil-podman.sock
image=localhost/busybox:test
log=/tmp/vigil-podman.log
registry=127.0.0.1:5111
registry_dir=/tmp/vigil-registry
registry_conf=/etc/containers/registries.conf.d/vigil-test-registry.conf

say() { echo "container-engine: $*" >&2; }

answers() {
  curl -fsS --max-time 2 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1
}

# await_or_die SECONDS CHECK WHAT LOG: runs CHECK every 0.2 s until it succeeds; after SECONDS, exits 1 with LOG's end.
await_or_die() {
  for _ in $(seq 1 $(($1 * 5))); do
    "$2" && return 0
    sleep 0.2
  done
  "$2" && return 0
  say "$3 did not answer; its log:"
  tail -n 30 "$4" >&2 || true
  exit 1
}

need=()
command -v podman >/dev/null 2>&1 || need+=(podman)
command -v runc >/dev/null 2>&1 || [ -x /usr/sbin/runc ] || need+=(runc)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    say "missing ${need[*]} and not root to install them"
    exit 1
  fi
  say "installing ${need[*]}"
  "$(dirname "$0")/apt-install.sh" "${need[@]}"
fi

# crun fails on these hosts (hybrid cgroups, RLIMIT_NPROC); runc with cgroupfs works, and without systemd
# there is nothing to manage cgroups through. Default ulimits would fail the same way crun does.
if [ ! -f /etc/containers/containers.conf ]; then
  mkdir -p /etc/containers
  cat > /etc/containers/containers.conf <<'CONF'
[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
  say "wrote /etc/containers/containers.conf"
fi

# The test registry speaks plain HTTP; Podman reads this when its service starts, so a service started without it
# is started again.
if [ ! -f "$registry_conf" ]; then
  mkdir -p "$(dirname "$registry_conf")"
  printf '[[registry]]\nlocation = "%s"\ninsecure = true\n' "$registry" > "$registry_conf"
  say "wrote $registry_conf"
  if answers; then
    pkill -f "podman system service --time=0 unix://$sock" || true
    for _ in $(seq 1 50); do answers || break; sleep 0.1; done
  fi
fi

if ! answers; then
  rm -f "$sock"
  say "starting podman system service on $sock (log: $log)"
  # setsid + nohup: the service outlives this script and the shell that ran it. Every descriptor of the
  # background job goes to the log, and exec leaves no shell holding this script's stdout: a caller reading that
  # (DOCKER_HOST=$(scripts/container-engine.sh | tail -n 1)) would otherwise wait for as long as the service runs.
  # From /tmp: conmon drops files (e.g. "oom") into the service's working directory, which must not be a checkout.
  (cd /tmp && exec setsid nohup podman system service --time=0 "unix://$sock") >"$log" 2>&1 </dev/null &
  await_or_die 30 answers "podman on $sock" "$log"
fi

if ! podman image exists "$image"; then
  say "importing $image from busybox-static"
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/bin" "$root/tmp"
  cp /bin/busybox "$root/bin/"
  for c in sh sleep echo cat ls httpd wget nc head tail dd tr printf trap kill true false env; do
    ln -sf busybox "$root/bin/$c"
  done
  tar -C "$root" -cf "$root.tar" .
  podman import "$root.tar" "$image" >&2
  rm -f "$root.tar"
fi

registry_answers() {
  curl -fsS --max-time 2 "http://$registry/v2/" >/dev/null 2>&1
}
if ! registry_answers; then
  mkdir -p "$registry_dir/data"
  cat > "$registry_dir/config.yml" <<CONF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $registry_dir/data
  delete:
    enabled: true
http:
  addr: $registry
CONF
  say "starting docker-registry on $registry (log: $registry_dir/log)"
  (cd /tmp && exec setsid nohup docker-registry serve "$registry_dir/config.yml") >"$registry_dir/log" 2>&1 </dev/null &
  await_or_die 10 registry_answers "docker-registry on $registry" "$registry_dir/log"
fi
if ! curl -fsS --max-time 2 "http://$registry/v2/vigil/busybox/tags/list" 2>/dev/null | grep -q '"test"'; then
  say "pushing $image to $registry/vigil/busybox:test"
  podman push -q --tls-verify=false "$image" "$registry/vigil/busybox:test" >&2
fi

echo "DOCKER_HOST=unix://$sock"
