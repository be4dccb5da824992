"""Turns the end-to-end JSON lines of run.sh into a Markdown table with ConvKit / other ratios.

Training is shown three ways: the first epoch alone (for the Java systems it includes the JIT
warm-up), the epochs after the first (absent in a one-epoch run), and all epochs together.
"""
import json
import sys

runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
ok = {r["run"]: r for r in runs if "result" in r}


def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "-"


def rate(v):
    return f"{v:.0f}" if v else "-"


FIGURES = [("first_epoch_images_per_s", "train images/s, first epoch"),
           ("later_epochs_images_per_s", "train images/s, epochs 2+"),
           ("train_images_per_s", "train images/s, all epochs"),
           ("infer_images_per_s", "inference images/s")]

header = ["system", "threads", "epochs"]
for _, title in FIGURES:
    header += [title, "ConvKit / this"]
header += ["test accuracy", "final train loss", "peak RSS MB", "load before"]
print("| " + " | ".join(header) + " |")
print("|" + " --- |" * len(header))
for r in runs:
    name = r["run"]
    threads = name.rsplit("-", 1)[1]
    if "result" not in r:
        print(f"| {name} | {threads} | failed: {r['failed']} |" + " |" * (len(header) - 4) + f" {r['load1_before']} |")
        continue
    x = r["result"]
    ck = ok.get(f"convkit-{threads}", {}).get("result", {})
    cells = [x["system"] + (" (default JIT flags)" if "defaultjit" in name else ""), str(x["threads"]), str(x["epochs"])]
    for key, _ in FIGURES:
        cells += [rate(x.get(key)), ratio(ck.get(key), x.get(key))]
    cells += [f"{x['test_accuracy']:.4f}", f"{x['final_train_loss']:.4f}", f"{x['peak_rss_mb']:.0f}", str(r["load1_before"])]
    print("| " + " | ".join(cells) + " |")
