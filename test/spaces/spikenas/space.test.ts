import assert from "node:assert/strict";
import { test } from "node:test";
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import { Rng } from "../../../src/core/rng.js";
import { loadTable } from "../../../src/data/loaders.js";
import { nb201UniqueString } from "../../../src/spaces/nb201/canonical.js";
import { spikenas as s } from "../../../src/spaces/spikenas/space.js";
import { sharedData } from "../../helpers.js";

const csv = sharedData("spikenas/spikenas_summary.csv");

test("reads the summary as shipped with --where dataset=CIFAR10; code is arch_id; round trip on every row", {
  skip: csv.skip,
}, () => {
  const t = loadTable(csv.path, s, { where: { column: "dataset", value: "CIFAR10" } });
  assert.equal(t.rows, 15625);
  const id = t.column("arch_id");
  const enc = t.textColumn("enc_base5_edge0to5");
  const edges = t.textColumn("edges");
  for (let r = 0; r < t.rows; r++) {
    const a = t.archAt(r);
    assert.equal(s.code(a), id[r]);
    assert.equal(s.format(a), enc[r]);
    assert.deepEqual(s.parse(edges[r]), a);
  }
  // The summary's best test accuracy (SOURCE.md: 89.3 at arch 12617).
  const acc = t.column("test_acc");
  let best = 0;
  for (let r = 1; r < t.rows; r++) if (acc[r] > acc[best]) best = r;
  assert.equal(id[best], 12617);
  // Without the filter, the CIFAR100 rows repeat architectures: a one-line error, not a silent mix.
  assert.throws(() => loadTable(csv.path, s), /repeats row/);
});

test("15,625 cells in NB201's 6,466 isomorphism classes (checked against NB201's own unique string)", () => {
  // SpikeNAS edge k → NB201 genotype position; ops: zero→none, skip→skip, the three LIF convs → three
  // distinct NB201 ops (a bijection, so the partitions must agree).
  const toNb201Pos = [0, 1, 3, 2, 4, 5];
  const toNb201Op = [0, 1, 2, 3, 4];
  const byString = new Map<string, number>();
  for (const a of s.enumerate()) {
    const b = new Uint8Array(6);
    for (let k = 0; k < 6; k++) b[toNb201Pos[k]] = toNb201Op[a[k]];
    const u = nb201UniqueString(b);
    const k = byString.get(u);
    if (k === undefined) byString.set(u, s.key(a));
    else assert.equal(s.key(a), k);
  }
  assert.equal(byString.size, 6466);
  assert.equal(Number(s.uniqueSize()), 6466);
});

test("24 neighbours at distance 1, distinct; uniform sampling per edge", () => {
  const rng = Rng.fromSeed(19);
  for (let t = 0; t < 100; t++) {
    const a = s.sample(rng);
    const ns = s.neighbours(a);
    assert.equal(ns.length, 24);
    assert.equal(new Set(ns.map((n) => s.code(n))).size, 24);
    for (const n of ns) assert.equal(s.editDistance(a, n), 1);
  }
  const n = 20_000;
  const counts = Array.from({ length: 6 }, () => new Array(5).fill(0));
  for (let i = 0; i < n; i++) {
    for (const [e, v] of s.sample(rng).entries()) counts[e][v]++;
  }
  for (const c of counts) {
    const chi = c.reduce((acc, x) => acc + (x - n / 5) ** 2 / (n / 5), 0);
    assert.ok(1 - chisquareCdf(chi, 4) > 0.001);
  }
});

test("bad strings → one-line ArchitectureErrors", () => {
  const cases: Array<[string, RegExp]> = [
    ["0-0-0-0-0-5", /op 5, not in 0\.\.4/],
    ["0-0-0-0-0", /has 5 edges/],
    ["|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", /not a SpikeNAS cell/],
    ["0-1:zero 0-2:zero 0-3:zero 1-2:zero 1-3:zero 2-3:conv", /unknown operation 'conv'/],
    ["0-2:zero 0-1:zero 0-3:zero 1-2:zero 1-3:zero 2-3:zero", /must be edge 0-1:op/],
  ];
  for (const [str, re] of cases) {
    assert.throws(
      () => s.parse(str),
      (e: Error) => e.name === "ArchitectureError" && !e.message.includes("\n") && re.test(e.message),
      str,
    );
  }
});
