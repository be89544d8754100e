#!/usr/bin/env python3
"""Example lissnas trainer: trains a real NAS-Bench-201 cell network with PyTorch on scikit-learn's 8x8
digits (CPU, a few epochs) and replies its validation accuracy. Speaks lissnas's JSON-lines protocol
(docs/evaluators.md); run it with /usr/bin/python3 (Debian's python3-torch and python3-sklearn):

    lissnas search --space nb201 --metric accuracy --trainer "/usr/bin/python3 examples/trainers/nb201_torch.py" ...

The network follows NB201's macro skeleton in miniature: a 3x3 conv stem, `--cells` copies of the cell
(4 nodes, 6 edges, each edge one of none / skip_connect / nor_conv_1x1 / nor_conv_3x3 / avg_pool_3x3 with
NB201's ReLU-Conv-BN convolutions and count_include_pad=False pooling, node j = sum of its incoming edges),
global average pooling and a linear classifier. Training: SGD with Nesterov momentum and a cosine schedule
(as NB201), cross-entropy, batch 64; seeded by the request's seed with deterministic algorithms on one
thread, so the same (arch, seed) gives the same accuracy.

Metrics: accuracy (validation, %), loss (final training loss), params (trainable parameters),
train_seconds (wall-clock of the training).
"""

import argparse
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.dont_write_bytecode = True  # keep the examples folder clean
from nb201_common import load_data, serve  # noqa: E402


class ReLUConvBN(nn.Module):
    def __init__(self, c, k):
        super().__init__()
        self.op = nn.Sequential(nn.ReLU(), nn.Conv2d(c, c, k, padding=k // 2, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        return self.op(x)


class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.0)


def make_op(name, c):
    if name == "none":
        return Zero()
    if name == "skip_connect":
        return nn.Identity()
    if name == "nor_conv_1x1":
        return ReLUConvBN(c, 1)
    if name == "nor_conv_3x3":
        return ReLUConvBN(c, 3)
    if name == "avg_pool_3x3":
        return nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
    raise ValueError(name)


class Cell(nn.Module):
    def __init__(self, edges, c):
        super().__init__()
        self.edges = [(src, dst) for _, src, dst in edges]
        self.ops = nn.ModuleList(make_op(op, c) for op, _, _ in edges)

    def forward(self, x):
        nodes = [x, 0, 0, 0]
        for (src, dst), op in zip(self.edges, self.ops):
            nodes[dst] = nodes[dst] + op(nodes[src])
        out = nodes[3]
        return out if torch.is_tensor(out) else x.mul(0.0)


class Net(nn.Module):
    def __init__(self, edges, c, cells):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, c, 3, padding=1, bias=False), nn.BatchNorm2d(c))
        self.cells = nn.Sequential(*[Cell(edges, c) for _ in range(cells)])
        self.head = nn.Sequential(nn.BatchNorm2d(c), nn.ReLU())
        self.fc = nn.Linear(c, 10)

    def forward(self, x):
        x = self.head(self.cells(self.stem(x)))
        return self.fc(x.mean(dim=(2, 3)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--channels", type=int, default=16)
    ap.add_argument("--cells", type=int, default=2)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--batch", type=int, default=64)
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    xtr, xva, ytr, yva = load_data()
    xtr = torch.from_numpy(xtr).view(-1, 1, 8, 8)
    xva = torch.from_numpy(xva).view(-1, 1, 8, 8)
    ytr = torch.from_numpy(ytr)
    yva = torch.from_numpy(yva)

    def evaluate(edges, seed):
        torch.manual_seed(seed)
        gen = torch.Generator().manual_seed(seed)
        net = Net(edges, args.channels, args.cells)
        steps = args.epochs * ((len(xtr) + args.batch - 1) // args.batch)
        opt = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(1, steps))
        t0 = time.perf_counter()
        loss = torch.tensor(float("nan"))
        net.train()
        for _ in range(args.epochs):
            perm = torch.randperm(len(xtr), generator=gen)
            for i in range(0, len(xtr), args.batch):
                idx = perm[i : i + args.batch]
                opt.zero_grad()
                loss = F.cross_entropy(net(xtr[idx]), ytr[idx])
                loss.backward()
                opt.step()
                sched.step()
        seconds = time.perf_counter() - t0
        net.eval()
        with torch.no_grad():
            acc = (net(xva).argmax(1) == yva).float().mean().item() * 100.0
        params = sum(p.numel() for p in net.parameters() if p.requires_grad)
        lv = float(loss.item())
        if lv != lv or lv in (float("inf"), float("-inf")):
            raise RuntimeError(f"training diverged (loss {lv})")
        return {"accuracy": round(acc, 4), "loss": lv, "params": params, "train_seconds": round(seconds, 4)}

    serve(evaluate)


if __name__ == "__main__":
    main()
