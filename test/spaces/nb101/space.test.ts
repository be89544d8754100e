import assert from "node:assert/strict";
import { test } from "node:test";
import { ArchitectureError } from "../../../src/core/errors.js";
import { Rng } from "../../../src/core/rng.js";
import { GENOTYPE_LENGTH, genotypeCode, POS } from "../../../src/spaces/nb101/cell.js";
import { enumerateNb101 } from "../../../src/spaces/nb101/enumerate.js";
import { Nb101Space, nb101 } from "../../../src/spaces/nb101/space.js";
import { encodeMany } from "../../../src/spaces/space.js";

const rng0 = () => Rng.fromSeed("nb101-space");

/** A random isomorphic copy: internal slots relabelled by a random permutation kept upper-triangular. */
function randomRelabel(a: Uint8Array, rng: Rng): Uint8Array {
  for (;;) {
    const p = [0, 1, 2, 3, 4, 5, 6];
    rng.shuffle(p.slice(1, 6)).forEach((v, i) => {
      p[i + 1] = v;
    });
    const b = new Uint8Array(GENOTYPE_LENGTH);
    let ok = true;
    for (let i = 0; i < 7 && ok; i++) {
      for (let j = i + 1; j < 7; j++) {
        if (!a[POS[i * 7 + j]]) continue;
        if (p[i] > p[j]) {
          ok = false;
          break;
        }
        b[POS[p[i] * 7 + p[j]]] = 1;
      }
    }
    if (!ok) continue;
    for (let s = 1; s <= 5; s++) b[21 + p[s] - 1] = a[21 + s - 1];
    return b;
  }
}

test("sample gives valid cells, deterministic per seed", () => {
  const r1 = rng0();
  const r2 = rng0();
  for (let i = 0; i < 200; i++) {
    const a = nb101.sample(r1);
    assert.ok(nb101.isValid(a));
    assert.deepEqual(a, nb101.sample(r2));
  }
});

test("neighbours are valid, distinct by hash, differ from the cell, and at edit distance 1", () => {
  const rng = rng0();
  for (let i = 0; i < 150; i++) {
    const a = i % 2 ? nb101.sample(rng) : nb101.canonical(nb101.sample(rng));
    const own = nb101.key(a);
    const keys = new Set<number>();
    const nb = nb101.neighbours(a);
    if (nb.length === 0) assert.equal(nb101.format(a), "adj=01/00;ops=input,output"); // the only isolated cell

    for (const b of nb) {
      assert.ok(nb101.isValid(b));
      assert.equal(nb101.editDistance(a, b), 1);
      const k = nb101.key(b);
      assert.notEqual(k, own);
      assert.ok(!keys.has(k), "duplicate neighbour");
      keys.add(k);
    }
    const m = nb101.mutate(a, rng);
    assert.ok(nb.length === 0 || keys.has(nb101.key(m)));
  }
});

test("neighbours follow naszilla: op changes on live vertices, then hash-changing valid edge flips", () => {
  // input→1 (conv3x3)→2 (maxpool)→output, plus input→output; slots 3..5 absent
  const a = nb101.parse("adj=0101/0010/0001/0000;ops=input,conv3x3,maxpool,output");
  const got = nb101.neighbours(a).map((b) => nb101.format(nb101.canonical(b)));
  const want = [
    "adj=0101/0010/0001/0000;ops=input,conv1x1-bn-relu,maxpool3x3,output",
    "adj=0101/0010/0001/0000;ops=input,maxpool3x3,maxpool3x3,output",
    "adj=0101/0010/0001/0000;ops=input,conv3x3-bn-relu,conv3x3-bn-relu,output",
    "adj=0101/0010/0001/0000;ops=input,conv3x3-bn-relu,conv1x1-bn-relu,output",
    // remove input→1 (also what removing 1→2 or 2→output gives, deduplicated): the bare input→output cell
    "adj=01/00;ops=input,output",
    // add input→2, remove input→output, add 1→output
    "adj=0111/0010/0001/0000;ops=input,conv3x3-bn-relu,maxpool3x3,output",
    "adj=0100/0010/0001/0000;ops=input,conv3x3-bn-relu,maxpool3x3,output",
    "adj=0101/0011/0001/0000;ops=input,conv3x3-bn-relu,maxpool3x3,output",
  ].map((t) => nb101.format(nb101.canonical(nb101.parse(t))));
  assert.deepEqual(got, want);
});

test("the input→output-only cell has no neighbours; mutate then returns a copy", () => {
  const a = nb101.parse("adj=01/00;ops=input,output");
  assert.deepEqual(nb101.neighbours(a), []);
  assert.deepEqual(nb101.mutate(a, rng0()), a);
});

test("canonical: idempotent, shared by isomorphic copies, pruned; code is the canonical genotype code", () => {
  const rng = rng0();
  for (let i = 0; i < 200; i++) {
    const a = nb101.sample(rng);
    const c = nb101.canonical(a);
    assert.deepEqual(nb101.canonical(c), c);
    assert.equal(nb101.hashHex(c), nb101.hashHex(a));
    const b = randomRelabel(a, rng);
    assert.ok(nb101.isValid(b));
    assert.equal(nb101.key(b), nb101.key(a));
    assert.deepEqual(nb101.canonical(b), c);
    assert.equal(nb101.code(b), genotypeCode(c));
    assert.equal(nb101.rawCode(a), genotypeCode(a));
  }
});

test("encodings: lengths 36 and 364, isomorphism-invariant, path count = input→output paths", () => {
  assert.equal(nb101.encodingLength("adjacency"), 36);
  assert.equal(nb101.encodingLength("path"), 364);
  assert.throws(() => nb101.encodingLength("onehot"), /unknown encoding/);
  const rng = rng0();
  for (let i = 0; i < 100; i++) {
    const a = nb101.sample(rng);
    const b = randomRelabel(a, rng);
    for (const e of nb101.encodings) assert.deepEqual(encodeMany(nb101, [a], e), encodeMany(nb101, [b], e));
  }
  // diamond: input→conv3x3→output, input→maxpool→output, input→output: paths [], [0], [2]
  const d = nb101.parse("adj=0111/0001/0001/0000;ops=input,conv3x3-bn-relu,maxpool3x3,output");
  const p = encodeMany(nb101, [d], "path");
  assert.deepEqual(
    [...p.keys()].filter((i) => p[i] === 1),
    [0, 1, 3],
  );
  const adj = encodeMany(nb101, [d], "adjacency");
  assert.equal(
    adj.reduce((s, x) => s + x, 0),
    5 + 2,
  ); // 5 edges + 2 present op slots
});

test("format/parse round-trip (raw, canonical, absent slots inside)", () => {
  const rng = rng0();
  for (let i = 0; i < 200; i++) {
    const a = nb101.sample(rng);
    assert.deepEqual(nb101.parse(nb101.format(a)), a);
    const c = nb101.canonical(a);
    assert.deepEqual(nb101.parse(nb101.format(c)), c);
  }
  const inner = nb101.parse(
    "adj=0100000/0000001/0000000/0000000/0000000/0000000/0000000;ops=input,conv1x1,absent,absent,absent,absent,output",
  );
  assert.equal(nb101.format(inner), "adj=010/001/000;ops=input,conv1x1-bn-relu,output");
  const gap = new Uint8Array(inner);
  gap[21] = 3;
  gap[22] = 1;
  gap[POS[0 * 7 + 1]] = 0;
  gap[POS[1 * 7 + 6]] = 0;
  gap[POS[0 * 7 + 2]] = 1;
  gap[POS[2 * 7 + 6]] = 1;
  assert.ok(nb101.isValid(gap));
  assert.match(nb101.format(gap), /ops=input,absent,conv1x1-bn-relu,absent,absent,absent,output$/);
  assert.deepEqual(nb101.parse(nb101.format(gap)), gap);
});

test("parse: one-line ArchitectureErrors for bad input", () => {
  const bad: Array<[string, RegExp]> = [
    ["conv3x3", /expected adj=/],
    ["adj=0;ops=input", /1 rows, expected 2\.\.7/],
    ["adj=01/00/00;ops=input,conv3x3,output", /row 0 '01' must be 3 characters/],
    ["adj=01/00;ops=input,conv3x3,output", /3 ops for a 2×2/],
    ["adj=01/10;ops=input,output", /not upper-triangular \(edge 1→0\)/],
    ["adj=11/00;ops=input,output", /not upper-triangular \(edge 0→0\)/],
    ["adj=0x/00;ops=input,output", /must be 2 characters 0\/1/],
    ["adj=011/001/000;ops=input,conv5x5,output", /unknown op 'conv5x5'/],
    ["adj=011/001/000;ops=conv3x3,conv3x3,output", /first op must be input/],
    ["adj=011/001/000;ops=input,conv3x3,input", /last op must be output/],
    ["adj=0100/0000/0001/0000;ops=input,conv3x3,conv3x3,output", /disconnected/],
    ["adj=00/00;ops=input,output", /disconnected/],
    [
      "adj=0111111/0011111/0001111/0000111/0000011/0000001/0000000;ops=input,conv3x3,conv3x3,conv3x3,conv3x3,conv3x3,output",
      /21 edges on input→output paths \(at most 9\)/,
    ],
    ["adj=0110/0001/0001/0000;ops=input,absent,conv3x3,output", /absent vertex 1 has an edge/],
    [`adj=${"0/".repeat(8)}0;ops=input`, /9 rows/],
  ];
  for (const [text, re] of bad) {
    assert.throws(
      () => nb101.parse(text),
      (e: Error) => e instanceof ArchitectureError && re.test(e.message) && !e.message.includes("\n"),
      text,
    );
  }
});

test("dangling vertices are kept in the genotype and pruned for the hash; raw >9 edges with ≤9 live is valid", () => {
  // vertex 1 dangling (no path to output), many of its edges do not count
  const a = nb101.parse("adj=0111/0000/0001/0000;ops=input,conv3x3,maxpool,output");
  const pruned = nb101.parse("adj=011/001/000;ops=input,maxpool,output");
  assert.equal(nb101.hashHex(a), nb101.hashHex(pruned));
  assert.deepEqual(nb101.canonical(a), nb101.canonical(pruned));
});

test("isValid rejects malformed genotypes; key/hash of one throw ArchitectureError", () => {
  const good = nb101.parse("adj=011/001/000;ops=input,maxpool,output");
  assert.ok(nb101.isValid(good));
  assert.ok(!nb101.isValid(good.slice(0, 25)));
  const b = good.slice();
  b[0] = 2;
  assert.ok(!nb101.isValid(b));
  const c = good.slice();
  c[25] = 4;
  assert.ok(!nb101.isValid(c));
  assert.throws(() => nb101.key(c), ArchitectureError);
  assert.throws(() => nb101.format(c), ArchitectureError);
});

test("maxEditDistance is 26 and reached by a valid pair", () => {
  assert.equal(nb101.maxEditDistance(), 26);
  // direct input→output edge plus dangling edges (0,1),(0,2) vs its complement, all ops differing
  const a = new Uint8Array(GENOTYPE_LENGTH);
  a[POS[0 * 7 + 1]] = 1;
  a[POS[0 * 7 + 2]] = 1;
  a[POS[0 * 7 + 6]] = 1;
  const b = new Uint8Array(GENOTYPE_LENGTH);
  for (let k = 0; k < 21; k++) b[k] = 1 - a[k];
  b.fill(1, 21);
  assert.ok(nb101.isValid(a));
  assert.ok(nb101.isValid(b));
  assert.equal(nb101.editDistance(a, b), 26);
});

test("uniform sampling over a loaded enumeration; fromHash looks cells up", () => {
  const cells = enumerateNb101({ maxVertices: 4 });
  assert.equal(cells.count, 91);
  const space = new Nb101Space({ cells, sampling: "uniform" });
  const rng = rng0();
  const seen = new Map<number, number>();
  for (let i = 0; i < 9100; i++) {
    const k = space.key(space.sample(rng));
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  assert.equal(seen.size, 91);
  for (const c of seen.values()) assert.ok(c > 50 && c < 160, `count ${c}`);
  const a = space.parse("adj=0111/0001/0001/0000;ops=input,conv3x3,maxpool,output");
  assert.deepEqual(space.fromHash(space.hashHex(a)), space.canonical(a));
  assert.equal(space.fromHash("0".repeat(32)), undefined);
  assert.throws(() => space.fromHash("nope"), ArchitectureError);
});

test("size, uniqueSize, capabilities", () => {
  assert.equal(nb101.size(), 423624n);
  assert.equal(nb101.uniqueSize(), 423624n);
  assert.equal(nb101.keyExact, false);
  assert.deepEqual([...nb101.capabilities], ["enumerate", "cost"]);
  assert.equal(nb101.cardinalities.length, nb101.genotypeLength);
});

test("mutate: one valid edit away, never the same cell; the default sampling is uniform over unique cells", () => {
  const rng = Rng.fromSeed("nb101-mutate");
  let a = nb101.sample(rng);
  for (let step = 0; step < 300; step++) {
    const b = nb101.mutate(a, rng);
    assert.ok(nb101.isValid(b));
    assert.equal(nb101.editDistance(a, b), 1);
    assert.notEqual(nb101.hashHex(b), nb101.hashHex(a));
    a = b;
  }
  // 84.8 % of the 423,624 unique cells have 7 vertices; naszilla's sampler gives them 0.3 % of its draws.
  const sevenShare = (space: Nb101Space) => {
    const r = Rng.fromSeed("nb101-share");
    let seven = 0;
    for (let i = 0; i < 2000; i++) {
      const c = space.canonical(space.sample(r));
      if (space.format(c).split(";")[0].split("/").length === 7) seven++;
    }
    return seven / 2000;
  };
  const uniform = sevenShare(nb101);
  assert.ok(uniform > 0.82 && uniform < 0.875, `uniform: ${uniform}`);
  assert.ok(sevenShare(new Nb101Space({ sampling: "naszilla" })) < 0.05);
});
