import assert from "node:assert/strict";
import { test } from "node:test";
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import { Rng } from "../../../src/core/rng.js";
import { loadTable } from "../../../src/data/loaders.js";
import { transnasMacro as s } from "../../../src/spaces/transnas/macro.js";
import { sharedData } from "../../helpers.js";

const zc = sharedData("naslib-zc-partial/zc_transbench101_macro.json");
const ROWS: Record<string, number> = {
  class_scene: 662,
  class_object: 662,
  autoencoder: 725,
  normal: 725,
  jigsaw: 725,
  room_layout: 725,
  segmentsemantic: 725,
};

const binom = (n: number, k: number): number => (k === 0 ? 1 : (binom(n, k - 1) * (n - k + 1)) / k);
/** Networks with L layers: C(L, d) placements of d ∈ 1..4 downsamplings × C(L, c), c ∈ 1..3 doublings. */
const perLength = (L: number) =>
  [1, 2, 3, 4].reduce((x, d) => x + binom(L, d), 0) * [1, 2, 3].reduce((x, c) => x + binom(L, c), 0);

test("3,256 networks, as NASLib's sampler rules count them", () => {
  assert.deepEqual([4, 5, 6].map(perLength), [210, 750, 2296]);
  assert.equal(Number(s.size()), 3256);
  assert.equal([...s.enumerate()].length, 3256);
  assert.equal(new Set([...s.enumerate()].map((a) => s.key(a))).size, 3256);
});

test("parse∘format is the identity on every key of every task of zc_transbench101_macro.json", {
  skip: zc.skip,
}, () => {
  for (const [task, rows] of Object.entries(ROWS)) {
    const t = loadTable(zc.path, s, { task });
    assert.equal(t.rows, rows, task);
    const keys = t.textColumn("arch");
    for (let r = 0; r < t.rows; r++) {
      assert.equal(s.format(t.archAt(r)), keys[r]);
      assert.ok(s.isValid(t.archAt(r)));
    }
  }
});

test("neighbours: every valid network at Hamming distance 1 (brute force), distinct; the graph is connected", () => {
  const all = [...s.enumerate()];
  const rng = Rng.fromSeed(13);
  for (let t = 0; t < 60; t++) {
    const a = s.sample(rng);
    const ns = s.neighbours(a);
    const brute = all.filter((b) => s.editDistance(a, b) === 1).length;
    assert.equal(ns.length, brute);
    assert.equal(new Set(ns.map((n) => s.key(n))).size, ns.length);
    for (const n of ns) assert.ok(s.isValid(n));
    assert.equal(s.editDistance(a, s.mutate(a, rng)), 1);
  }
  const seen = new Set([s.key(all[0])]);
  const queue = [all[0]];
  while (queue.length > 0) {
    for (const n of s.neighbours(queue.pop()!)) {
      if (!seen.has(s.key(n))) {
        seen.add(s.key(n));
        queue.push(n);
      }
    }
  }
  assert.equal(seen.size, 3256);
});

test("uniform sampling: chi-square on the number of layers (210 : 750 : 2,296)", () => {
  const rng = Rng.fromSeed(17);
  const n = 30_000;
  const counts = [0, 0, 0];
  for (let i = 0; i < n; i++) counts[s.sample(rng).filter((v) => v > 0).length - 4]++;
  const chi = [210, 750, 2296].reduce(
    (x, m, i) => x + (counts[i] - (n * m) / 3256) ** 2 / ((n * m) / 3256),
    0,
  );
  assert.ok(1 - chisquareCdf(chi, 2) > 0.001, `chi ${chi}`);
});

test("bad strings → one-line ArchitectureErrors; TNB101's own string is read", () => {
  assert.deepEqual(s.parse("64-1242-basic"), s.parse("(1, 2, 4, 2, 0, 0)"));
  const cases: Array<[string, RegExp]> = [
    ["(1, 2, 5, 2, 0, 0)", /type 5, not in 0\.\.4/],
    ["(1, 2, 0, 2, 1, 0)", /breaks the macro rules/],
    ["(1, 1, 1, 1, 0, 0)", /breaks the macro rules/],
    ["(3, 3, 3, 3, 4, 0)", /breaks the macro rules/],
    ["(1, 2, 4)", /has 3 positions/],
    ["(1, 0, 2, 3, 3, 3)", /breaks the macro rules/],
    ["[[(0, 0), (1, 5)]]", /not a TransNAS macro network/],
  ];
  for (const [str, re] of cases) {
    assert.throws(
      () => s.parse(str),
      (e: Error) => e.name === "ArchitectureError" && !e.message.includes("\n") && re.test(e.message),
      str,
    );
  }
});
