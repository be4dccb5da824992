"""Turns the end-to-end JSON lines of run.sh into a Markdown table with ConvKit / other ratios."""
import json
import sys

runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
ok = {r["run"]: r for r in runs if "result" in r}


def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "-"


print("| system | threads | train images/s | ConvKit / this (train) | inference images/s | ConvKit / this (inference)"
      " | test accuracy | final train loss | peak RSS MB | load before |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for r in runs:
    name = r["run"]
    threads = name.rsplit("-", 1)[1]
    if "result" not in r:
        print(f"| {name} | {threads} | failed: {r['failed']} | | | | | | | {r['load1_before']} |")
        continue
    x = r["result"]
    ck = ok.get(f"convkit-{threads}", {}).get("result", {})
    system = x['system'] + (" (default JIT flags)" if "defaultjit" in name else "")
    print(f"| {system} | {x['threads']} | {x['train_images_per_s']:.0f} | {ratio(ck.get('train_images_per_s'), x['train_images_per_s'])}"
          f" | {x['infer_images_per_s']:.0f} | {ratio(ck.get('infer_images_per_s'), x['infer_images_per_s'])}"
          f" | {x['test_accuracy']:.4f} | {x['final_train_loss']:.4f} | {x['peak_rss_mb']:.0f} | {r['load1_before']} |")
