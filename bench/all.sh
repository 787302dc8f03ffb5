#!/usr/bin/env bash
# Runs every benchmark in sequence and prints one table: what | baseline | subject | ratio | goal.
#   bench/all.sh                 (ONLY="startup throughput fanout gateway" to choose; each program's own variables,
#                                 RUNS, DURATION, ROUNDS..., are passed on)
# Each program measures its baseline in the same run as its subject (a bare Quarkus app, pgbench, the slowest single
# call), so the ratios hold on a busy machine where absolute numbers do not.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ONLY=${ONLY:-startup throughput fanout gateway}
OUT=$(mktemp -d /tmp/connectors-bench-all.XXXXXX)
chmod o+x "$OUT"  # PostgreSQL runs as its own user below it (bench/postgres.sh)
export BENCH_SUMMARY=$OUT/summary.tsv
# The heap, metaspace, code cache and stack sizes of native/Dockerfile.jvm's ENTRYPOINT.
container_memory_flags() {
  grep -o '"-X[^"]*"' "$ROOT/native/Dockerfile.jvm" | tr -d '"' | grep -v -e AOTCache -e ExitOnOutOfMemory | tr '\n' ' '
}
: > "$BENCH_SUMMARY"
echo "== $(date -u '+%F %T') UTC, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
for program in $ONLY; do
  script=$ROOT/bench/$program.sh
  if [ ! -x "$script" ]; then
    echo "-- $program: no bench/$program.sh, skipped"
    continue
  fi
  echo "-- $program (output in $OUT/$program.log)"
  # The throughput run reuses the JDK 17 build of the start-up run when there is one.
  if [ "$program" = throughput ] && [ -z "${APP:-}" ] && [ -f "$OUT/startup/service/target/quarkus-app/quarkus-run.jar" ]; then
    export APP=$OUT/startup/service/target/quarkus-app
  fi
  [ "$program" = startup ] && export WORK=$OUT/startup
  # The service under load runs with the container's memory settings (native/Dockerfile.jvm), so the peak RSS it
  # reports is the one the pod's limit must hold.
  [ "$program" = fanout ] && export TESTER_JAVA_OPTS=${TESTER_JAVA_OPTS:-$(container_memory_flags)}
  [ "$program" = throughput ] && export SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-$(container_memory_flags) -XX:NativeMemoryTracking=summary}
  rows_before=$(wc -l < "$BENCH_SUMMARY")
  if ! "$script" > "$OUT/$program.log" 2>&1; then
    echo "   FAILED; last lines:"; tail -5 "$OUT/$program.log" | sed 's/^/   /'
    printf '%s\t-\t-\tfailed\t-\n' "$program" >> "$BENCH_SUMMARY"
  fi
  unset WORK
  if [ "$(wc -l < "$BENCH_SUMMARY")" = "$rows_before" ]; then
    # A program that writes no table rows (the gateway's, for one): its last lines, and a pointer in the table.
    tail -15 "$OUT/$program.log" | sed 's/^/   /'
    printf '%s (own output above)\t-\t-\tsee %s\t-\n' "$program" "$OUT/$program.log" >> "$BENCH_SUMMARY"
  else
    grep -h '^== summary' -A12 "$OUT/$program.log" | sed 's/^/   /' || true
  fi
done
echo
echo "== results (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 - "$BENCH_SUMMARY" <<'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
head = ["what", "baseline", "subject", "ratio", "goal"]
print("| " + " | ".join(head) + " |")
print("| " + " | ".join("---" for _ in head) + " |")
for row in rows:
    print("| " + " | ".join(row) + " |")
PY
echo "(all logs in $OUT)"
