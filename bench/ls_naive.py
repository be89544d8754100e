"""A naive NASLib/naszilla-style local search on NB201, the reference of `npm run bench:commands`.

What a Python user writes today: the table in a dict keyed by architecture string, neighbours built as
strings, queries counted per unique cell (NATS-Bench's UniqueString column, i.e. per isomorphism class —
the same accounting as lissnas). First improvement over shuffled neighbours; at a local optimum restart
from the best of `num_init` fresh random architectures (the local-search paper's `stop_at_minimum`).
Prints one JSON line: runs, budget, mean final test accuracy, runs that reached the optimum and their
mean queries to it.
"""
import csv
import json
import random
import sys

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]


def arch_str(ops):
    return "|{}~0|+|{}~0|{}~1|+|{}~0|{}~1|{}~2|".format(*ops)


def parse(s):
    return [e.split("~")[0] for node in s.split("+") for e in node.strip("|").split("|")]


def main():
    data, metric = sys.argv[1], sys.argv[2]
    runs, budget, num_init = int(sys.argv[3]), int(sys.argv[4]), 10
    table, cls = {}, {}
    with open(data) as f:
        for r in csv.DictReader(f):
            table[r["ArchitectureString"]] = float(r[metric])
            cls[r["ArchitectureString"]] = r["UniqueString"]
    optimum = max(table.values())
    finals, hits = [], []
    for run in range(runs):
        rng = random.Random(run)
        seen = {}
        best = -1.0
        hit = None

        def query(s):
            nonlocal best, hit
            c = cls[s]
            if c in seen:
                return seen[c]
            if len(seen) >= budget:
                raise StopIteration
            v = table[s]
            seen[c] = v
            best = max(best, v)
            if hit is None and v >= optimum:
                hit = len(seen)
            return v

        try:
            while True:
                starts = [arch_str([rng.choice(OPS) for _ in range(6)]) for _ in range(num_init)]
                cur = max(starts, key=query)
                cur_v = query(cur)
                improved = True
                while improved:
                    improved = False
                    ops = parse(cur)
                    nbrs = [arch_str(ops[:i] + [o] + ops[i + 1:]) for i in range(6) for o in OPS if o != ops[i]]
                    rng.shuffle(nbrs)
                    for n in nbrs:
                        if cls[n] in seen:
                            continue
                        v = query(n)
                        if v > cur_v:
                            cur, cur_v, improved = n, v, True
                            break
        except StopIteration:
            pass
        finals.append(best)
        if hit is not None:
            hits.append(hit)
    print(json.dumps({
        "runs": runs,
        "budget": budget,
        "meanFinal": sum(finals) / len(finals),
        "reached": len(hits),
        "meanQueriesToOptimum": sum(hits) / len(hits) if hits else None,
    }))


if __name__ == "__main__":
    main()
