import assert from "node:assert/strict";
import { test } from "node:test";
import { ArchitectureError, UsageError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { encodeSpaceFile, encodeSpaceFileChunks, payloadChecksum } from "../../src/shrink/file.js";
import { GenotypePacker } from "../../src/shrink/genotype-packer.js";
import { KeyIndex } from "../../src/shrink/key-index.js";
import { MemberSet } from "../../src/shrink/member-set.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import { darts } from "../../src/spaces/darts/space.js";
import type { Arch, SearchSpace } from "../../src/spaces/space.js";

// Issue 17: member sets of spaces without exact keys store their genotypes bit-packed (10 bytes a DARTS
// genotype instead of 32); nothing a set returns or writes may change.

/** Widths 0 to 8 bits (a 1-choice and a 255-choice position), 61 bits in all, > 2^53 genotypes. */
const MIXED = [1, 200, 3, 8, 255, 2, 5, ...new Array(12).fill(8)];

/** `n` distinct canonical genotypes drawn from `space`, in draw order. */
function distinct(space: SearchSpace, n: number, seed: number): Arch[] {
  const rng = Rng.fromSeed(seed);
  const seen = new Set<number>();
  const out: Arch[] = [];
  while (out.length < n) {
    const a = space.canonical(space.sample(rng));
    const k = space.key(a);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(a);
  }
  return out;
}

/** The payload of a "genotypes" space file built without a member set: genotypes by ascending key. */
function expectedPayload(space: SearchSpace, archs: Arch[]): Uint8Array {
  const L = space.genotypeLength;
  const byKey = archs.map((a) => [space.key(a), a] as const).sort((x, y) => x[0] - y[0]);
  const out = new Uint8Array(archs.length * L);
  for (let r = 0; r < byKey.length; r++) out.set(byKey[r][1], r * L);
  return out;
}

test("GenotypePacker: the bits of each cardinality, exact round trip, out-of-range choices rejected", () => {
  const cards = Uint8Array.from(MIXED);
  const packer = new GenotypePacker(cards);
  assert.equal(packer.bytes, 8); // 0 + 8 + 2 + 3 + 8 + 1 + 3 + 12 × 3 = 61 bits
  assert.equal(new GenotypePacker(darts.cardinalities).bytes, 10); // 16 × 3 bits (7 ops) + 2 × 16 (inputs 2..5)
  const space = new CategoricalSpace(MIXED);
  const archs = distinct(space, 2000, 1);
  const buf = new Uint8Array(packer.bytesFor(archs.length));
  for (let i = 0; i < archs.length; i++) packer.pack(archs[i], buf, i * packer.bytes);
  const out = new Uint8Array(MIXED.length);
  for (let i = 0; i < archs.length; i++)
    assert.deepEqual(packer.unpack(buf, i * packer.bytes, out), archs[i], `genotype ${i}`);
  const top = Uint8Array.from(MIXED, (c) => c - 1); // every field at its largest value
  packer.pack(top, buf.fill(0), 0);
  assert.deepEqual(packer.unpack(buf, 0, out), top);
  const bad = top.slice();
  bad[2] = 4; // 3 choices: 2 bits, 4 needs 3
  assert.throws(() => packer.check(bad), ArchitectureError);
  assert.throws(() => packer.pack(bad, buf, 0), /position 2: choice 4/);
});

test("packed member set: the genotypes of its keys, 1 + bits/8 bytes a member, sorted and trimmed", () => {
  for (const space of [new CategoricalSpace(MIXED), darts] as SearchSpace[]) {
    const archs = distinct(space, 3000, 2);
    const set = MemberSet.from(space, archs);
    assert.equal(set.packed, true);
    set.trim();
    const index = new KeyIndex();
    for (const a of archs) index.add(space.key(a));
    index.trim();
    const bytes = new GenotypePacker(space.cardinalities).bytes;
    assert.equal(set.byteLength(), index.byteLength() + archs.length * bytes + 1, space.id);
    for (let i = 0; i < archs.length; i++) assert.deepEqual(set.at(i), archs[i], `${space.id} member ${i}`);
    const sorted = set.sorted();
    const payload = expectedPayload(space, archs);
    assert.deepEqual(sorted.packedGenotypes(), payload);
    const L = space.genotypeLength;
    const some = sorted.genotypesInto(100, 250, new Uint8Array(150 * L));
    assert.deepEqual(some, payload.subarray(100 * L, 250 * L));
    assert.throws(() => sorted.genotypesInto(10, 3001, new Uint8Array(3000 * L)), UsageError);
  }
});

test("packed member set: a genotype that cannot be stored is refused and leaves no trace", () => {
  const space = new CategoricalSpace(MIXED);
  const set = MemberSet.from(space, distinct(space, 10, 3));
  const bad = set.at(4);
  bad[6] = 8; // 5 choices: 3 bits, 8 needs 4
  assert.throws(() => set.add(bad), ArchitectureError);
  assert.equal(set.count, 10);
  assert.equal(set.has(bad), false);
  const next = distinct(space, 11, 3)[10];
  assert.ok(set.add(next));
  assert.deepEqual(set.at(10), next);
});

test("fromAscendingKeys: genotypes put plain, packed alike, packed otherwise; a key outside refused", () => {
  const space = darts;
  const archs = distinct(space, 500, 4);
  const keys = Float64Array.from(archs, (a) => space.key(a)).sort();
  const expected = expectedPayload(space, archs);
  const plain = MemberSet.fromAscendingKeys(space, keys.slice(), (sink) => {
    const g = new Uint8Array(space.genotypeLength);
    for (const a of archs.slice().reverse()) {
      g.set(a); // the array is reused
      sink.put(space.key(a), g);
    }
  });
  assert.deepEqual(plain.packedGenotypes(), expected);
  // packed bytes from a store like LISSNAS's (same layout: copied) and from a wider one (8 bits a choice)
  for (const by of [
    new GenotypePacker(space.cardinalities),
    new GenotypePacker(new Uint8Array(32).fill(255)),
  ]) {
    const store = new Uint8Array(by.bytesFor(archs.length));
    for (let i = 0; i < archs.length; i++) by.pack(archs[i], store, i * by.bytes);
    const set = MemberSet.fromAscendingKeys(space, keys.slice(), (sink) => {
      for (let i = 0; i < archs.length; i++) sink.putPacked(space.key(archs[i]), store, i * by.bytes, by);
    });
    assert.deepEqual(set.packedGenotypes(), expected, `${by.bytes} bytes a genotype`);
  }
  const outsider = distinct(space, 501, 4)[500];
  assert.throws(
    () => MemberSet.fromAscendingKeys(space, keys.slice(), (sink) => sink.put(space.key(outsider), outsider)),
    /is not a member/,
  );
});

test("genotypes space file streamed in blocks: the bytes built without a member set, any member order", () => {
  // 40,000 members: past one block of 32,768, so the file is written in two chunks of payload
  const space = new CategoricalSpace(MIXED);
  const archs = distinct(space, 40_000, 5);
  const payload = expectedPayload(space, archs);
  const set = MemberSet.from(space, archs); // insertion order, not key order
  const file = encodeSpaceFile(set, { seed: 5 });
  const nl = file.indexOf(10);
  const header = JSON.parse(new TextDecoder().decode(file.subarray(0, nl)));
  assert.equal(header.payload, "genotypes");
  assert.equal(header.count, "40000");
  assert.equal(header.checksum, payloadChecksum(payload));
  assert.deepEqual(file.subarray(nl + 1), payload);
  // the chunk sequence can be read twice, and a set already sorted gives the same bytes
  const chunks = encodeSpaceFileChunks(set.sorted(), { seed: 5 });
  for (let pass = 0; pass < 2; pass++) {
    const parts: Uint8Array[] = [];
    for (const c of chunks) parts.push(c.slice());
    assert.equal(parts.length, 3, "header + two blocks");
    assert.deepEqual(Buffer.concat(parts), Buffer.from(file));
  }
});
