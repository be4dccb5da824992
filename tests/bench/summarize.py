"""Turns the end-to-end JSON lines of run.sh into Markdown tables: per model and thread count,
each system's medians with [min-max] over the rounds, the ratios ConvKit / fastest PyTorch (per
round, same round), 2 threads / 1 thread, and the targets of issue 19 met or not.

Training is shown three ways: the first epoch alone (for the Java systems it includes the JIT
warm-up), the epochs after the first, and all epochs together. Usage: summarize.py e2e.jsonl
"""
import json
import statistics
import sys
from collections import defaultdict

runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
ok = [r for r in runs if "result" in r]
failed = [r for r in runs if "result" not in r]
neighbour = any(r.get("neighbour") for r in ok)

FIGURES = [("first_epoch_images_per_s", "train img/s, first epoch"),
           ("later_epochs_images_per_s", "train img/s, epochs 2+"),
           ("train_images_per_s", "train img/s, all epochs"),
           ("infer_images_per_s", "inference img/s, batch 64"),
           ("infer_1000_images_per_s", "inference img/s, batch 1000")]
REFERENCE = "pytorch-fast"


def system_of(r):
    """convkit, pytorch-fast, pytorch-env or djl: the run's name without model and threads."""
    return r["run"].rsplit("-", 2)[0]


def label(system, x):
    if system == "pytorch-fast":
        return f"{x['system']}, OpenBLAS {x.get('blas', '?')} (fastest)"
    if system == "convkit-nolagcheck":
        return f"{x['system']}, -Dconvkit.lagcheck=false"
    if system == "convkit-nojitadvice":
        return f"{x['system']}, -Dconvkit.jitadvice=false"
    if system == "convkit-dataparallel":
        return f"{x['system']}, -Dconvkit.dataparallel=true"
    if system == "pytorch-env":
        return f"{x['system']}, environment's OpenBLAS: {x.get('blas', '?')}"
    return x["system"]


def spread(values, fmt="{:.0f}"):
    values = [v for v in values if v]
    if not values:
        return "-"
    med = statistics.median(values)
    if len(values) == 1:
        return fmt.format(med)
    return f"{fmt.format(med)} [{fmt.format(min(values))}-{fmt.format(max(values))}]"


# (model, threads, system) -> round -> result
by = defaultdict(dict)
for r in ok:
    x = r["result"]
    by[(x.get("model", "lenet5"), int(x["threads"]), system_of(r))][r["round"]] = x
models = sorted({k[0] for k in by}, key=lambda m: (m != "lenet5", m))
threads_all = sorted({k[1] for k in by})
order = ["convkit", "convkit-nojitadvice", "convkit-nolagcheck", "convkit-dataparallel", "pytorch-fast", "pytorch-env", "djl"]

rounds = sorted({r["round"] for r in ok})
print(f"{len(rounds)} round(s){', every run with one busy-looping neighbour process' if neighbour else ''}; "
      "medians over the rounds with [min-max]; ratios are ConvKit / fastest PyTorch of the same round.\n")
for model in models:
    epochs = sorted({x["epochs"] for (m, _, _), rs in by.items() if m == model for x in rs.values()})
    images = sorted({int(round(x["train_images_per_s"] * x["train_seconds"] / x["epochs"], -2)) for (m, _, _), rs in by.items() if m == model for x in rs.values()})
    print(f"### {model}, {'/'.join(map(str, epochs))} epoch(s), {'/'.join(map(str, images))} training images per epoch\n")
    header = ["system", "threads"] + [t for _, t in FIGURES] + ["test accuracy", "peak RSS MB"]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for t in threads_all:
        for s in order:
            rs = by.get((model, t, s))
            if not rs:
                continue
            xs = list(rs.values())
            cells = [label(s, xs[0]), str(t)] + [spread([x.get(k) for x in xs]) for k, _ in FIGURES]
            cells += [spread([x["test_accuracy"] for x in xs], "{:.4f}"), spread([x["peak_rss_mb"] for x in xs])]
            print("| " + " | ".join(cells) + " |")
    print()
    print("| ConvKit / fastest PyTorch | threads | " + " | ".join(t for _, t in FIGURES) + " | peak RSS ConvKit / PyTorch |")
    print("|" + " --- |" * (len(FIGURES) + 3))
    for t in threads_all:
        ck, pt = by.get((model, t, "convkit"), {}), by.get((model, t, REFERENCE), {})
        both = sorted(set(ck) & set(pt))
        if not both:
            continue
        cells = [spread([ck[r][k] / pt[r][k] for r in both if ck[r].get(k) and pt[r].get(k)], "{:.2f}") for k, _ in FIGURES]
        cells.append(spread([ck[r]["peak_rss_mb"] / pt[r]["peak_rss_mb"] for r in both], "{:.2f}"))
        print(f"| {model} | {t} | " + " | ".join(cells) + " |")
    print()
    if 1 in threads_all and 2 in threads_all:
        print("| 2 threads / 1 thread (same round) | train, all epochs | train, epochs 2+ | inference, batch 64 |")
        print("| --- | --- | --- | --- |")
        for s in order:
            one, two = by.get((model, 1, s), {}), by.get((model, 2, s), {})
            both = sorted(set(one) & set(two))
            if not both:
                continue
            cells = [spread([two[r][k] / one[r][k] for r in both if one[r].get(k) and two[r].get(k)], "{:.2f}")
                     for k in ("train_images_per_s", "later_epochs_images_per_s", "infer_images_per_s")]
            print(f"| {label(s, one[both[0]])} | " + " | ".join(cells) + " |")
        print()

# The targets of issue 19, from the medians above.
def med_ratio(model, t, key, other=REFERENCE):
    ck, pt = by.get((model, t, "convkit"), {}), by.get((model, t, other), {})
    vals = [ck[r][key] / pt[r][key] for r in sorted(set(ck) & set(pt)) if ck[r].get(key) and pt[r].get(key)]
    return statistics.median(vals) if vals else None


def med_scaling(model, key="train_images_per_s"):
    one, two = by.get((model, 1, "convkit"), {}), by.get((model, 2, "convkit"), {})
    vals = [two[r][key] / one[r][key] for r in sorted(set(one) & set(two))]
    return statistics.median(vals) if vals else None


checks = []
for t in threads_all:
    checks.append((f"LeNet-5 training, all epochs, {t} thread(s) >= 2.0x fastest PyTorch", med_ratio("lenet5", t, "train_images_per_s"), 2.0))
    checks.append((f"LeNet-5 training, first epoch, {t} thread(s) >= 1.2x", med_ratio("lenet5", t, "first_epoch_images_per_s"), 1.2))
    checks.append((f"LeNet-5 inference, batch 64, {t} thread(s) >= 2.0x", med_ratio("lenet5", t, "infer_images_per_s"), 2.0))
    checks.append((f"LeNet-5 inference, batch 1000, {t} thread(s) >= 2.0x", med_ratio("lenet5", t, "infer_1000_images_per_s"), 2.0))
    checks.append((f"wide CNN training, all epochs, {t} thread(s) >= 1.0x", med_ratio("widecnn", t, "train_images_per_s"), 1.0))
checks.append(("ConvKit LeNet-5, 2 threads / 1 thread, all epochs" + (" (busy neighbour) >= 1.0" if neighbour else " >= 1.6"),
               med_scaling("lenet5"), 1.0 if neighbour else 1.6))
rss = [x["peak_rss_mb"] for (m, _, s), rs in by.items() if s == "convkit" and m == "lenet5" for x in rs.values()]
checks.append(("ConvKit LeNet-5 peak RSS <= 500 MB (largest run)", max(rss) if rss else None, 500))
print("| target | median | met |")
print("| --- | --- | --- |")
for name, value, goal in checks:
    if value is None:
        continue
    met = value <= goal if "RSS" in name else value >= goal
    print(f"| {name} | {value:.0f} MB |" if "RSS" in name else f"| {name} | {value:.2f} |", "yes |" if met else "**no** |")
for r in failed:
    print(f"\nfailed: {r['run']} round {r['round']}: {r['failed']}")


def current_table(neighbour_file=None):
    """The one table BENCHMARKS.md leads with: ConvKit and fastest PyTorch medians, ratios, targets."""
    def row(name, model, t, key, goal=None, fmt="{:.0f}"):
        ck, pt = by.get((model, t, "convkit"), {}), by.get((model, t, REFERENCE), {})
        both = sorted(set(ck) & set(pt))
        if not both:
            return
        ratios = [ck[r][key] / pt[r][key] for r in both if ck[r].get(key) and pt[r].get(key)]
        met = "-" if goal is None else ("yes" if statistics.median(ratios) >= goal else "**no**")
        print(f"| {name} | {spread([ck[r][key] for r in both], fmt)} | {spread([pt[r][key] for r in both], fmt)} | "
              f"{spread(ratios, '{:.2f}')}x | {'-' if goal is None else f'>= {goal}x'} | {met} |")

    def scaling(by_, model, system):
        one, two = by_.get((model, 1, system), {}), by_.get((model, 2, system), {})
        both = sorted(set(one) & set(two))
        return [two[r]["train_images_per_s"] / one[r]["train_images_per_s"] for r in both]

    print("| figure | ConvKit | fastest PyTorch | ConvKit / PyTorch | target | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for t in sorted(threads_all, reverse=True):
        row(f"LeNet-5 train img/s, all epochs, {t} thread{'s' if t > 1 else ''}", "lenet5", t, "train_images_per_s", 2.0)
        row(f"LeNet-5 train img/s, epochs 2+, {t} thread{'s' if t > 1 else ''}", "lenet5", t, "later_epochs_images_per_s")
        row(f"LeNet-5 train img/s, first epoch, {t} thread{'s' if t > 1 else ''}", "lenet5", t, "first_epoch_images_per_s", 1.2)
    for t in sorted(threads_all, reverse=True):
        row(f"LeNet-5 inference img/s, batch 64, {t} thread{'s' if t > 1 else ''}", "lenet5", t, "infer_images_per_s", 2.0)
        row(f"LeNet-5 inference img/s, batch 1000, {t} thread{'s' if t > 1 else ''}", "lenet5", t, "infer_1000_images_per_s", 2.0)
    ck, pt = scaling(by, "lenet5", "convkit"), scaling(by, "lenet5", REFERENCE)
    if ck:
        print(f"| LeNet-5 2 threads / 1 thread, all epochs | {spread(ck, '{:.2f}')} | {spread(pt, '{:.2f}')} | - | ConvKit >= 1.6 | "
              f"{'yes' if statistics.median(ck) >= 1.6 else '**no**'} |")
    if neighbour_file:
        nb = defaultdict(dict)
        for line in open(neighbour_file):
            r = json.loads(line) if line.strip() else None
            if r and "result" in r:
                nb[(r["result"].get("model", "lenet5"), int(r["result"]["threads"]), system_of(r))][r["round"]] = r["result"]
        ck, pt = scaling(nb, "lenet5", "convkit"), scaling(nb, "lenet5", REFERENCE)
        if ck:
            print(f"| LeNet-5 with a busy neighbour: 2 threads / 1 thread, all epochs | {spread(ck, '{:.2f}')} | {spread(pt, '{:.2f}')} | - | "
                  f"ConvKit >= 1.0 | {'yes' if statistics.median(ck) >= 1.0 else '**no**'} |")
    for key, what in (("peak_rss_mb", "whole run"), ("peak_rss_mb_before_batch_1000", "training + inference at batch 64")):
        rss_ck = [x[key] for (m, _, s), rs in by.items() if s == "convkit" and m == "lenet5" for x in rs.values() if x.get(key)]
        rss_pt = [x[key] for (m, _, s), rs in by.items() if s == REFERENCE and m == "lenet5" for x in rs.values() if x.get(key)]
        if rss_ck:
            print(f"| LeNet-5 peak RSS MB, {what}, every run (1 and 2 threads) | {spread(rss_ck)} | {spread(rss_pt)} | - | ConvKit <= 500 | "
                  f"{'yes' if max(rss_ck) <= 500 else '**no**'} (largest {max(rss_ck):.0f}) |")
    for t in sorted(threads_all, reverse=True):
        row(f"wide CNN train img/s, all epochs, {t} thread{'s' if t > 1 else ''}", "widecnn", t, "train_images_per_s", 1.0)
        row(f"wide CNN train img/s, epochs 2+, {t} thread{'s' if t > 1 else ''}", "widecnn", t, "later_epochs_images_per_s")
        row(f"wide CNN inference img/s, batch 64, {t} thread{'s' if t > 1 else ''}", "widecnn", t, "infer_images_per_s")


if "--current" in sys.argv:
    nb_file = sys.argv[sys.argv.index("--neighbour") + 1] if "--neighbour" in sys.argv else None
    print("\n#### The current table\n")
    current_table(nb_file)
