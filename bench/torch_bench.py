"""The PyTorch (CPU, eager) side of ./carnets bench: the same tasks as Bench.java and
keras_bench.py, one per process, same data (MNIST IDX files of the dataset cache), batch
sizes, epochs and seed policy. Convolutional models run channels_last, where PyTorch's CPU
kernels are fastest. Prints one JSON object on the last line of stdout.

    python torch_bench.py convnet train=48000 epochs=4 data=datasets/cache
"""
import json
import os
import sys
import time

from keras_bench import BN_MOMENTUM as KERAS_BN_MOMENTUM, load_mnist, peak_rss_mib, percentile, warm_latencies

# PyTorch weighs the new batch by its momentum, Keras the old average: 1 - 0.9.
BN_MOMENTUM = round(1 - KERAS_BN_MOMENTUM, 6)


def build(task, nn):
    """The model of `task`, with Keras's initialisation (Glorot uniform, zero biases), so that the
    three sides start from the same distribution of weights."""
    def conv(cin, cout, padding=0):
        return nn.Conv2d(cin, cout, 3, padding=padding)

    if task == "dense":
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 20), nn.ReLU(), nn.Linear(20, 14), nn.ReLU(),
                              nn.Linear(14, 10))
    elif task == "convnet":
        model = nn.Sequential(conv(1, 32), nn.ReLU(), nn.MaxPool2d(2), conv(32, 64), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Flatten(), nn.Dropout(0.5), nn.Linear(64 * 5 * 5, 10))
    elif task == "transfer":
        base = nn.Sequential(conv(1, 32), nn.ReLU(), nn.MaxPool2d(2), conv(32, 64), nn.ReLU(), nn.MaxPool2d(2))
        for p in base.parameters():
            p.requires_grad = False
        model = nn.Sequential(base, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))
    elif task == "vgg":
        def block(cin, cout):  # Conv-ReLU-BN, twice, then pooling
            return [conv(cin, cout, 1), nn.ReLU(), nn.BatchNorm2d(cout, eps=1e-3, momentum=BN_MOMENTUM),
                    conv(cout, cout, 1), nn.ReLU(), nn.BatchNorm2d(cout, eps=1e-3, momentum=BN_MOMENTUM), nn.MaxPool2d(2)]
        model = nn.Sequential(*block(1, 32), *block(32, 64), nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
                              nn.Dropout(0.5), nn.Linear(128, 10))
    elif task == "resnet":
        model = ResNet(nn)
    else:
        raise SystemExit("unknown task " + task)
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def ResNet(nn):
    """Stem Conv-BN, two residual blocks (Conv-ReLU-BN twice, added to the block's input),
    global average pooling, Dense(10): the same graph as Bench.java's and keras_bench.py's."""
    def conv_bn(cin, cout):
        return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(cout, eps=1e-3, momentum=BN_MOMENTUM))

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = conv_bn(1, 32)
            self.blocks = nn.ModuleList([nn.Sequential(conv_bn(32, 32), conv_bn(32, 32)) for _ in range(2)])
            self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10))

        def forward(self, x):
            x = self.stem(x)
            for b in self.blocks:
                x = x + b(x)
            return self.head(x)

    return Net()


def train(task, opt, out):
    import numpy as np
    import torch
    from torch import nn
    n_train = int(opt.get("train", 48000))
    n_test = int(opt.get("test", 10000))
    epochs = int(opt.get("epochs", 4))
    seed = int(opt.get("seed", 42))
    batch = int(opt.get("batch", 32 if task == "dense" else 128))
    t = time.perf_counter()
    x, y, xt, yt = load_mnist(opt["data"], flatten=False)
    out["load_seconds"] = time.perf_counter() - t
    # NHWC arrays to NCHW tensors; channels_last keeps NHWC in memory for the convolutions.
    conv = task != "dense"
    fmt = torch.channels_last if conv else torch.contiguous_format

    def tensor(a):
        return torch.from_numpy(np.ascontiguousarray(a.transpose(0, 3, 1, 2))).contiguous(memory_format=fmt)

    x, xt = tensor(x[:n_train]), tensor(xt[:n_test])
    y, yt = torch.from_numpy(y[:n_train].argmax(1)), torch.from_numpy(yt[:n_test].argmax(1))
    torch.manual_seed(seed)
    model = build(task, nn).to(memory_format=fmt)
    out["params"] = sum(p.numel() for p in model.parameters())
    # Keras's Adam: learning rate 1e-3, epsilon 1e-7; softmax + categorical cross-entropy on logits.
    optim = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(seed)
    times, correct = [], 0
    for _ in range(epochs):
        model.train()
        s = time.perf_counter()
        correct = 0
        for idx in torch.randperm(len(x), generator=order).split(batch):
            xb, yb = x[idx], y[idx]
            optim.zero_grad(set_to_none=True)
            logits = model(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            optim.step()
            correct += int((logits.argmax(1) == yb).sum())
        times.append(time.perf_counter() - s)
    out["epoch_seconds"] = times
    out["train_accuracy"] = correct / len(x)
    model.eval()
    with torch.inference_mode():
        s = time.perf_counter()
        hits = sum(int((model(xb).argmax(1) == yb).sum()) for xb, yb in zip(xt.split(256), yt.split(256)))
        out["evaluate_seconds"] = time.perf_counter() - s
        out["test_accuracy"] = hits / len(xt)
        out["batch256_images_per_second"] = len(xt) / out["evaluate_seconds"]
        latencies = []
        for i in range(int(opt.get("predictions", 300))):
            one = xt[i % len(xt)].unsqueeze(0).contiguous(memory_format=fmt)
            s = time.perf_counter()
            model(one).softmax(1)
            latencies.append((time.perf_counter() - s) * 1000)
        warm = warm_latencies(lambda one: model(one).softmax(1),
                              lambda i: xt[i % len(xt)].unsqueeze(0).contiguous(memory_format=fmt))
    out["predict_one_ms_p50"] = percentile(latencies[20:], 50)  # the first calls warm up
    out["predict_one_ms_p99"] = percentile(latencies[20:], 99)
    out["predict_one_warm_ms_p50"] = percentile(warm, 50)
    out["predict_one_warm_ms_p99"] = percentile(warm, 99)
    out["predict_one_warm_calls"] = len(warm)
    out["train_examples"] = len(x)
    out["batch"] = batch
    out["threads"] = torch.get_num_threads()


def main(argv):
    t0 = time.perf_counter()
    task = argv[0]
    opt = dict(a.split("=", 1) for a in argv[1:])
    out = {"task": task, "side": "torch"}
    train(task, opt, out)
    import torch
    out["torch"] = torch.__version__
    out["process_seconds"] = time.perf_counter() - t0
    out["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main(sys.argv[1:])
