"""PyTorch's side of tests/bench/first_call.sh: the first calls in a fresh process (issue 20).

Usage: /usr/bin/python3 first_call_torch.py correlate|forward|train THREADS
Prints one JSON line like convkit.bench.FirstCall: the first 15 calls, then the median of the last
50 of 400 more ("warm"). The same LeNet-5 as lenet_torch.py; random inputs of the same shapes.
"""
import json
import sys
import time

t_import = time.perf_counter()
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import_ms = (time.perf_counter() - t_import) * 1e3
mode = sys.argv[1] if len(sys.argv) > 1 else "forward"
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
torch.set_num_threads(threads)
torch.manual_seed(1)

build = time.perf_counter()
if mode == "correlate":
    w, x = torch.randn(1, 1, 5, 5), torch.rand(1, 1, 28, 28)

    def call():
        with torch.no_grad():
            F.conv2d(x, w)
else:
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))
    x = torch.randn(64, 1, 28, 28)
    y = torch.tensor([(i * 7) % 10 for i in range(64)])
    if mode == "forward":
        def call():
            with torch.no_grad():  # what inference in a notebook would use
                model(x)
    elif mode == "train":
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        loss_fn = nn.CrossEntropyLoss()

        def call():
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
    else:
        sys.exit(f"first_call_torch.py: mode must be correlate, forward or train, got {mode!r}")
build_ms = (time.perf_counter() - build) * 1e3


def timed():
    t = time.perf_counter()
    call()
    return (time.perf_counter() - t) * 1e3


first = [timed() for _ in range(15)]
later = [timed() for _ in range(400)]
tail = sorted(later[-50:])
print(json.dumps({"system": "pytorch", "mode": mode, "import_ms": round(import_ms, 1), "build_ms": round(build_ms, 2),
                  "calls_ms": [round(t, 3) for t in first], "warm_ms": round(tail[len(tail) // 2], 3),
                  "max_later_ms": round(max(later), 3), "threads": threads, "torch": torch.__version__}))
