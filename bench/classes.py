#!/usr/bin/env python3
"""Counts the classes a JVM loads before its first HTTP 200, by package.

Usage: classes.py LABEL URL COMMAND...   (COMMAND starts with the java executable; -Xlog:class+load is added)
Prints the total (and writes every name to $CLASSES_DUMP when set) and the 15 largest package groups (first three name parts), and 'CLASSES {json}'.
"""
import collections, json, os, subprocess, sys, tempfile, time, urllib.request
from urllib.parse import urlparse

label, url, *command = sys.argv[1:]
if urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1"):
    sys.exit("only loopback targets: " + url)
log = tempfile.NamedTemporaryFile(prefix="classes-", suffix=".log", delete=False).name
command = [command[0], f"-Xlog:class+load=info:file={log}"] + command[1:]
with open(os.environ.get("BENCH_LOG", "/dev/null"), "a") as out:
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        break
            except Exception:
                time.sleep(0.01)
        else:
            sys.exit(f"{label}: no 200 from {url}")
        time.sleep(0.2)  # let the log writer catch up
        lines = open(log).read().splitlines()
    finally:
        process.terminate()
        process.wait(30)
names = [line.split("]")[-1].split()[0] for line in lines if "source:" in line]
groups = collections.Counter(".".join(n.split(".")[:3]) if n.count(".") >= 3 else n.rsplit(".", 1)[0] for n in names)
if os.environ.get("CLASSES_DUMP"):
    with open(os.environ["CLASSES_DUMP"], "w") as dump:
        dump.write("\n".join(names) + "\n")
print(f"{label}: {len(names)} classes loaded before the first 200")
for group, count in groups.most_common(15):
    print(f"  {count:>6}  {group}")
print("CLASSES " + json.dumps({"label": label, "classes": len(names), "top": groups.most_common(25)}))
os.unlink(log)
