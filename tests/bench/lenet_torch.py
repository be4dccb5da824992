"""LeNet-5 (or the wide CNN) on Fashion-MNIST with PyTorch (Debian python3-torch), the same run as ConvKitLeNet.

EPOCHS epochs at batch 64, SGD lr 0.01 momentum 0.9, then inference over the test images at batch
64 and (LeNet-5) at batch 1,000. Prints one JSON line, with the OpenBLAS kernel set in use ("blas").
Usage: /usr/bin/python3 lenet_torch.py THREADS [EPOCHS] [DATA_DIR] [TRAIN_LIMIT] [MODEL] [TEST_LIMIT]
(MODEL lenet5 or widecnn; a limit of 0 means the whole set). Its fastest setting here:
LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=Cooperlake, OPENBLAS_L2_SIZE unset.
"""
import ctypes
import gzip
import json
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn

threads = int(sys.argv[1])
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
data_dir = sys.argv[3] if len(sys.argv) > 3 else "/usr/share/datasets/fashion-mnist"
torch.set_num_threads(threads)
torch.manual_seed(1)
MEAN, STD = 0.2860, 0.3530  # the normalisation ConvKit uses (FashionMnist.NORMALIZATION)


def idx(name, offset):
    with gzip.open(f"{data_dir}/{name}", "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def images(name):
    x = idx(name, 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255.0
    return torch.from_numpy((x - MEAN) / STD)


x_train, y_train = images("train-images-idx3-ubyte.gz"), torch.from_numpy(idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64))
train_limit = int(sys.argv[4]) if len(sys.argv) > 4 else 0
model_name = sys.argv[5] if len(sys.argv) > 5 else "lenet5"
test_limit = int(sys.argv[6]) if len(sys.argv) > 6 else 0
if train_limit > 0:  # a subset: the wide CNN's runs, smoke tests
    x_train, y_train = x_train[:train_limit], y_train[:train_limit]
x_test, y_test = images("t10k-images-idx3-ubyte.gz"), torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64))
if test_limit > 0:
    x_test, y_test = x_test[:test_limit], y_test[:test_limit]


def blas_kernel():
    """The kernel set OpenBLAS chose (openblas_get_corename), e.g. Cooperlake or Haswell; "not OpenBLAS" otherwise."""
    libs = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.split()[-1]})
    for path in libs:
        try:
            name = ctypes.CDLL(path).openblas_get_corename
        except (OSError, AttributeError):
            continue
        name.restype = ctypes.c_char_p
        return name().decode()
    return "not OpenBLAS (" + ", ".join(libs) + ")"


if model_name == "lenet5":
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))
elif model_name == "widecnn":  # convkit.nn.Models.wideCnn
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(6272, 128), nn.ReLU(),
        nn.Linear(128, 10))
else:
    sys.exit(f"lenet_torch.py: unknown model {model_name!r}; expected lenet5 or widecnn")
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()
BATCH = 64
g = torch.Generator().manual_seed(1)

epoch_seconds = []
for epoch in range(epochs):
    start = time.perf_counter()
    perm = torch.randperm(len(x_train), generator=g)
    total, count = 0.0, 0
    for i in range(0, len(x_train), BATCH):
        idx_b = perm[i:i + BATCH]
        opt.zero_grad()
        loss = loss_fn(model(x_train[idx_b]), y_train[idx_b])
        loss.backward()
        opt.step()
        total += loss.item()
        count += 1
    epoch_seconds.append(time.perf_counter() - start)
train_seconds = sum(epoch_seconds)

model.eval()
infer = []
with torch.no_grad():
    for batch in ((BATCH, 1000) if model_name == "lenet5" else (BATCH,)):  # the wide CNN: batch 64 only
        correct = 0
        start = time.perf_counter()
        for i in range(0, len(x_test), batch):
            correct += (model(x_test[i:i + batch]).argmax(1) == y_test[i:i + batch]).sum().item()
        infer.append(len(x_test) / (time.perf_counter() - start))
        if batch == BATCH:  # the batch-1,000 pass allocates larger buffers
            rss_before_1000 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

print(json.dumps({
    "system": "PyTorch " + torch.__version__, "blas": blas_kernel(), "model": model_name, "threads": threads, "epochs": epochs,
    "train_seconds": round(train_seconds, 3),
    "epoch_seconds": [round(s, 3) for s in epoch_seconds],
    "train_images_per_s": round(epochs * len(x_train) / train_seconds, 1),
    "first_epoch_images_per_s": round(len(x_train) / epoch_seconds[0], 1),
    **({"later_epochs_images_per_s": round((epochs - 1) * len(x_train) / (train_seconds - epoch_seconds[0]), 1)} if epochs > 1 else {}),
    "infer_images_per_s": round(infer[0], 1),
    "infer_1000_images_per_s": round(infer[1], 1) if len(infer) > 1 else 0,
    "final_train_loss": round(total / count, 4),
    "test_accuracy": round(correct / len(x_test), 4),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "peak_rss_mb_before_batch_1000": round(rss_before_1000, 1),
}))
