"""Table of tests/bench/first_call.sh's runs: medians [min-max] over the fresh processes."""
import json
import statistics
import sys

runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
groups = {}
for r in runs:
    res = r["result"]
    groups.setdefault((res["mode"], res["system"]), []).append((res, r["load1_before"]))


def fmt(values):
    if not values:
        return "-"
    med = statistics.median(values)
    return f"{med:.1f} [{min(values):.1f}-{max(values):.1f}]" if med < 100 else f"{med:.0f} [{min(values):.0f}-{max(values):.0f}]"


def ratio(values):
    return f"{statistics.median(values):.1f}x [{min(values):.1f}-{max(values):.1f}]"


print("| measurement | system | runs | build ms | call 1 ms | call 2 | call 3 | call 5 | call 10 | call 15 | warm ms | call 1 / warm | slowest of calls 2-15 / warm | load before |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
ORDER = ["correlate", "forward", "train", "start-to-result"]
for (mode, system), rs in sorted(groups.items(), key=lambda kv: (ORDER.index(kv[0][0]) if kv[0][0] in ORDER else 9, kv[0][1])):
    calls = [res["calls_ms"] for res, _ in rs]
    if len(calls[0]) == 1:  # one figure per run (./convkit jshell, start to result)
        print(f"| {mode} | {system} | {len(rs)} | - | {fmt([c[0] for c in calls])} | - | - | - | - | - | - | - | - | "
              f"{min(l for _, l in rs):.2f}-{max(l for _, l in rs):.2f} |")
        continue
    warm = [res["warm_ms"] for res, _ in rs]
    col = lambda i: fmt([c[i] for c in calls])
    print(f"| {mode} | {system} | {len(rs)} | {fmt([res['build_ms'] for res, _ in rs])} | {col(0)} | {col(1)} | {col(2)} | {col(4)} | {col(9)} | {col(14)} | "
          f"{fmt(warm)} | {ratio([c[0] / w for c, w in zip(calls, warm)])} | {ratio([max(c[1:]) / w for c, w in zip(calls, warm)])} | "
          f"{min(l for _, l in rs):.2f}-{max(l for _, l in rs):.2f} |")
