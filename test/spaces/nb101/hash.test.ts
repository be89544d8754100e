import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Rng } from "../../../src/core/rng.js";
import { NB101_SLOTS, pruneGenotype } from "../../../src/spaces/nb101/cell.js";
import {
  digestHex,
  digestKey,
  hexDigest,
  moduleHash,
  moduleHashHexPortable,
  moduleHashMany,
  moduleHashScalar,
  useSimd,
} from "../../../src/spaces/nb101/hash.js";
import { nb101 } from "../../../src/spaces/nb101/space.js";
import { sharedData } from "../../helpers.js";

const sample = sharedData("nb101-sample/data-1k.json");

/** Compact cells of the sample file: padding removed (vertices after the output), as given. */
function sampleCells(): Array<{ key: string; n: number; outs: Uint8Array; labels: Int8Array }> {
  const d = JSON.parse(readFileSync(sample.path, "utf8"));
  return d.key.map((key: string, r: number) => {
    const ops: number[] = d.operations[r];
    const n = ops.indexOf(-2) + 1;
    const outs = new Uint8Array(NB101_SLOTS);
    const labels = Int8Array.from(ops.slice(0, n));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (d.adjacency[r][i][j]) outs[i] |= 1 << j;
    return { key, n, outs, labels };
  });
}

test("our hash equals the official key of all 1,000 sample cells", { skip: sample.skip }, () => {
  const cells = sampleCells();
  assert.equal(cells.length, 1000);
  const out = new Int32Array(4);
  let same = 0;
  for (const c of cells) {
    moduleHash(c.n, c.outs, c.labels, out, 0);
    if (digestHex(out) === c.key) same++;
    else assert.fail(`hash ${digestHex(out)} ≠ key ${c.key}`);
  }
  assert.equal(same, 1000);
});

test("the plain string/node:crypto transcription agrees on the sample", { skip: sample.skip }, () => {
  for (const c of sampleCells().slice(0, 200))
    assert.equal(moduleHashHexPortable(c.n, c.outs, c.labels), c.key);
});

test("fast hash equals the plain transcription on random valid cells (also after pruning)", () => {
  const rng = Rng.fromSeed("hash-random");
  const outs = new Uint8Array(NB101_SLOTS);
  const labels = new Int8Array(NB101_SLOTS);
  const out = new Int32Array(4);
  for (let i = 0; i < 300; i++) {
    const a = nb101.sample(rng);
    const n = pruneGenotype(a, outs, labels);
    moduleHash(n, outs, labels, out, 0);
    const hex = moduleHashHexPortable(n, outs, labels);
    assert.equal(digestHex(out), hex);
    assert.equal(nb101.hashHex(a), hex);
  }
});

test("hash is invariant under random permutations of the internal vertices", () => {
  const rng = Rng.fromSeed("hash-perm");
  const outs = new Uint8Array(NB101_SLOTS);
  const labels = new Int8Array(NB101_SLOTS);
  const out = new Int32Array(4);
  for (let i = 0; i < 300; i++) {
    const a = nb101.sample(rng);
    const n = pruneGenotype(a, outs, labels);
    moduleHash(n, outs, labels, out, 0);
    const want = digestHex(out);
    // new index of each vertex: input and output fixed, internal ones shuffled (not kept topological)
    const p = Int32Array.from({ length: n }, (_, v) => v);
    rng.shuffle(p.subarray(1, n - 1));
    const po = new Uint8Array(NB101_SLOTS);
    const pl = new Int8Array(NB101_SLOTS);
    for (let u = 0; u < n; u++) {
      pl[p[u]] = labels[u];
      for (let v = 0; v < n; v++) if ((outs[u] >>> v) & 1) po[p[u]] |= 1 << p[v];
    }
    moduleHash(n, po, pl, out, 0);
    assert.equal(digestHex(out), want);
    assert.equal(moduleHashHexPortable(n, po, pl), want);
  }
});

test("key is the first 13 hex digits of the hash; hexDigest inverts digestHex", () => {
  const d = hexDigest("00005c142e6f48ac74fdcf73e3439874")!;
  assert.equal(digestHex(d), "00005c142e6f48ac74fdcf73e3439874");
  assert.equal(digestKey(d), 0x00005c142e6f4);
  const e = hexDigest("ffffffffffffffffffffffffffffffff")!;
  assert.equal(digestKey(e), 2 ** 52 - 1);
  assert.equal(hexDigest("xyz"), undefined);
});

test("batch hashing (SIMD and scalar engines) equals the cell-by-cell scalar hash", () => {
  const rng = Rng.fromSeed("hash-batch");
  const count = 300; // spans several internal chunks of 128
  const ns = new Uint8Array(count);
  const outs = new Uint8Array(count * NB101_SLOTS);
  const labels = new Int8Array(count * NB101_SLOTS);
  for (let i = 0; i < count; i++) {
    ns[i] = pruneGenotype(
      nb101.sample(rng),
      outs.subarray(i * NB101_SLOTS, (i + 1) * NB101_SLOTS),
      labels.subarray(i * NB101_SLOTS, (i + 1) * NB101_SLOTS),
    );
  }
  const want = new Int32Array(count * 4);
  for (let i = 0; i < count; i++) {
    const o = outs.subarray(i * NB101_SLOTS, (i + 1) * NB101_SLOTS);
    const l = labels.subarray(i * NB101_SLOTS, (i + 1) * NB101_SLOTS);
    moduleHashScalar(ns[i], o, l, want, i * 4);
  }
  for (const simd of [true, false]) {
    useSimd(simd);
    try {
      for (const n of [1, 7, count]) {
        const got = new Int32Array(n * 4 + 8);
        moduleHashMany(n, ns, outs, labels, got, 2);
        assert.deepEqual(got.subarray(8), want.subarray(0, n * 4), `simd=${simd}, ${n} cells`);
      }
      const one = new Int32Array(4);
      moduleHash(ns[5], outs.subarray(35, 42), labels.subarray(35, 42), one, 0);
      assert.deepEqual(one, want.subarray(20, 24));
    } finally {
      useSimd(true);
    }
  }
});

test("batch and single-cell hashing equal the plain transcription on DAGs of 1..7 vertices in any order", () => {
  // not only valid cells: any labels, any DAG (vertices shuffled, so not upper-triangular), mixed sizes
  const rng = Rng.fromSeed("hash-dags");
  const count = 400;
  const ns = new Uint8Array(count);
  const outs = new Uint8Array(count * NB101_SLOTS);
  const labels = new Int8Array(count * NB101_SLOTS);
  for (let i = 0; i < count; i++) {
    const n = 1 + rng.int(NB101_SLOTS);
    ns[i] = n;
    const p = Int32Array.from({ length: n }, (_, v) => v);
    rng.shuffle(p);
    const density = rng.int(4);
    for (let u = 0; u < n; u++) {
      labels[i * NB101_SLOTS + p[u]] = rng.int(5) - 2;
      for (let v = u + 1; v < n; v++) if (rng.int(4) <= density) outs[i * NB101_SLOTS + p[u]] |= 1 << p[v];
    }
  }
  const got = new Int32Array(count * 4);
  moduleHashMany(count, ns, outs, labels, got);
  const one = new Int32Array(4);
  for (let i = 0; i < count; i++) {
    const o = outs.subarray(i * NB101_SLOTS, (i + 1) * NB101_SLOTS);
    const l = labels.subarray(i * NB101_SLOTS, (i + 1) * NB101_SLOTS);
    const want = moduleHashHexPortable(ns[i], o, l);
    assert.equal(digestHex(got, i * 4), want, `cell ${i} (${ns[i]} vertices), batch`);
    moduleHash(ns[i], o, l, one, 0);
    assert.equal(digestHex(one), want, `cell ${i}, single`);
    moduleHashScalar(ns[i], o, l, one, 0);
    assert.equal(digestHex(one), want, `cell ${i}, scalar`);
  }
});
