#!/usr/bin/env bash
# Fan-out benchmark: one test of 50 connectors whose servers each answer tools/list after 200 ms, through the tester
# (egress guard and proxy included), against the slowest single call to the same servers, in the same run.
# The servers run in a JVM of their own (McpServerFarm) so the numbers describe the tester, not the servers.
#   bench/fanout.sh          (ROUNDS=5; JAVA=<java> to use another JDK; JFR=1 records a profile of the tester)
# Everything listens on 127.0.0.1. Builds happen in a temporary copy; the working tree's target/ is left alone.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-5}
JAVA=${JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
JDK_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
WORK=$(mktemp -d /tmp/connectors-bench-fanout.XXXXXX)
FARM_PID=
cleanup() { [ -n "$FARM_PID" ] && kill "$FARM_PID" 2>/dev/null && wait "$FARM_PID" 2>/dev/null; true; }
trap cleanup EXIT

echo "== building the service and its test classes (in $WORK)"
mkdir -p "$WORK/service"; (cd "$ROOT" && tar --exclude=./target --exclude=./.git -cf - .) | tar -xf - -C "$WORK/service"
(cd "$WORK/service" && JAVA_HOME=$JDK_HOME ./mvnw -B -q -o test-compile dependency:build-classpath \
  -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test) > "$WORK/build.log" 2>&1
CP="$WORK/service/target/classes:$WORK/service/target/test-classes:$(cat "$WORK/classpath.txt")"

# The farm's input is a pipe we hold open: when this script ends, the farm sees end-of-input and stops.
mkfifo "$WORK/farm.in"
"$JAVA" -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" io.connectors.mcp.bench.McpServerFarm 50 200 "$WORK/urls.txt" < "$WORK/farm.in" \
  > "$WORK/farm.log" 2>&1 &
FARM_PID=$!
exec 9> "$WORK/farm.in"
for _ in $(seq 1 600); do [ -f "$WORK/urls.txt" ] && break; sleep 0.2; done
[ -f "$WORK/urls.txt" ] || { echo "servers did not start; see $WORK/farm.log"; exit 1; }

echo "== measuring ($ROUNDS rounds; load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores)"
PROFILE_OPTS=()
[ -n "${JFR:-}" ] && PROFILE_OPTS=(-XX:StartFlightRecording=filename=$WORK/tester.jfr,settings=profile)
"$JAVA" "${PROFILE_OPTS[@]}" ${TESTER_JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dbench.rounds="$ROUNDS" -cp "$CP" io.connectors.mcp.bench.TesterBenchmark "$WORK/urls.txt" \
  2> "$WORK/bench.err" | tee "$WORK/results.txt" || echo "(the benchmark stopped early; see $WORK/bench.err)"
exec 9>&-
python3 - "$WORK/results.txt" <<'PY'
import json, os, re, sys
lines = open(sys.argv[1]).read().splitlines()
r = next(json.loads(l[7:]) for l in lines if l.startswith("RESULT "))
memory = next((re.findall(r"\d+", l) for l in lines if l.startswith("Tester memory")), None)
extra = r["median_wall_ms"] - r["median_slowest_ms"]
print(f"== summary (median of {r['rounds']}): fan-out of {r['servers']} x {r['delay_ms']} ms servers "
      f"{r['median_wall_ms']} ms vs slowest single call {r['median_slowest_ms']} ms: {extra:+d} ms "
      f"({'goal met' if extra <= 50 else 'over the +50 ms goal'}); rounds whose fan-out failed: {r.get('failed_rounds', 0)}, single calls that failed: {r.get('failed_single_calls', 0)}")
summary = os.environ.get("BENCH_SUMMARY")
if summary:
    with open(summary, "a") as out:
        out.write(f"fan-out {r['servers']} x {r['delay_ms']} ms, wall (ms)\t{r['median_slowest_ms']}\t"
                  f"{r['median_wall_ms']}\t{extra:+d} ms\t<= +50 ms\n")
        if memory:
            out.write(f"fan-out: tester heap peak / live after GC / metaspace (MB)\t-\t"
                      f"{memory[0]} / {memory[1]} / {memory[2]}\t-\tsizes the container\n")
PY
echo "(logs kept in $WORK)"
