"""Shared pieces of the example NB201 trainers: the lissnas JSON-lines protocol, NB201 architecture
strings, and the dataset (scikit-learn's 8x8 digits, shipped with the package: no download).

Protocol (docs/evaluators.md): one request per line on stdin
    {"id": "...", "space": "nb201", "arch": "|op~0|+|op~0|op~1|+|op~0|op~1|op~2|", "key": "...", "seed": 123}
one reply per line on stdout
    {"id": "...", "metrics": {"accuracy": 91.2, ...}}   or   {"id": "...", "error": "..."}
Diagnostics go to stderr (lissnas appends it to its trainer log); stdout carries replies only.
"""

import json
import sys
import traceback

# NB201's operations in the official order (Dong & Yang, ICLR 2020), and the cell's 6 edges (from, to) in
# the order of the architecture string's slots.
OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
EDGES = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)]


class ArchError(ValueError):
    """A request whose architecture is not an NB201 string: answered with an `error` reply."""


def parse_arch(text):
    """'|nor_conv_3x3~0|+|none~0|skip_connect~1|+|...|' -> [(op, from, to)] in EDGES order."""
    if not isinstance(text, str):
        raise ArchError("arch must be a string")
    nodes = text.split("+")
    if len(nodes) != 3:
        raise ArchError(f"'{text}' is not an NB201 string (expected 3 nodes separated by '+')")
    edges = []
    for to, node in enumerate(nodes, start=1):
        parts = [p for p in node.split("|") if p]
        if len(parts) != to:
            raise ArchError(f"'{text}': node {to} needs {to} inputs, has {len(parts)}")
        for part in parts:
            op, sep, src = part.partition("~")
            if not sep or op not in OPS or not src.isdigit() or int(src) >= to:
                raise ArchError(f"'{text}': bad edge '{part}'")
            edges.append((op, int(src), to))
    order = {e: i for i, e in enumerate(EDGES)}
    return sorted(edges, key=lambda e: order[(e[1], e[2])])


def load_data():
    """The 1,797 8x8 digits, pixels scaled to [0, 1], split once (fixed, stratified) into 1,257 training and
    540 validation images; the split does not depend on the training seed."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    y = digits.target.astype("int64")
    return train_test_split(x, y, test_size=540, random_state=0, stratify=y)


def serve(evaluate, expected_space="nb201"):
    """Answers requests until stdin ends. `evaluate(edges, seed)` returns a dict of finite metrics."""
    protocol = sys.stdout
    sys.stdout = sys.stderr  # stray prints (ours or a library's) must never reach the protocol stream
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
        except ValueError:
            print(f"ignoring a request that is not JSON: {line[:80]}", file=sys.stderr)
            continue
        rid = req.get("id")
        try:
            if req.get("space", expected_space) != expected_space:
                raise ArchError(f"this trainer serves space '{expected_space}', not '{req.get('space')}'")
            metrics = evaluate(parse_arch(req.get("arch")), int(req.get("seed", 0)))
            reply = {"id": rid, "metrics": metrics}
        except ArchError as e:
            reply = {"id": rid, "error": str(e)}
        except Exception as e:  # a failed training is a failed evaluation, not a dead trainer
            traceback.print_exc(file=sys.stderr)
            reply = {"id": rid, "error": f"{type(e).__name__}: {e}"}
        protocol.write(json.dumps(reply) + "\n")
        protocol.flush()
