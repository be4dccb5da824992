"""LeNet-5 on Fashion-MNIST with PyTorch (Debian python3-torch), the same run as ConvKitLeNet.

One epoch at batch 64, SGD lr 0.01 momentum 0.9, then inference over the 10k test images at
batch 64. Prints one JSON line. Usage: /usr/bin/python3 lenet_torch.py THREADS [EPOCHS] [DATA_DIR] [TRAIN_LIMIT]
Run it with LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp (OpenBLAS with OpenMP).
"""
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
if len(sys.argv) > 4:  # a smaller run, for smoke tests
    x_train, y_train = x_train[:int(sys.argv[4])], y_train[:int(sys.argv[4])]
x_test, y_test = images("t10k-images-idx3-ubyte.gz"), torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64))

model = nn.Sequential(
    nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(400, 120), nn.ReLU(),
    nn.Linear(120, 84), nn.ReLU(),
    nn.Linear(84, 10))
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
correct = 0
start = time.perf_counter()
with torch.no_grad():
    for i in range(0, len(x_test), BATCH):
        correct += (model(x_test[i:i + BATCH]).argmax(1) == y_test[i:i + BATCH]).sum().item()
infer_seconds = time.perf_counter() - start

print(json.dumps({
    "system": "PyTorch " + torch.__version__, "threads": threads, "epochs": epochs,
    "train_seconds": round(train_seconds, 3),
    "epoch_seconds": [round(s, 3) for s in epoch_seconds],
    "train_images_per_s": round(epochs * len(x_train) / train_seconds, 1),
    "first_epoch_images_per_s": round(len(x_train) / epoch_seconds[0], 1),
    **({"later_epochs_images_per_s": round((epochs - 1) * len(x_train) / (train_seconds - epoch_seconds[0]), 1)} if epochs > 1 else {}),
    "infer_images_per_s": round(len(x_test) / infer_seconds, 1),
    "final_train_loss": round(total / count, 4),
    "test_accuracy": round(correct / len(x_test), 4),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
}))
