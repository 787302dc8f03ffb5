#!/usr/bin/env bash
# The teammate gateway's benchmark (docs/gateway.md): tools/call through the gateway against direct SDK calls to
# the same upstream, warm and cold tools/list for 20 connectors, and calls per second with 64 concurrent clients.
# Runs the service in-process (embedded PostgreSQL, local tokens); everything it dials is on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
offline=${OFFLINE:--o}
./mvnw -B -ntp $offline -q test -Dtest=GatewayBenchmark -Dsurefire.failIfNoSpecifiedTests=false ${JFR:+-DargLine=-XX:StartFlightRecording=filename=$JFR,settings=profile} \
  -Dquarkus.log.level=WARN 2>&1 | grep '\[gateway-bench\]'
