#!/usr/bin/env bash
# Throughput benchmark: GET /api/organizations/{org}/mcps listing 50 connectors, with wrk at 32 and 128 connections
# on loopback, against pgbench running the equivalent SELECT with as many clients as the service's reactive pool
# (quarkus.datasource.reactive.max-size), on the same PostgreSQL, in the same run.
#   bench/throughput.sh          (DURATION=20 seconds per measurement; APP=<dir of a built quarkus-app> skips the build;
#                                 JAVA=<java binary>, POOL=<pool size> to vary)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-20}
JAVA=${JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
POOL=${POOL:-$(sed -n 's/^quarkus.datasource.reactive.max-size=//p' "$ROOT/src/main/resources/application.properties")}
WORK=$(mktemp -d /tmp/connectors-bench-tput.XXXXXX)
ORG=bench
source "$ROOT/bench/postgres.sh"
command -v wrk >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

SERVICE_PID=
cleanup() { [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null; pg_stop "$WORK/pg"; }
trap cleanup EXIT

if [ -z "${APP:-}" ]; then
  echo "== building the service (in $WORK)"
  mkdir -p "$WORK/service"; (cd "$ROOT" && tar --exclude=./target --exclude=./.git -cf - .) | tar -xf - -C "$WORK/service"
  (cd "$WORK/service" && ./mvnw -B -q package -DskipTests) > "$WORK/build.log" 2>&1
  APP=$WORK/service/target/quarkus-app
fi

PGPORT=$(free_port); PORT=$(free_port)
pg_start "$WORK/pg" "$PGPORT"
openssl genrsa -out "$WORK/key.pem" 2048 2>/dev/null
export QUARKUS_OIDC_PUBLIC_KEY=$(openssl rsa -in "$WORK/key.pem" -pubout -outform DER 2>/dev/null | base64 -w0)
export QUARKUS_OIDC_TOKEN_ISSUER=bench
export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:$PGPORT/postgres
export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres
export QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE=$POOL
export CONNECTORS_SECRETS_KEY=$(openssl rand -base64 32)
export QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$PORT
"$JAVA" ${SERVICE_JAVA_OPTS:--XX:NativeMemoryTracking=summary} -jar "$APP/quarkus-run.jar" > "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { echo "service not ready; see $WORK/service.log"; exit 1; }

TOKEN=$("$ROOT/bench/jwt.sh" "$WORK/key.pem" bench bench-user "$ORG")
BASE=http://127.0.0.1:$PORT/api/organizations/$ORG/mcps
for i in $(seq -w 1 50); do
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"connector-$i\",\"url\":\"https://mcp$i.example.com/mcp\",\"headers\":{\"Authorization\":\"Bearer token-$i\"}}" "$BASE"
done
COUNT=$(curl -sf -H "Authorization: Bearer $TOKEN" "$BASE" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "== $COUNT connectors in organization '$ORG'; pool size $POOL; $DURATION s per measurement; $(nproc) cores shared by all"

# Warm the JIT until the rate settles: at least 6 rounds of 10 s, then until two rounds are within 5% of each other
# (at most WARMUP_ROUNDS). On a busy 2-core machine the compiler threads are starved and this takes minutes.
previous=0
for round in $(seq 1 "${WARMUP_ROUNDS:-15}"); do
  rate=$(wrk -t2 -c32 -d10s -H "Authorization: Bearer $TOKEN" "$BASE" | sed -n 's/Requests\/sec: *//p')
  echo "   warm-up round $round: $rate req/s"
  if python3 -c "import sys; p, r = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if int(sys.argv[3]) >= 6 and abs(r - p) <= 0.05 * p else 1)" "$previous" "$rate" "$round"; then
    break
  fi
  previous=$rate
done

RESULTS=$WORK/results.txt
# The statement the service sends for the first page (ConnectorRepository.listPage: header names only, page size + 1
# rows), with the organization id inline.
cat > "$WORK/list.sql" <<SQL
select id, organization_id, name, type, url, oauth_mcp, created_at, updated_at, created_by, updated_by, array(select jsonb_object_keys(headers) order by 1) as header_names from connector where organization_id = '$ORG' order by name limit 501;
SQL
PGBIN=$(pg_bin)

measure_service() {  # connections round
  wrk -t2 -c$1 -d${DURATION}s --latency -H "Authorization: Bearer $TOKEN" "$BASE" > "$WORK/wrk-$1-$2.txt"
  python3 - "$WORK/wrk-$1-$2.txt" "$1" >> "$RESULTS" <<'PY'
import re, sys, json
text = open(sys.argv[1]).read()
def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
pct = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)", text, re.M)}
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(json.dumps({"what": f"service c={sys.argv[2]}", "rps": rate, "p50_ms": pct["50"], "p99_ms": pct["99"],
                  "errors": int(errors.group(1)) if errors else 0}))
PY
  tail -1 "$RESULTS"
}

measure_pgbench() {  # round; the service stays up, idle
  mkdir -p "$WORK/pgbench-$1"
  (cd "$WORK/pgbench-$1" && "$PGBIN/pgbench" -h 127.0.0.1 -p "$PGPORT" -U postgres -n -M prepared -c "$POOL" -j 2 \
    -T "$DURATION" -f ../list.sql -l --log-prefix=pgbench postgres > pgbench.txt 2>&1)
  python3 - "$WORK/pgbench-$1" "$POOL" >> "$RESULTS" <<'PY'
import glob, json, re, statistics, sys
work, pool = sys.argv[1], sys.argv[2]
text = open(f"{work}/pgbench.txt").read()
tps = float(re.search(r"tps = ([\d.]+)", text).group(1))
lat = sorted(int(line.split()[2]) / 1000 for f in glob.glob(f"{work}/pgbench.*") if not f.endswith(".txt")
             for line in open(f))
q = statistics.quantiles(lat, n=100)
print(json.dumps({"what": f"pgbench c={pool}", "rps": tps, "p50_ms": q[49], "p99_ms": q[98], "errors": 0}))
PY
  tail -1 "$RESULTS"
}

# Interleaved rounds: pgbench, the service at 32, then at 128 connections; medians over ROUNDS.
for round in $(seq 1 "${ROUNDS:-3}"); do
  echo "-- round $round"
  measure_pgbench "$round"
  measure_service 32 "$round"
  measure_service 128 "$round"
done
PEAK_RSS=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$SERVICE_PID/status")
echo "service peak RSS (VmHWM) after the load: $PEAK_RSS MB"
jcmd_bin=$(dirname "$(readlink -f "$JAVA")")/jcmd
if [ -x "$jcmd_bin" ]; then
  # What the heap must hold: the live set after a full collection (the rest of a large heap is garbage).
  "$jcmd_bin" "$SERVICE_PID" VM.native_memory summary > "$WORK/nmt.txt" 2>&1 || true
  "$jcmd_bin" "$SERVICE_PID" GC.run > /dev/null 2>&1 || true
  "$jcmd_bin" "$SERVICE_PID" GC.heap_info > "$WORK/heap.txt" 2>&1 || true
  echo "   after a full GC:"; grep -E "garbage-first heap|Metaspace|total" "$WORK/heap.txt" | head -3 | sed 's/^/   /' || true
  grep -E "^-  *(Java Heap|Class|Thread|Code|GC) " "$WORK/nmt.txt" | sed 's/^/   NMT /' || true
fi
kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=

echo "== summary (median of ${ROUNDS:-3} interleaved rounds; goal: service >= 60% of pgbench's rate; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 - "$RESULTS" "$PEAK_RSS" <<'PY'
import json, os, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    rows.setdefault(r["what"], []).append(r)
med = {w: {k: statistics.median(x[k] for x in rs) for k in ("rps", "p50_ms", "p99_ms", "errors")} for w, rs in rows.items()}
base_name = next(w for w in med if w.startswith("pgbench"))
base = med[base_name]
summary = open(os.environ["BENCH_SUMMARY"], "a") if os.environ.get("BENCH_SUMMARY") else None
print(f"{'load':<18}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'vs pgbench':>12}")
for what, r in med.items():
    print(f"{what:<18}{r['rps']:>10.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['errors']:>8.0f}"
          f"{r['rps'] / base['rps']:>11.0%}")
    if summary and what != base_name:
        summary.write(f"GET /mcps (50 connectors), {what} vs {base_name} (req/s)\t{base['rps']:.0f}\t"
                      f"{r['rps']:.0f}\t{r['rps'] / base['rps']:.0%}\t>= 60%\n")
print(f"service peak RSS under this load: {sys.argv[2]} MB")
if summary:
    summary.write(f"peak RSS under the list load (MB)\t-\t{sys.argv[2]}\t-\tsizes the container\n")
PY
echo "(logs and raw outputs kept in $WORK)"
