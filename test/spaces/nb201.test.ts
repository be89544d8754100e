import assert from "node:assert/strict";
import { test } from "node:test";
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import { Rng } from "../../src/core/rng.js";
import { loadTable } from "../../src/data/loaders.js";
import { nb201UniqueString } from "../../src/spaces/nb201/canonical.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { randomWalk } from "../../src/spaces/space.js";
import { sharedData } from "../helpers.js";

const BEST =
  "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";

test("parse and format round-trip the official string", () => {
  const a = nb201.parse(BEST);
  assert.deepEqual([...a], [3, 3, 3, 1, 3, 2]);
  assert.equal(nb201.format(a), BEST);
  for (const a of nb201.enumerate()) assert.deepEqual(nb201.parse(nb201.format(a)), a);
});

test("malformed strings and unknown ops are rejected with one-line messages", () => {
  const bad = [
    "",
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|",
    "|conv~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
    "|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
    "nor_conv_3x3~0+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
  ];
  for (const s of bad) {
    assert.throws(
      () => nb201.parse(s),
      (e: Error) => e.name === "ArchitectureError" && !e.message.includes("\n"),
      s,
    );
  }
  assert.throws(() => nb201.parse(bad[2]), /unknown operation 'conv'/);
});

test("24 neighbours: valid, distinct, at distance 1, and mutate picks among them", () => {
  const rng = Rng.fromSeed(1);
  for (let t = 0; t < 200; t++) {
    const a = nb201.sample(rng);
    const ns = nb201.neighbours(a);
    assert.equal(ns.length, 24);
    assert.equal(new Set(ns.map((n) => nb201.code(n))).size, 24);
    for (const n of ns) {
      assert.ok(nb201.isValid(n));
      assert.equal(nb201.editDistance(a, n), 1);
    }
    const m = nb201.mutate(a, rng);
    assert.equal(nb201.editDistance(a, m), 1);
  }
  assert.equal(nb201.maxEditDistance(), 6);
  assert.equal(nb201.size(), 15625n);
});

test("atDistance gives exactly distance d; random walks move one edit per step", () => {
  const rng = Rng.fromSeed(2);
  const a = nb201.sample(rng);
  for (let d = 0; d <= 6; d++) assert.equal(nb201.editDistance(a, nb201.atDistance(a, d, rng)), d);
  const walk = randomWalk(nb201, a, 10, rng);
  assert.equal(walk.length, 10);
  let prev = a;
  for (const w of walk) {
    assert.equal(nb201.editDistance(prev, w), 1);
    prev = w;
  }
});

test("uniform sampling: chi-square per edge does not reject uniformity", () => {
  const rng = Rng.fromSeed(7);
  const n = 50_000;
  const counts = Array.from({ length: 6 }, () => new Array(5).fill(0));
  for (let i = 0; i < n; i++) {
    const a = nb201.sample(rng);
    for (let e = 0; e < 6; e++) counts[e][a[e]]++;
  }
  for (let e = 0; e < 6; e++) {
    const chi = counts[e].reduce((s, c) => s + (c - n / 5) ** 2 / (n / 5), 0);
    const p = 1 - chisquareCdf(chi, 4);
    assert.ok(p > 0.001, `edge ${e}: chi2 = ${chi}, p = ${p}`);
  }
});

test("encodings: one-hot has 30 features with one 1 per edge; path has 155", () => {
  const a = nb201.parse(BEST);
  const x = new Float32Array(30);
  nb201.encode(a, "onehot", x, 0);
  assert.equal(
    x.reduce((s, v) => s + v, 0),
    6,
  );
  assert.equal(x[0 * 5 + 3], 1);
  assert.equal(x[5 * 5 + 2], 1);
  const p = new Float32Array(155);
  nb201.encode(a, "path", p, 0);
  // paths: [e3]=skip → 1; [e0,e4]=conv3,conv3 → 5+3*5+3; [e1,e5]=conv3,conv1 → 5+17; [e0,e2,e5] → 30+(3*5+3)*5+2
  const on = [...p.keys()].filter((i) => p[i] === 1);
  assert.deepEqual(
    on,
    [1, 5 + 18, 5 + 17, 30 + 92].sort((u, v) => u - v),
  );
  const none = nb201.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
  nb201.encode(none, "path", p, 0);
  assert.equal(
    p.reduce((s, v) => s + v, 0),
    0,
  );
  assert.throws(() => nb201.encodingLength("graph"), /unknown encoding/);
});

test("canonical keys: 6,466 classes; isomorphs share keys, canonical is idempotent", () => {
  assert.equal(nb201.uniqueSize(), 6466n);
  for (const a of nb201.enumerate()) {
    const c = nb201.canonical(a);
    assert.equal(nb201.key(c), nb201.key(a));
    assert.equal(nb201UniqueString(c), nb201UniqueString(a));
    assert.deepEqual(nb201.decodeKey(nb201.key(a)), c);
  }
});

const nats = sharedData("nb201/nats_bench.csv");
const mini = sharedData("nb201-12epoch/mini-bench-arch-cell-accs.csv");
const latency = sharedData("nb201-latency/nb201_latency_help.csv");

test("canonical key partition equals the data's UniqueString partition exactly", { skip: nats.skip }, () => {
  const t = loadTable(nats.path, nb201);
  const unique = t.textColumn("UniqueString");
  const byKey = new Map<number, string>();
  const byString = new Map<string, number>();
  for (let r = 0; r < t.rows; r++) {
    const k = nb201.key(t.archAt(r));
    const s = unique[r];
    assert.equal(byKey.get(k) ?? s, s, `key ${k} spans two UniqueStrings`);
    assert.equal(byString.get(s) ?? k, k, `UniqueString ${s} spans two keys`);
    byKey.set(k, s);
    byString.set(s, k);
    assert.equal(nb201UniqueString(t.archAt(r)), s);
  }
  assert.equal(byKey.size, 6466);
  assert.equal(byString.size, 6466);
});

test("index ↔ architecture lookups agree across the three NB201 tables for all 15,625 rows", {
  skip: nats.skip || mini.skip || latency.skip,
}, () => {
  const tables = [loadTable(nats.path, nb201), loadTable(mini.path, nb201), loadTable(latency.path, nb201)];
  for (const t of tables) assert.equal(t.rows, 15625);
  const idx = tables[1].column("arch");
  const idx2 = tables[2].column("index");
  for (let r = 0; r < 15625; r++) {
    const s = nb201.format(tables[0].archAt(r));
    for (const t of tables) {
      assert.equal(nb201.format(t.archAt(r)), s);
      assert.equal(t.rowOf(nb201.parse(s)), r);
    }
    assert.equal(idx[r], r);
    assert.equal(idx2[r], r);
  }
  const best = tables[0].column("CIFAR10TestAccuracy200Epochs");
  assert.equal(nb201.format(tables[0].archAt(6111)), BEST);
  assert.equal(best[6111], Math.max(...best));
});
