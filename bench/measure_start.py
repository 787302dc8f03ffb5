#!/usr/bin/env python3
"""Measures time from exec to the first HTTP 200, and RSS at that moment, for several variants.

Usage: measure_start.py RUNS VARIANTS_FILE
VARIANTS_FILE has one variant per line: LABEL URL COMMAND... (whitespace-separated; the environment is passed on).
Runs are interleaved (round 1 of every variant, then round 2...), so load from elsewhere on the machine hits all
variants alike; round 0 warms the page cache (and applies migrations) and is not counted. Prints each run and one
'RESULT {json}' line per variant. Only loopback URLs are accepted.
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


def cpu_s(pid):
    """User + system CPU seconds the process used so far: unlike wall time, barely moved by other load."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


def measure(label, url, command):
    with open(os.environ.get("BENCH_LOG", "/dev/null"), "a") as log:
        start = time.monotonic()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            if not first_ok(url, start + 180):
                sys.exit(f"{label}: no 200 from {url} within 180 s")
            return time.monotonic() - start, rss_mb(process.pid), cpu_s(process.pid)
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def main():
    runs = int(sys.argv[1])
    variants = []
    for line in open(sys.argv[2]):
        if line.strip():
            label, url, *command = line.split()
            if urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1"):
                sys.exit("only loopback targets: " + url)
            variants.append((label, url, command))
    samples = {label: ([], [], []) for label, _, _ in variants}
    for run in range(runs + 1):
        for label, url, command in variants:
            elapsed, memory, cpu = measure(label, url, command)
            if run > 0:
                samples[label][0].append(elapsed)
                samples[label][1].append(memory)
                samples[label][2].append(cpu)
                print(f"  round {run} {label}: {elapsed:.3f} s to 200, {cpu:.2f} CPU s, RSS {memory:.0f} MB",
                      flush=True)
    for label, (times, rss, cpu) in samples.items():
        print("RESULT " + json.dumps({"label": label, "median_s": statistics.median(times), "min_s": min(times),
                                      "max_s": max(times), "median_rss_mb": statistics.median(rss),
                                      "median_cpu_s": statistics.median(cpu),
                                      "runs": runs}), flush=True)


if __name__ == "__main__":
    main()
