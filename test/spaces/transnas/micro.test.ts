import assert from "node:assert/strict";
import { test } from "node:test";
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import { Rng } from "../../../src/core/rng.js";
import { loadTable } from "../../../src/data/loaders.js";
import { nb201UniqueString } from "../../../src/spaces/nb201/canonical.js";
import { transnasMicro as s } from "../../../src/spaces/transnas/micro.js";
import { sharedData } from "../../helpers.js";

const zc = sharedData("naslib-zc-partial/zc_transbench101_micro.json");
const TASKS = [
  "class_scene",
  "class_object",
  "autoencoder",
  "normal",
  "jigsaw",
  "room_layout",
  "segmentsemantic",
];

test("parse∘format is the identity on every key of every task of zc_transbench101_micro.json", {
  skip: zc.skip,
}, () => {
  for (const task of TASKS) {
    const t = loadTable(zc.path, s, { task });
    assert.equal(t.rows, 711, task);
    const keys = t.textColumn("arch");
    for (let r = 0; r < t.rows; r++) assert.equal(s.format(t.archAt(r)), keys[r]);
    assert.equal(t.metrics[0], "val_accuracy");
    for (const zcName of ["flops", "params", "grasp", "jacov", "snip", "nwot"])
      assert.ok(t.hasColumn(zcName), zcName);
  }
});

test("the op reading is the data's: the cells cut off from the output are exactly the class_scene floor", {
  skip: zc.skip,
}, () => {
  const t = loadTable(zc.path, s, { task: "class_scene" });
  const acc = t.column("val_accuracy");
  // Input→output paths as NB201 edge positions (0→1, 0→2, 1→2, 0→3, 1→3, 2→3); op 0 is none.
  const paths = [[3], [0, 4], [1, 5], [0, 2, 5]];
  let floor = 0;
  for (let r = 0; r < t.rows; r++) {
    const a = t.archAt(r);
    const isDead = paths.every((p) => p.some((e) => a[e] === 0));
    assert.equal(isDead, acc[r] < 14.2, s.format(t.archAt(r)));
    if (isDead) floor++;
  }
  assert.equal(floor, 20);
});

test("4,096 cells; classes are NB201's isomorphism classes restricted to the 4 ops", () => {
  assert.equal(s.size(), 4096n);
  // Independent reference: NB201's own unique string (TNB101's op codes are NB201's first four).
  const byString = new Map<string, number>();
  for (const a of s.enumerate()) {
    const u = nb201UniqueString(a);
    const k = byString.get(u);
    if (k === undefined) byString.set(u, s.key(a));
    else assert.equal(s.key(a), k);
  }
  assert.equal(Number(s.uniqueSize()), byString.size);
  assert.equal(byString.size, 1236);
  assert.equal(new Set(byString.values()).size, byString.size);
});

test("18 neighbours, valid, distinct, at distance 1; uniform sampling per edge", () => {
  const rng = Rng.fromSeed(11);
  for (let t = 0; t < 100; t++) {
    const a = s.sample(rng);
    const ns = s.neighbours(a);
    assert.equal(ns.length, 6 * 3);
    assert.equal(new Set(ns.map((n) => s.code(n))).size, 18);
    for (const n of ns) assert.equal(s.editDistance(a, n), 1);
  }
  const n = 20_000;
  const counts = Array.from({ length: 6 }, () => new Array(4).fill(0));
  for (let i = 0; i < n; i++) {
    for (const [e, v] of s.sample(rng).entries()) counts[e][v]++;
  }
  for (const c of counts) {
    const chi = c.reduce((acc, x) => acc + (x - n / 4) ** 2 / (n / 4), 0);
    assert.ok(1 - chisquareCdf(chi, 3) > 0.001);
  }
});

test("bad strings → one-line ArchitectureErrors; TNB101's own string is read", () => {
  assert.deepEqual(s.parse("64-41414-1_02_333"), s.parse("(1, 0, 2, 3, 3, 3)"));
  const cases: Array<[string, RegExp]> = [
    ["(1, 0, 2, 3, 3, 4)", /op 4, not in 0\.\.3/],
    ["(1, 0, 2, 3, 3)", /has 5 edges/],
    ["|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", /not a TransNAS micro cell/],
    ["[[(0, 0), (1, 5)]]", /not a TransNAS micro cell/],
  ];
  for (const [str, re] of cases) {
    assert.throws(
      () => s.parse(str),
      (e: Error) => e.name === "ArchitectureError" && !e.message.includes("\n") && re.test(e.message),
      str,
    );
  }
});
