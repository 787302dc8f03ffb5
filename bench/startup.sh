#!/usr/bin/env bash
# Start-up benchmark: time to the first 200 and RSS of this service vs a bare Quarkus REST app built in the same run,
# on JDK 17 (plain fast-jar), JDK 25 (same jar) and JDK 25 with an AOT cache trained by the integration tests.
#   bench/startup.sh            (RUNS=5 by default; JDK17=..., JDK25=... to point at other JDKs)
# Everything listens on 127.0.0.1. Builds happen in a temporary copy; the working tree's target/ is left alone.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
# WORK=<dir of an earlier run> reuses its builds and measures again.
WORK=${WORK:-$(mktemp -d /tmp/connectors-bench-start.XXXXXX)}
QUARKUS_VERSION=$(sed -n 's:.*<quarkus.version>\(.*\)</quarkus.version>.*:\1:p' "$ROOT/pom.xml")
AOT_FLAGS=(-Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.type=aot
           -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false)
# The service's AOT build is the container's (the jvm-aot profile), its unit tests skipped.
SERVICE_AOT_FLAGS=(-Pjvm-aot -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false)
source "$ROOT/bench/postgres.sh"

cleanup() { pg_stop "$WORK/pg"; }
trap cleanup EXIT

copy_service() { mkdir -p "$1"; (cd "$ROOT" && tar --exclude=./target --exclude=./.git -cf - .) | tar -xf - -C "$1"; }

if [ ! -f "$WORK/hello-aot/target/quarkus-app/quarkus-run.jar" ]; then
  echo "== building (in $WORK)"
  copy_service "$WORK/service"
  (cd "$WORK/service" && JAVA_HOME=$JDK17 ./mvnw -B -q package -DskipTests) > "$WORK/build-service.log" 2>&1
  echo "   service, JDK 17 fast-jar: done"
  copy_service "$WORK/service-aot"
  (cd "$WORK/service-aot" && JAVA_HOME=$JDK25 ./mvnw -B -q verify "${SERVICE_AOT_FLAGS[@]}") > "$WORK/build-service-aot.log" 2>&1
  echo "   service, JDK 25 AOT cache trained by the integration tests: done"
  for variant in hello hello-aot; do
    "$ROOT/bench/hello-app.sh" "$WORK/$variant" "$QUARKUS_VERSION"
    cp -r "$ROOT/mvnw" "$ROOT/.mvn" "$WORK/$variant/"
  done
  (cd "$WORK/hello" && JAVA_HOME=$JDK17 ./mvnw -B -q package -DskipTests) > "$WORK/build-hello.log" 2>&1
  (cd "$WORK/hello-aot" && JAVA_HOME=$JDK25 ./mvnw -B -q verify "${AOT_FLAGS[@]}") > "$WORK/build-hello-aot.log" 2>&1
  echo "   bare hello app, both ways: done"
fi
rm -f "$WORK/results.txt"; rm -rf "$WORK/pg"

aot_file() { ls "$1"/target/quarkus-app/*.aot 2>/dev/null | head -1; }
SERVICE_AOT=$(aot_file "$WORK/service-aot"); HELLO_AOT=$(aot_file "$WORK/hello-aot")
[ -n "$SERVICE_AOT" ] && [ -n "$HELLO_AOT" ] || { echo "no AOT cache was produced; see $WORK/build-*-aot.log"; exit 1; }

PGPORT=$(free_port)
pg_start "$WORK/pg" "$PGPORT"
PORT=$(free_port)
openssl genrsa -out "$WORK/key.pem" 2048 2>/dev/null
export QUARKUS_OIDC_PUBLIC_KEY=$(openssl rsa -in "$WORK/key.pem" -pubout -outform DER 2>/dev/null | base64 -w0)
export QUARKUS_OIDC_TOKEN_ISSUER=bench
export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:$PGPORT/postgres
export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres
export CONNECTORS_SECRETS_KEY=$(openssl rand -base64 32)
export QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$PORT
export BENCH_LOG=$WORK/runs.log

RESULTS=$WORK/results.txt
SVC=$WORK/service/target/quarkus-app/quarkus-run.jar
SVC_AOT_JAR=$WORK/service-aot/target/quarkus-app/quarkus-run.jar
HELLO=$WORK/hello/target/quarkus-app/quarkus-run.jar
HELLO_AOT_JAR=$WORK/hello-aot/target/quarkus-app/quarkus-run.jar
READY=http://127.0.0.1:$PORT/q/health/ready
LIVE=http://127.0.0.1:$PORT/q/health/live
HELLO_URL=http://127.0.0.1:$PORT/hello
cat > "$WORK/variants.txt" <<VARIANTS
hello-jdk17 $HELLO_URL $JDK17/bin/java -jar $HELLO
service-jdk17 $READY $JDK17/bin/java -jar $SVC
hello-jdk25 $HELLO_URL $JDK25/bin/java -jar $HELLO
service-jdk25 $READY $JDK25/bin/java -jar $SVC
hello-jdk25-aot $HELLO_URL $JDK25/bin/java -XX:AOTCache=$HELLO_AOT -jar $HELLO_AOT_JAR
service-jdk25-aot $READY $JDK25/bin/java -XX:AOTCache=$SERVICE_AOT -jar $SVC_AOT_JAR
service-jdk25-aot-live $LIVE $JDK25/bin/java -XX:AOTCache=$SERVICE_AOT -jar $SVC_AOT_JAR
VARIANTS
echo "== measuring ($RUNS interleaved rounds after one warm-up round; time from exec to first 200; load: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 "$ROOT/bench/measure_start.py" "$RUNS" "$WORK/variants.txt" | tee "$RESULTS"
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores)"

echo "== summary (median of $RUNS; goal: service <= 1.5x the bare app)"
python3 - "$RESULTS" <<'PY'
import json, os, sys
summary = open(os.environ["BENCH_SUMMARY"], "a") if os.environ.get("BENCH_SUMMARY") else None
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        r = json.loads(line[7:]); rows[r["label"]] = r
print(f"{'variant':<26}{'to 200 (s)':>12}{'min':>8}{'max':>8}{'CPU s':>8}{'RSS (MB)':>10}")
for label, r in rows.items():
    print(f"{label:<26}{r['median_s']:>12.3f}{r['min_s']:>8.3f}{r['max_s']:>8.3f}{r.get('median_cpu_s', float('nan')):>8.2f}"
          f"{r['median_rss_mb']:>10.0f}")
for jdk in ("jdk17", "jdk25", "jdk25-aot"):
    s, h = rows.get(f"service-{jdk}"), rows.get(f"hello-{jdk}")
    if s and h:
        ratio = s["median_s"] / h["median_s"]
        print(f"service/bare {jdk:<10} time {ratio:.2f}x  CPU {s.get('median_cpu_s', float('nan')) / h.get('median_cpu_s', float('nan')):.2f}x  "
              f"RSS {s['median_rss_mb'] / h['median_rss_mb']:.2f}x  "
              f"{'(goal met)' if ratio <= 1.5 else '(over the 1.5x goal)'}")
        if summary and jdk != "jdk25":
            summary.write(f"start-up {jdk}: time to ready (s), bare app -> service\t{h['median_s']:.2f}\t"
                          f"{s['median_s']:.2f}\t{ratio:.2f}x\t<= 1.5x\n")
            summary.write(f"start-up {jdk}: RSS at ready (MB)\t{h['median_rss_mb']:.0f}\t{s['median_rss_mb']:.0f}\t"
                          f"{s['median_rss_mb'] / h['median_rss_mb']:.2f}x\t<= 1.5x\n")
s, h = rows.get("service-jdk25-aot"), rows.get("hello-jdk17")
if s and h:
    print(f"service JDK 25 AOT vs bare app JDK 17 plain: time {s['median_s'] / h['median_s']:.2f}x")
PY
echo "== classes loaded before the first 200 (JDK 17)"
python3 "$ROOT/bench/classes.py" hello-jdk17 "$HELLO_URL" "$JDK17/bin/java" -jar "$HELLO" | tee "$WORK/classes.txt"
python3 "$ROOT/bench/classes.py" service-jdk17 "$READY" "$JDK17/bin/java" -jar "$SVC" | tee -a "$WORK/classes.txt"
python3 - "$WORK/classes.txt" <<'PY'
import json, os, sys
rows = {r["label"]: r for r in (json.loads(l[8:]) for l in open(sys.argv[1]) if l.startswith("CLASSES "))}
h, s = rows["hello-jdk17"]["classes"], rows["service-jdk17"]["classes"]
print(f"service/bare classes {s / h:.2f}x ({s} vs {h})")
if os.environ.get("BENCH_SUMMARY"):
    with open(os.environ["BENCH_SUMMARY"], "a") as out:
        out.write(f"start-up jdk17: classes loaded before ready\t{h}\t{s}\t{s / h:.2f}x\t(explains the time)\n")
PY
echo "(builds, logs and results kept in $WORK)"
