#!/usr/bin/env python3
"""Example lissnas trainer for machines without PyTorch (numpy + scikit-learn's bundled digits only):
trains a real, tiny network whose structure is the NAS-Bench-201 cell and replies its validation accuracy.
Speaks lissnas's JSON-lines protocol (docs/evaluators.md):

    lissnas search --space nb201 --metric accuracy --trainer "/usr/bin/python3 examples/trainers/nb201_numpy.py" ...

The cell is a DAG over fixed-width feature vectors (width `--width`) instead of feature maps: node 0 is
ReLU(x W_stem) of the 64 pixels, node j is the sum of its incoming edges, node 3 feeds a softmax
classifier. The five NB201 operations keep their roles: none (zero), skip_connect (identity), nor_conv_1x1
(ReLU then one dense layer), nor_conv_3x3 (ReLU, dense, ReLU, dense: the larger operation), avg_pool_3x3
(average over a window of 3 neighbouring features, count_include_pad=False; no parameters). Gradients are
computed by hand (backpropagation through the DAG), Adam, cross-entropy, mini-batches of 64, seeded by the
request's seed: the same (arch, seed) gives the same accuracy.

Metrics: accuracy (validation, %), loss (final training loss), params, train_seconds.
"""

import argparse
import sys
import time

import numpy as np

sys.dont_write_bytecode = True  # keep the examples folder clean
from nb201_common import load_data, serve  # noqa: E402


def pool_matrix(width):
    """avg_pool_3x3 on a 1-D feature vector as a fixed matrix: out_k = mean(h_{k-1}, h_k, h_{k+1}) over the
    neighbours that exist (count_include_pad=False)."""
    a = np.zeros((width, width))
    for k in range(width):
        lo, hi = max(0, k - 1), min(width, k + 2)
        a[lo:hi, k] = 1.0 / (hi - lo)
    return a


class CellNet:
    def __init__(self, edges, width, rng):
        he = lambda fan_in, shape: rng.normal(0.0, np.sqrt(2.0 / fan_in), shape)  # noqa: E731
        self.edges = edges
        self.p = {"stem": he(64, (64, width)), "stem_b": np.zeros(width)}
        for e, (op, _, _) in enumerate(edges):
            if op == "nor_conv_1x1":
                self.p[f"{e}.w"] = he(width, (width, width)) * 0.5
            elif op == "nor_conv_3x3":
                self.p[f"{e}.w1"] = he(width, (width, width))
                self.p[f"{e}.w2"] = he(width, (width, width)) * 0.5
        self.p["out"] = rng.normal(0.0, np.sqrt(1.0 / width), (width, 10))
        self.p["out_b"] = np.zeros(10)
        self.pool = pool_matrix(width)

    def params(self):
        return int(sum(v.size for v in self.p.values()))

    def forward(self, x):
        cache = {"x": x, "stem_z": x @ self.p["stem"] + self.p["stem_b"]}
        nodes = [np.maximum(cache["stem_z"], 0.0), 0.0, 0.0, 0.0]
        for e, (op, src, dst) in enumerate(self.edges):
            h = nodes[src]
            if op == "none" or np.isscalar(h):
                continue
            if op == "skip_connect":
                out = h
            elif op == "avg_pool_3x3":
                out = h @ self.pool
            elif op == "nor_conv_1x1":
                out = np.maximum(h, 0.0) @ self.p[f"{e}.w"]
            else:  # nor_conv_3x3
                z = np.maximum(h, 0.0) @ self.p[f"{e}.w1"]
                cache[f"{e}.z"] = z
                out = np.maximum(z, 0.0) @ self.p[f"{e}.w2"]
            nodes[dst] = nodes[dst] + out
        if np.isscalar(nodes[3]):
            nodes[3] = np.zeros_like(nodes[0])
        cache["nodes"] = nodes
        return nodes[3] @ self.p["out"] + self.p["out_b"], cache

    def backward(self, dlogits, cache):
        g = {k: np.zeros_like(v) for k, v in self.p.items()}
        nodes = cache["nodes"]
        g["out"] = nodes[3].T @ dlogits
        g["out_b"] = dlogits.sum(0)
        dn = [np.zeros_like(nodes[0]) for _ in range(4)]
        dn[3] = dlogits @ self.p["out"].T
        # edges into later nodes first: a node's gradient is complete before it is propagated back
        for e in sorted(range(len(self.edges)), key=lambda i: -self.edges[i][2]):
            op, src, dst = self.edges[e]
            h, d = nodes[src], dn[dst]
            if op == "none" or np.isscalar(h):
                continue
            if op == "skip_connect":
                dn[src] += d
            elif op == "avg_pool_3x3":
                dn[src] += d @ self.pool.T
            elif op == "nor_conv_1x1":
                r = np.maximum(h, 0.0)
                g[f"{e}.w"] += r.T @ d
                dn[src] += (d @ self.p[f"{e}.w"].T) * (h > 0)
            else:
                z = cache[f"{e}.z"]
                r2 = np.maximum(z, 0.0)
                g[f"{e}.w2"] += r2.T @ d
                dz = (d @ self.p[f"{e}.w2"].T) * (z > 0)
                g[f"{e}.w1"] += np.maximum(h, 0.0).T @ dz
                dn[src] += (dz @ self.p[f"{e}.w1"].T) * (h > 0)
        dstem = dn[0] * (cache["stem_z"] > 0)
        g["stem"] = cache["x"].T @ dstem
        g["stem_b"] = dstem.sum(0)
        return g


def softmax_xent(logits, y):
    z = logits - logits.max(1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(1, keepdims=True)
    loss = -np.log(p[np.arange(len(y)), y] + 1e-12).mean()
    p[np.arange(len(y)), y] -= 1.0
    return loss, p / len(y)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--width", type=int, default=32)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--batch", type=int, default=64)
    args = ap.parse_args()
    xtr, xva, ytr, yva = (a.astype(np.float64) if a.dtype.kind == "f" else a for a in load_data())

    def evaluate(edges, seed):
        rng = np.random.default_rng(seed)
        net = CellNet(edges, args.width, rng)
        m = {k: np.zeros_like(v) for k, v in net.p.items()}
        v = {k: np.zeros_like(v) for k, v in net.p.items()}
        t, loss = 0, float("nan")
        t0 = time.perf_counter()
        for _ in range(args.epochs):
            perm = rng.permutation(len(xtr))
            for i in range(0, len(xtr), args.batch):
                idx = perm[i : i + args.batch]
                logits, cache = net.forward(xtr[idx])
                loss, dlogits = softmax_xent(logits, ytr[idx])
                grads = net.backward(dlogits, cache)
                t += 1
                for k, gk in grads.items():  # Adam (Kingma & Ba), default betas
                    m[k] = 0.9 * m[k] + 0.1 * gk
                    v[k] = 0.999 * v[k] + 0.001 * gk * gk
                    net.p[k] -= args.lr * (m[k] / (1 - 0.9**t)) / (np.sqrt(v[k] / (1 - 0.999**t)) + 1e-8)
        seconds = time.perf_counter() - t0
        if not np.isfinite(loss):
            raise RuntimeError(f"training diverged (loss {loss})")
        logits, _ = net.forward(xva)
        acc = float((logits.argmax(1) == yva).mean() * 100.0)
        return {"accuracy": round(acc, 4), "loss": float(loss), "params": net.params(), "train_seconds": round(seconds, 4)}

    serve(evaluate)


if __name__ == "__main__":
    main()
