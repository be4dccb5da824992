"""The PyTorch side of PyTorchRoundTripTest, run with /usr/bin/python3 (Debian's python3-torch, python3-onnx).

Usage: torch_roundtrip.py JOB.json; prints one JSON line with the results. The job may hold:
  "logits": [{"module": "x.py", "weights": "...", "input": "in.safetensors", "output": "out.safetensors", "preprocess": true}]
      loads the generated module and its state_dict (strict), runs the model on tensor "x" of the input
      file (after the module's preprocess() when asked) and saves tensor "logits";
  "train": {"module": "x.py", "data": "/usr/share/datasets/fashion-mnist", "images": 3000, "out": "dir"}
      trains a bare nn.Sequential LeNet-5 (names 0.weight, ...: no prefix) for one epoch and saves its
      state_dict as F32, F16 and BF16 safetensors files, with each variant's test-set result;
  "onnx": ["a.onnx", ...]
      runs onnx.checker on each file ("absent" when python3-onnx is not installed).
"""
import gzip
import importlib.util
import json
import os
import sys


def load_module(path):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def logits(job):
    import torch
    m = load_module(job["module"])
    model = m.Model()
    model.load_state_dict(m.load_file(job["weights"]))  # strict=True: every name and shape must fit
    model.eval()
    x = m.load_file(job["input"])["x"]
    with torch.no_grad():
        y = model(m.preprocess(x) if job["preprocess"] else x)
    m.save_file({"logits": y}, job["output"])
    return list(y.shape)


def save_as(tensors, path, dtype):
    """A safetensors writer for F16 and BF16 (the generated module's save_file writes F32)."""
    import struct
    import torch
    torch_dtype = {"F16": torch.float16, "BF16": torch.bfloat16}[dtype]
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        raw = t.detach().to(torch_dtype).contiguous().view(torch.int16).numpy().astype("<i2").tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    head = json.dumps(header).encode("utf-8")
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)) + head + b"".join(chunks))


def train(job):
    import numpy as np
    import torch
    from torch import nn
    torch.set_num_threads(1)  # no OpenMP workers spinning at barriers on a busy machine
    m = load_module(job["module"])
    data_dir, out = job["data"], job["out"]
    mean, std = 0.2860, 0.3530  # ConvKit's FashionMnist.NORMALIZATION

    def idx(name, offset):
        with gzip.open(os.path.join(data_dir, name), "rb") as f:
            return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)

    def images(name):
        x = idx(name, 16).reshape(-1, 1, 28, 28).astype(np.float32) / np.float32(255)
        # in float64, then rounded once, as ConvKit's Normalization.apply: the same input bits on both sides
        return torch.from_numpy(((x.astype(np.float64) - mean) / std).astype(np.float32))

    n = job["images"]
    x_train = images("train-images-idx3-ubyte.gz")[:n]
    y_train = torch.from_numpy(idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64))[:n]
    x_test = images("t10k-images-idx3-ubyte.gz")
    y_test = torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64))

    torch.manual_seed(1)
    net = nn.Sequential(  # as tests/bench/lenet_torch.py: a bare nn.Sequential, so the names have no prefix
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))
    opt = torch.optim.Adam(net.parameters(), lr=0.002)
    loss_fn = nn.CrossEntropyLoss()
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(1))
    for i in range(0, n, 64):
        b = perm[i:i + 64]
        opt.zero_grad()
        loss_fn(net(x_train[b]), y_train[b]).backward()
        opt.step()
    net.eval()

    trained = {k: v.clone() for k, v in net.state_dict().items()}
    results = {}
    for variant, dtype in (("f32", None), ("f16", torch.float16), ("bf16", torch.bfloat16)):
        path = os.path.join(out, f"torch_{variant}.safetensors")
        if dtype is None:
            m.save_file(trained, path)
            weights = trained
        else:
            save_as(trained, path, variant.upper())
            weights = {k: v.to(dtype).float() for k, v in trained.items()}  # what a reader of that file gets
        back = m.load_file(path)  # the generated module's own reader, on F16 and BF16 too
        bad = [k for k in weights if not torch.equal(back[k].float(), weights[k])]
        if bad or back.keys() != weights.keys():
            raise AssertionError(f"the generated load_file misread {path}: {bad or sorted(back.keys())}")
        net.load_state_dict(weights)
        with torch.no_grad():
            scores = torch.cat([net(x_test[i:i + 1000]) for i in range(0, len(x_test), 1000)])
        m.save_file({"logits": scores[:1000]}, os.path.join(out, f"torch_{variant}_logits.safetensors"))
        results[variant] = {"file": path, "correct": int((scores.argmax(1) == y_test).sum()), "total": len(y_test)}
    return results


def check_onnx(paths):
    try:
        import onnx
    except ImportError:
        return "absent"
    for p in paths:
        onnx.checker.check_model(onnx.load(p), full_check=True)
    return "passed " + onnx.__version__


def main():
    with open(sys.argv[1]) as f:
        job = json.load(f)
    result = {}
    if "logits" in job:
        import torch
        torch.set_num_threads(1)
        result["torch"] = torch.__version__
        result["logits"] = [logits(j) for j in job["logits"]]
    if "train" in job:
        result["train"] = train(job["train"])
    if "onnx" in job:
        result["onnx_checker"] = check_onnx(job["onnx"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
