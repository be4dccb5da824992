#!/usr/bin/python3
"""Starts ConvKit's Java kernel again and again through jupyter_client, as Jupyter does, and
reports how many starts failed or hung and how long a start takes.

Each round: start the kernel, wait for its kernel_info reply ("ready"), run one cell that uses the
library (the lecture's first 2-D cross-correlation, expecting 147 119 / 161 174), ask it to shut
down. "first cell's result" is the time from the start request (before start_kernel) to the end of
that cell: its result received and the kernel idle again. The report starts with the UTC time and
the load average before and after, so a figure can be judged by how busy the machine was.

usage (from the repository root, after `mvn -pl kernel-config -am package`):
  JUPYTER_PATH=kernel-config/target/jupyter /usr/bin/python3 kernel-config/measure_starts.py [rounds] [limit_s]
"""
import datetime
import os
import statistics
import sys
import time

import jupyter_client

CELL = 'Kernel2d.parse("1 8\\n-5 6").correlate(Tensor.parse("2 10 8\\n5 15 20\\n6 11 9"))'


def kernel_cpu(km):
    """CPU seconds (user + system, all threads) the kernel's JVM has used so far: less sensitive to a
    busy machine than wall time, so levers can be compared while others work."""
    try:
        pid = km.provisioner.process.pid
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except Exception:  # no /proc, or an older jupyter_client
        return None


def one_round(limit):
    km = jupyter_client.KernelManager(kernel_name="convkit-java")
    t0 = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=limit)
        ready = time.monotonic() - t0
        texts = []

        def hook(msg):
            data = msg["content"].get("data", {})
            if "text/plain" in data:
                texts.append(data["text/plain"])

        reply = kc.execute_interactive(CELL, timeout=limit, output_hook=hook)
        first = time.monotonic() - t0
        cpu = kernel_cpu(km)
        words = " ".join(texts).split()
        if reply["content"]["status"] != "ok" or words[-4:] != ["147", "119", "161", "174"]:
            raise RuntimeError("wrong answer: %s %s" % (reply["content"]["status"], texts))
        return ready, first, cpu
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    ready, first, cpus, failures = [], [], [], []
    print("from %s UTC, load average %.2f %.2f %.2f, %d cores" % ((datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S"),)
                                                               + os.getloadavg() + (os.cpu_count(),)), flush=True)
    start = time.monotonic()
    for i in range(rounds):
        try:
            r, f, c = one_round(limit)
            ready.append(r)
            first.append(f)
            if c is not None:
                cpus.append(c)
        except Exception as e:  # a hang shows up as a timeout here
            failures.append((i, repr(e)))
            print("round %d failed: %r" % (i, e), file=sys.stderr, flush=True)
        if (i + 1) % 10 == 0:
            print("%d rounds, %d failed" % (i + 1, len(failures)), file=sys.stderr, flush=True)

    def summary(name, xs):
        xs = sorted(xs)
        if not xs:
            return "%s: none" % name
        p95 = xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]
        return "%s: median %.2f s, p95 %.2f s, max %.2f s" % (name, statistics.median(xs), p95, xs[-1])

    print("to %s UTC, load average %.2f %.2f %.2f" % ((datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S"),) + os.getloadavg()))
    print("starts: %d, succeeded: %d, failed or hung (limit %.0f s): %d, wall %.0f s"
          % (rounds, len(ready), limit, len(failures), time.monotonic() - start))
    print(summary("start -> kernel_info reply", ready))
    print(summary("start -> first cell's result", first))
    print(summary("kernel CPU (all threads) to the first result", cpus))
    for i, e in failures:
        print("  round %d: %s" % (i, e))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
