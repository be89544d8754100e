import assert from "node:assert/strict";
import { test } from "node:test";
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import { Rng } from "../../../src/core/rng.js";
import { loadTable } from "../../../src/data/loaders.js";
import { inputPos } from "../../../src/spaces/darts/ops.js";
import { darts } from "../../../src/spaces/darts/space.js";
import { encodeMany } from "../../../src/spaces/space.js";
import { sharedData } from "../../helpers.js";

const zc = sharedData("naslib-zc-partial/zc_nasbench301.json");
const ARCH =
  "[[(0, 0), (1, 5), (1, 1), (0, 1), (1, 3), (0, 3), (1, 3), (3, 2)], [(1, 0), (0, 2), (1, 3), (0, 3), (3, 0), (0, 1), (2, 0), (3, 6)]]";

test("parse∘format is the identity on every row of zc_nasbench301.json", { skip: zc.skip }, () => {
  const t = loadTable(zc.path, darts, { task: "cifar10" });
  const keys = t.textColumn("arch");
  for (let r = 0; r < t.rows; r++) {
    assert.equal(darts.format(t.archAt(r)), keys[r]);
    assert.deepEqual(darts.parse(keys[r]), t.archAt(r));
  }
  // 725 distinct classes: the file never lists one network twice under a different pair order.
  assert.equal(new Set(t.archs().map((a) => darts.key(a))).size, 725);
});

test("the two pairs of a node are unordered; nothing else is identified", () => {
  const a = darts.parse(ARCH);
  const swapped = a.slice();
  const p = inputPos(0, 0);
  [swapped[p], swapped[p + 1], swapped[p + 2], swapped[p + 3]] = [a[p + 2], a[p + 3], a[p], a[p + 1]];
  assert.notDeepEqual(swapped, a);
  assert.equal(darts.key(swapped), darts.key(a));
  assert.equal(darts.code(swapped), darts.code(a));
  assert.equal(darts.editDistance(a, swapped), 0);
  assert.deepEqual(darts.canonical(swapped), darts.canonical(a));
  const other = a.slice();
  other[p + 1] = (a[p + 1] + 1) % 7;
  assert.notEqual(darts.key(other), darts.key(a));
  // Both encodings see the class, not the notation.
  const enc = (x: Uint8Array, e: string) => [...encodeMany(darts, [x], e)];
  for (const e of darts.encodings) assert.deepEqual(enc(swapped, e), enc(a, e));
  assert.equal(darts.size(), (2880n * 7n ** 8n) ** 2n);
  assert.equal(darts.uniqueSize(), (180n * 7n ** 8n) ** 2n);
  assert.equal(darts.size() / darts.uniqueSize(), 256n); // 2^8 pair orders per class
});

test("120 neighbours (2 cells × Σ_k 2·(6 + k)): valid, distinct classes, at distance 1", () => {
  const rng = Rng.fromSeed(3);
  const expected = 2 * [0, 1, 2, 3].reduce((s, k) => s + 2 * (6 + k), 0);
  assert.equal(expected, 120);
  for (let t = 0; t < 100; t++) {
    const a = darts.sample(rng);
    const ns = darts.neighbours(a);
    assert.equal(ns.length, expected);
    const keys = new Set(ns.map((n) => darts.key(n)));
    assert.equal(keys.size, expected);
    assert.ok(!keys.has(darts.key(a)));
    for (const n of ns) {
      assert.ok(darts.isValid(n));
      assert.equal(darts.editDistance(a, n), 1);
      assert.equal(darts.editDistance(n, a), 1);
    }
    const m = darts.mutate(a, rng);
    assert.ok(keys.has(darts.key(m)));
  }
});

test("edit distance is a metric bounded by 26, and the bound is reached", () => {
  const rng = Rng.fromSeed(4);
  for (let t = 0; t < 300; t++) {
    const [a, b, c] = [darts.sample(rng), darts.sample(rng), darts.sample(rng)];
    const ab = darts.editDistance(a, b);
    assert.equal(ab, darts.editDistance(b, a));
    assert.ok(ab <= darts.editDistance(a, c) + darts.editDistance(c, b));
    assert.ok(ab <= 26);
  }
  // Node 0: inputs {0,1} always, ops differ (2); node 1: inputs {0,1} vs {1,2} with all ops different (3);
  // nodes 2, 3: disjoint inputs and ops (4 each) → 13 per cell.
  const x = darts.parse(
    "[[(0, 0), (1, 0), (0, 0), (1, 0), (0, 0), (1, 0), (0, 0), (1, 0)], [(0, 0), (1, 0), (0, 0), (1, 0), (0, 0), (1, 0), (0, 0), (1, 0)]]",
  );
  const y = darts.parse(
    "[[(0, 1), (1, 1), (1, 1), (2, 1), (2, 1), (3, 1), (2, 1), (4, 1)], [(0, 1), (1, 1), (1, 1), (2, 1), (2, 1), (3, 1), (2, 1), (4, 1)]]",
  );
  assert.equal(darts.editDistance(x, y), 26);
  assert.equal(darts.maxEditDistance(), 26);
});

test("uniform sampling: chi-square on each node's unordered input pair and each op", () => {
  const rng = Rng.fromSeed(7);
  const n = 30_000;
  // node k: C(k+2, 2) input pairs; ops: 7 per pair position.
  const pairCounts = [0, 1, 2, 3].map(() => new Map<string, number>());
  const opCounts = new Array(7).fill(0);
  for (let i = 0; i < n; i++) {
    const a = darts.sample(rng);
    assert.ok(darts.isValid(a));
    for (let k = 0; k < 4; k++) {
      const p = inputPos(1, 2 * k);
      const key = `${a[p]},${a[p + 2]}`;
      pairCounts[k].set(key, (pairCounts[k].get(key) ?? 0) + 1);
    }
    opCounts[a[inputPos(0, 5) + 1]]++;
  }
  const pValue = (counts: number[]) => {
    const e = n / counts.length;
    const chi = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
    return 1 - chisquareCdf(chi, counts.length - 1);
  };
  for (let k = 0; k < 4; k++) {
    assert.equal(pairCounts[k].size, ((k + 2) * (k + 1)) / 2);
    if (k > 0) assert.ok(pValue([...pairCounts[k].values()]) > 0.001, `node ${k}`);
  }
  assert.ok(pValue(opCounts) > 0.001);
});

test("bad strings → one-line ArchitectureErrors naming the problem", () => {
  const cases: Array<[string, RegExp]> = [
    [
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
      /not a DARTS compact string/,
    ],
    ["(1, 2, 4, 2, 0, 0)", /not a DARTS compact string|list of \(input, op\) pairs/],
    [ARCH.replace("(3, 2)]", "(3, 9)]"), /op 9 is not in 0\.\.6/],
    [ARCH.replace("[[(0, 0), (1, 5)", "[[(0, 0), (2, 5)"), /node 0: input 2 is not before it/],
    [ARCH.replace("(1, 3), (3, 2)]", "(5, 3), (3, 2)]"), /node 3: input 5 is not before it/],
    [ARCH.replace("(1, 3), (3, 2)]", "(3, 3), (3, 2)]"), /node 3 takes input 3 twice/],
    [ARCH.replace(", (3, 2)]", "]"), /has 7 \(input, op\) pairs, expected 8/],
  ];
  for (const [s, re] of cases) {
    assert.throws(
      () => darts.parse(s),
      (e: Error) => e.name === "ArchitectureError" && !e.message.includes("\n") && re.test(e.message),
      s,
    );
  }
  // NASLib's tuple form of the same compact is read too.
  assert.deepEqual(darts.parse(ARCH.replaceAll("[", "(").replaceAll("]", ")")), darts.parse(ARCH));
});
