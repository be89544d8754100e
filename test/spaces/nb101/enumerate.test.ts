import assert from "node:assert/strict";
import { test } from "node:test";
import { DataError } from "../../../src/core/errors.js";
import { fromGenotypeCode, genotypeCode } from "../../../src/spaces/nb101/cell.js";
import {
  cellJsonLine,
  cellKeys,
  decodeCellsBin,
  encodeCellsBin,
  encodeCellsJsonl,
  enumerateNb101,
  type Nb101EnumerateStats,
} from "../../../src/spaces/nb101/enumerate.js";
import { digestHex, moduleHashHexPortable } from "../../../src/spaces/nb101/hash.js";
import { nb101 } from "../../../src/spaces/nb101/space.js";

/**
 * Independent brute force, the way the NB101 authors built the space: every upper-triangular matrix on
 * n ≤ maxV vertices and every labelling, pruned (vertices off input→output paths removed), kept when it
 * has at most 9 edges, hashed with the plain string transcription; the distinct hashes.
 */
function bruteForceHashes(maxV: number): Set<string> {
  const hashes = new Set<string>();
  const seen = new Set<string>();
  for (let n = 2; n <= maxV; n++) {
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
    for (let mask = 0; mask < 1 << pairs.length; mask++) {
      const adj = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
      pairs.forEach(([i, j], b) => {
        adj[i][j] = ((mask >>> b) & 1) === 1;
      });
      const fwd = new Array<boolean>(n).fill(false);
      fwd[0] = true;
      for (let i = 0; i < n; i++) if (fwd[i]) for (let j = 0; j < n; j++) if (adj[i][j]) fwd[j] = true;
      const bwd = new Array<boolean>(n).fill(false);
      bwd[n - 1] = true;
      for (let i = n - 1; i >= 0; i--) for (let j = 0; j < n; j++) if (adj[i][j] && bwd[j]) bwd[i] = true;
      if (!fwd[n - 1]) continue;
      const keep = [...Array(n).keys()].filter((v) => fwd[v] && bwd[v]);
      let edges = 0;
      for (const i of keep) for (const j of keep) if (adj[i][j]) edges++;
      if (edges > 9) continue;
      for (let lab = 0; lab < 3 ** (n - 2); lab++) {
        const labels = [-1];
        for (let k = 0, x = lab; k < n - 2; k++, x = Math.floor(x / 3)) labels.push(x % 3);
        labels.push(-2);
        const m = keep.length;
        const outs = new Uint8Array(7);
        keep.forEach((i, a) => {
          keep.forEach((j, b) => {
            if (adj[i][j]) outs[a] |= 1 << b;
          });
        });
        const pl = Int8Array.from(keep.map((v) => labels[v]));
        const id = `${[...outs].join(",")}|${[...pl].join(",")}`;
        if (seen.has(id)) continue;
        seen.add(id);
        hashes.add(moduleHashHexPortable(m, outs, pl));
      }
    }
  }
  return hashes;
}

test("enumeration up to 5 vertices = brute force over all matrices and labellings (2,532 cells)", () => {
  const stats = {} as Nb101EnumerateStats;
  const cells = enumerateNb101({ maxVertices: 5 }, stats);
  assert.deepEqual(stats.cells, [1, 6, 84, 2441]);
  assert.equal(stats.hashDuplicates, 0);
  const brute = bruteForceHashes(5);
  assert.equal(brute.size, 2532);
  assert.equal(cells.count, brute.size);
  const ours = new Set<string>();
  for (let r = 0; r < cells.count; r++) ours.add(digestHex(cells.digests, r * 4));
  assert.deepEqual([...ours].sort(), [...brute].sort());
});

test("enumerated cells are canonical, valid, sorted, and carry their own hash", () => {
  const cells = enumerateNb101({ maxVertices: 5 });
  for (let r = 0; r < cells.count; r++) {
    const a = fromGenotypeCode(cells.codes[r]);
    assert.ok(nb101.isValid(a));
    assert.equal(genotypeCode(nb101.canonical(a)), cells.codes[r]);
    assert.equal(nb101.hashHex(a), digestHex(cells.digests, r * 4));
    if (r > 0) assert.ok(digestHex(cells.digests, (r - 1) * 4) < digestHex(cells.digests, r * 4));
  }
});

test("binary file round-trips; corrupt files give one-line DataErrors", () => {
  const cells = enumerateNb101({ maxVertices: 4 });
  const bin = encodeCellsBin(cells);
  assert.equal(bin.length, 16 + 20 * 91);
  assert.equal(Buffer.from(bin.subarray(0, 8)).toString("latin1"), "NB101CEL");
  assert.deepEqual(decodeCellsBin(bin, "x.bin"), cells);
  const bad = (bytes: Uint8Array, re: RegExp) =>
    assert.throws(
      () => decodeCellsBin(bytes, "x.bin"),
      (e: Error) => e instanceof DataError && re.test(e.message) && e.message.startsWith("x.bin"),
    );
  bad(bin.subarray(0, 10), /too short/);
  bad(bin.subarray(0, bin.length - 1), /header says 91 cells/);
  const magic = bin.slice();
  magic[0] = 0x41;
  bad(magic, /magic/);
  const version = bin.slice();
  version[8] = 9;
  bad(version, /version 9/);
  const code = bin.slice();
  new DataView(code.buffer).setUint32(16 + 16, 0, true); // no edges: no input→output path
  bad(code, /cell 0: invalid genotype code 0/);
  const order = bin.slice();
  order.copyWithin(16, 16 + 20, 16 + 40); // cell 0 := cell 1
  bad(order, /cell 1: hashes are not strictly increasing/);
});

test("jsonl: one line per cell with hash, pruned matrix and op names", () => {
  const cells = enumerateNb101({ maxVertices: 3 });
  const lines = Buffer.from(encodeCellsJsonl(cells)).toString("utf8").trimEnd().split("\n");
  assert.equal(lines.length, 7);
  for (let r = 0; r < cells.count; r++) {
    const o = JSON.parse(lines[r]);
    assert.equal(lines[r], cellJsonLine(cells, r));
    assert.equal(o.hash, digestHex(cells.digests, r * 4));
    assert.equal(o.matrix.length, o.ops.length);
    assert.equal(o.ops[0], "input");
    assert.equal(o.ops.at(-1), "output");
    const text = `adj=${o.matrix.map((row: number[]) => row.join("")).join("/")};ops=${o.ops.join(",")}`;
    assert.equal(nb101.hashHex(nb101.parse(text)), o.hash);
  }
});

test("enumeration options are checked", () => {
  assert.throws(() => enumerateNb101({ maxVertices: 8 }), /vertex count must be 2\.\.7/);
  assert.throws(() => enumerateNb101({ maxVertices: 1 }), /vertex count must be 2\.\.7/);
});

test("full enumeration (~3 s): 423,624 unique hashes, no 52-bit key collision", () => {
  const stats = {} as Nb101EnumerateStats;
  const cells = enumerateNb101({}, stats);
  assert.equal(cells.count, 423624);
  assert.deepEqual(stats.cells, [1, 6, 84, 2441, 62010, 359082]);
  assert.equal(stats.hashDuplicates, 0);
  const keys = cellKeys(cells).sort();
  for (let i = 1; i < keys.length; i++) assert.notEqual(keys[i], keys[i - 1]);
});
