import assert from "node:assert/strict";
import { test } from "node:test";
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import { Rng } from "../../../src/core/rng.js";
import { readCsv } from "../../../src/data/csv.js";
import { loadTable } from "../../../src/data/loaders.js";
import { NBGRAPH_LINKS, NBGRAPH_OPS, validHash } from "../../../src/spaces/nbgraph/hash.js";
import { nbgraphSpace } from "../../../src/spaces/nbgraph/space.js";
import { sharedData } from "../../helpers.js";

const cora = sharedData("nas-bench-graph/cora.csv");
const pubmed = sharedData("nas-bench-graph/pubmed.csv");
const s = nbgraphSpace();

test("every (link, ops) pair reaches exactly the benchmark's 26,206 hashes", { skip: cora.skip }, () => {
  const hashes = new Set(readCsv(cora.path).records.map((r) => Number(r[0])));
  assert.equal(hashes.size, 26206);
  const reached = new Set<number>();
  let pairs = 0;
  for (let link = 0; link < 9; link++) {
    for (let o = 0; o < 9 ** 4; o++) {
      const ops = [o % 9, Math.floor(o / 9) % 9, Math.floor(o / 81) % 9, Math.floor(o / 729)];
      const a = Uint8Array.from([link, ...ops]);
      if (!s.isValid(a)) continue; // all four ops skip: left out by the benchmark
      pairs++;
      reached.add(s.key(a));
    }
  }
  assert.equal(pairs, 59040);
  assert.equal(Number(s.size()), pairs);
  assert.equal(reached.size, 26206);
  for (const h of reached) assert.ok(hashes.has(h), `hash ${h} is not in the benchmark`);
  assert.equal(Number(s.uniqueSize()), 26206);
});

test("the reader checks every row's hash; parse∘format round-trips every row", { skip: cora.skip }, () => {
  const t = loadTable(cora.path, s);
  assert.equal(t.rows, 26206);
  const hash = t.column("hash");
  for (let r = 0; r < t.rows; r++) {
    const a = t.archAt(r);
    assert.equal(s.key(a), hash[r]);
    assert.equal(t.officialIndex(r), hash[r]);
    assert.deepEqual(s.parse(s.format(a)), a);
    assert.deepEqual(s.canonical(a), a); // the tables list each class by its representative
  }
  assert.deepEqual(t.metrics, ["hash", "valid_perf", "test_perf", "latency", "params_M"]);
});

test("another dataset's table has the same 26,206 classes", { skip: pubmed.skip }, () => {
  const t = loadTable(pubmed.path, s);
  assert.equal(t.rows, 26206);
});

test("a hand-checked case of valid_hash: skip moved, equal parts sorted", () => {
  const op = (n: string) => NBGRAPH_OPS.indexOf(n as (typeof NBGRAPH_OPS)[number]);
  // Four nodes all fed by the input: interchangeable, so their ops are sorted (gat 0 < gcn 1 < sage 4).
  assert.equal(validHash([0, 0, 0, 0], [op("sage"), op("gat"), op("gcn"), op("gat")]), 0 * 10000 + 14);
  // Node 2 fed by node 1 (link 0001 after regularize of 0010 swaps ops 2 and 3).
  assert.equal(validHash([0, 0, 1, 0], [1, 2, 3, 4]), validHash([0, 0, 0, 1], [1, 2, 4, 3]));
  // A skip ending a chain has no sibling: it is moved to the front (the chain is the same function).
  const moved = validHash([0, 1, 2, 3], [op("gcn"), op("gcn"), op("gcn"), op("skip")]);
  assert.equal(Math.floor(moved / 10000), 8);
  assert.equal(s.format(s.decodeKey(moved)), `${NBGRAPH_LINKS[8].join("-")}:skip-gcn-gcn-gcn`);
});

test("neighbours are the classes at Hamming distance 1 between representatives (brute-force count)", () => {
  const rng = Rng.fromSeed(5);
  const reps = [...s.enumerate()];
  assert.equal(reps.length, 26206);
  for (let t = 0; t < 40; t++) {
    const a = s.sample(rng);
    const ns = s.neighbours(a);
    const keys = new Set(ns.map((n) => s.key(n)));
    assert.equal(keys.size, ns.length);
    let brute = 0;
    for (const b of reps) {
      let d = 0;
      for (let i = 0; i < 5; i++) if (a[i] !== b[i]) d++;
      if (d === 1) brute++;
    }
    assert.equal(ns.length, brute);
    for (const n of ns) {
      assert.ok(s.isValid(n));
      assert.equal(s.editDistance(a, n), 1);
    }
    assert.ok(keys.has(s.key(s.mutate(a, rng))));
    assert.ok(ns.length >= 15 && ns.length <= 38); // the documented range over all classes
  }
  // A non-canonical spelling has its class's neighbours and distance 0 to its representative.
  const raw = s.parse("0-0-0-0:sage-gat-gcn-gat");
  assert.equal(s.editDistance(raw, s.canonical(raw)), 0);
  assert.equal(s.neighbours(raw).length, s.neighbours(s.canonical(raw)).length);
});

test("uniform sampling over the classes: chi-square on the link pattern", () => {
  const perLink = new Array(9).fill(0);
  for (const a of s.enumerate()) perLink[a[0]]++;
  const rng = Rng.fromSeed(9);
  const n = 40_000;
  const counts = new Array(9).fill(0);
  for (let i = 0; i < n; i++) counts[s.sample(rng)[0]]++;
  let chi = 0;
  for (let l = 0; l < 9; l++) {
    const e = (n * perLink[l]) / 26206;
    chi += (counts[l] - e) ** 2 / e;
  }
  assert.ok(1 - chisquareCdf(chi, 8) > 0.001, `chi ${chi}`);
});

test("bad strings → one-line ArchitectureErrors", () => {
  const cases: Array<[string, RegExp]> = [
    ["gat gat gat gat", /not a NAS-Bench-Graph string/],
    ["0-0-0-0:gat-gat-gat-conv", /unknown operation 'conv'/],
    ["0-0-0-4:gat-gat-gat-gat", /node 4 is fed from node 4/],
    ["0-0-0:gat-gat-gat-gat", /link must be 4 input indices/],
    ["0-0-0-0:skip-skip-skip-skip", /all four operations are skip/],
    ["|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", /not a NAS-Bench-Graph string/],
  ];
  for (const [str, re] of cases) {
    assert.throws(
      () => s.parse(str),
      (e: Error) => e.name === "ArchitectureError" && !e.message.includes("\n") && re.test(e.message),
      str,
    );
  }
  const proteins = nbgraphSpace(true);
  assert.throws(() => proteins.parse("0-0-0-0:gat-gcn-gcn-gcn"), /unknown operation 'gat'/);
  assert.equal(proteins.size(), 9n * 5n ** 4n - 9n);
});
