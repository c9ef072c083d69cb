#!/usr/bin/env bash
# Writes a tiny base image as a `docker save` tarball, for `jib:buildTar` where no container registry is reachable:
#
#   deploy/images/make-test-base.sh /tmp/looklook-test-base.tar
#   ./mvnw -B -pl gateway package jib:buildTar -DskipTests -Djib.from.image=tar:///tmp/looklook-test-base.tar
#
# It has no JRE: Jib only needs a valid image config and layers to stack the service's layers on, so the result
# proves the Jib configuration (layers, entrypoint, user, ports, JVM flags) but does not run. Real images come from
# an eclipse-temurin:17-jre base (the default, pom.xml: looklook.base-image).
set -euo pipefail

out=${1:-${TMPDIR:-/tmp}/looklook-test-base.tar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# one layer: the non-root user the images run as (pom.xml: 10001:10001) and a /tmp
mkdir -p "$work/rootfs/etc" "$work/rootfs/tmp" "$work/image"
printf 'root:x:0:0:root:/root:/sbin/nologin\nlooklook:x:10001:10001:looklook:/tmp:/sbin/nologin\n' >"$work/rootfs/etc/passwd"
printf 'root:x:0:\nlooklook:x:10001:\n' >"$work/rootfs/etc/group"
chmod 1777 "$work/rootfs/tmp"
# reproducible: fixed order, owner and time, so the same script gives the same digest
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/rootfs" -cf "$work/image/layer.tar" etc tmp

diff_id=$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)
cat >"$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/images/make-test-base.sh"}]}
JSON
cat >"$work/image/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["looklook/test-base:latest"],"Layers":["layer.tar"]}]
JSON
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/image" -cf "$out" manifest.json config.json layer.tar
echo "$out: $(stat -c %s "$out") bytes, layer sha256:$diff_id"
