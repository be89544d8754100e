"""Reference timing for the NAS-Bench-101 module hash, in Python with hashlib.

The published algorithm (nasbench graph_util.hash_module, as described in
/work/shared/notes/algorithms.md), written from that description for side-by-side timing with
bench/nb101.ts. Reads a JSON file of cells [[matrix, labels], ...] (pruned; labels -1 input, -2 output,
0/1/2 ops), hashes every cell `--repeat` times with each variant and prints one JSON object: the hashes
(for checking against ours) and the cells per second of each variant (best pass).

Variants: "numpy" indexes a numpy matrix as the published code does; "lists" uses plain Python lists
(faster in CPython), so the ratio reported against it is the conservative one.

Usage: /usr/bin/python3 bench/nb101_hash.py CELLS.json [--repeat N]
"""

import hashlib
import json
import sys
import time


def hash_lists(matrix, labels):
    n = len(matrix)
    ins = [sum(matrix[w][v] for w in range(n)) for v in range(n)]
    outs = [sum(matrix[v]) for v in range(n)]
    hashes = [hashlib.md5(str((outs[v], ins[v], labels[v])).encode("utf-8")).hexdigest() for v in range(n)]
    for _ in range(n):
        new = []
        for v in range(n):
            a = [hashes[w] for w in range(n) if matrix[w][v]]
            b = [hashes[w] for w in range(n) if matrix[v][w]]
            text = "".join(sorted(a)) + "|" + "".join(sorted(b)) + "|" + hashes[v]
            new.append(hashlib.md5(text.encode("utf-8")).hexdigest())
        hashes = new
    return hashlib.md5(str(sorted(hashes)).encode("utf-8")).hexdigest()


def hash_numpy(matrix, labels):
    import numpy as np

    n = np.shape(matrix)[0]
    ins = np.sum(matrix, axis=0).tolist()
    outs = np.sum(matrix, axis=1).tolist()
    hashes = [hashlib.md5(str(h).encode("utf-8")).hexdigest() for h in zip(outs, ins, labels)]
    for _ in range(n):
        new = []
        for v in range(n):
            a = [hashes[w] for w in range(n) if matrix[w, v]]
            b = [hashes[w] for w in range(n) if matrix[v, w]]
            text = "".join(sorted(a)) + "|" + "".join(sorted(b)) + "|" + hashes[v]
            new.append(hashlib.md5(text.encode("utf-8")).hexdigest())
        hashes = new
    return hashlib.md5(str(sorted(hashes)).encode("utf-8")).hexdigest()


def timed(fn, cells, repeat):
    """Hashes all cells `repeat` times; returns the hashes and the best pass's cells per second."""
    out = None
    best = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        out = [fn(m, l) for m, l in cells]
        best = max(best, len(cells) / (time.perf_counter() - start))
    return out, best


def main():
    args = sys.argv[1:]
    repeat = 1
    if "--repeat" in args:
        i = args.index("--repeat")
        repeat = int(args[i + 1])
        del args[i : i + 2]
    with open(args[0]) as f:
        cells = json.load(f)
    result = {"cells": len(cells), "repeat": repeat, "python": sys.version.split()[0]}
    hashes, result["lists_cells_per_s"] = timed(hash_lists, cells, repeat)
    result["hashes"] = hashes
    try:
        import numpy as np

        np_cells = [(np.array(m, dtype=np.int64), l) for m, l in cells]
        np_hashes, result["numpy_cells_per_s"] = timed(hash_numpy, np_cells, repeat)
        if np_hashes != hashes:
            raise SystemExit("numpy and list variants disagree")
    except ImportError:
        result["numpy_cells_per_s"] = None
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
