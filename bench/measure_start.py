#!/usr/bin/env python3
"""Starts a command N times and measures time to the first HTTP 200 on a URL, and the process's RSS at that moment.

Usage: measure_start.py LABEL URL RUNS -- COMMAND...   (environment passed through)
Prints one line per run and a JSON summary line starting with 'RESULT '. Only loopback URLs are accepted.
"""
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlparse


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def first_ok(url, deadline):
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return True
        except Exception:
            pass
        time.sleep(0.005)
    return False


def main():
    label, url, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    command = sys.argv[sys.argv.index("--") + 1:]
    host = urlparse(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("only loopback targets: " + url)
    times, rss = [], []
    for run in range(runs + 1):  # run 0 warms the page cache and applies migrations; not counted
        log = open(os.environ.get("BENCH_LOG", "/dev/null"), "a")
        start = time.monotonic()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            if not first_ok(url, start + 120):
                sys.exit(f"{label}: no 200 from {url} within 120 s")
            elapsed = time.monotonic() - start
            memory = rss_mb(process.pid)
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
        if run > 0:
            times.append(elapsed)
            rss.append(memory)
            print(f"  {label} run {run}: {elapsed:.3f} s to 200, RSS {memory:.0f} MB", flush=True)
    print("RESULT " + json.dumps({"label": label, "median_s": statistics.median(times), "min_s": min(times),
                                  "max_s": max(times), "median_rss_mb": statistics.median(rss), "runs": runs}),
          flush=True)


if __name__ == "__main__":
    main()
