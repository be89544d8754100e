import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { loadSpaceFile, payloadChecksum, readSpaceFileHeader, saveSpaceFile } from "../../src/shrink/file.js";
import { MemberSet } from "../../src/shrink/member-set.js";
import { ProductSubspace } from "../../src/shrink/product.js";
import { CategoricalSpace, macroSpace } from "../../src/spaces/categorical/space.js";
import { nb201 } from "../../src/spaces/nb201/space.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-shrink-file-"));

function randomSet(space: typeof nb201 | CategoricalSpace, n: number, seed: number): MemberSet {
  const rng = Rng.fromSeed(seed);
  const set = new MemberSet(space);
  while (set.count < n) set.add(space.sample(rng));
  return set;
}

test("member file round trip (keys payload): same members, same order as sorted(), same bytes", () => {
  const set = randomSet(nb201, 700, 1);
  const f = join(dir, "nb201.lissnas");
  saveSpaceFile(f, set, { seed: 1 });
  const back = loadSpaceFile(f, nb201);
  assert.ok(back instanceof MemberSet);
  const sorted = set.sorted();
  assert.equal(back.count, 700);
  assert.deepEqual(Array.from(back.keys()), Array.from(sorted.keys()));
  const h = readSpaceFileHeader(f);
  assert.equal(h.space, "nb201");
  assert.equal(h.payload, "keys");
  assert.equal(h.keyBytes, 2);
  assert.deepEqual(h.meta, { seed: 1 });
  // Saving the loaded set gives identical bytes; so does saving the same members added in another order.
  const f2 = join(dir, "nb201-again.lissnas");
  saveSpaceFile(f2, MemberSet.from(nb201, [...set].reverse()), { seed: 1 });
  assert.deepEqual(readFileSync(f2), readFileSync(f));
  // Sampling a loaded set behaves exactly like sampling the sorted original.
  const r1 = Rng.fromSeed(9);
  const r2 = Rng.fromSeed(9);
  for (let i = 0; i < 20; i++) assert.deepEqual(back.sample(r1), sorted.sample(r2));
});

test("member file round trip (genotypes payload) for a space without exact keys", () => {
  const space = new CategoricalSpace(new Array(40).fill(4), { id: "categorical:40x4" });
  const set = randomSet(space as never, 300, 2);
  const f = join(dir, "big.lissnas");
  saveSpaceFile(f, set);
  assert.equal(readSpaceFileHeader(f).payload, "genotypes");
  const back = loadSpaceFile(f, space) as MemberSet;
  assert.equal(back.count, 300);
  for (const a of set) assert.ok(back.has(a));
});

test("product file round trip", () => {
  const p = new ProductSubspace(macroSpace(), [[1, 2], [1, 2], [2], [0, 1, 2], [1], [1, 2], [2], [0, 2]]);
  const f = join(dir, "product.lissnas");
  saveSpaceFile(f, p);
  const back = loadSpaceFile(f, macroSpace());
  assert.ok(back instanceof ProductSubspace);
  assert.equal(back.size(), 48n);
  assert.deepEqual(
    back.allowed.map((l) => Array.from(l)),
    p.allowed.map((l) => Array.from(l)),
  );
});

test("unreadable, foreign, other-space, damaged files: one-line DataErrors", () => {
  const one = (fn: () => unknown, pattern: RegExp) => {
    assert.throws(fn, (e: unknown) => {
      assert.ok(e instanceof DataError, String(e));
      assert.equal((e as Error).message.split("\n").length, 1);
      assert.match((e as Error).message, pattern);
      return true;
    });
  };
  one(() => loadSpaceFile(join(dir, "missing.lissnas"), nb201), /cannot read the space file \(ENOENT\)/);
  const csv = join(dir, "table.csv");
  writeFileSync(csv, "a,b\n1,2\n");
  one(() => loadSpaceFile(csv, nb201), /not a lissnas space file/);
  const json = join(dir, "other.json");
  writeFileSync(json, '{"format":"something"}\n');
  one(() => loadSpaceFile(json, nb201), /not a lissnas space file/);
  const binary = join(dir, "binary.bin");
  writeFileSync(binary, Uint8Array.of(0xff, 0xfe, 0x00));
  one(() => loadSpaceFile(binary, nb201), /not a lissnas space file/);

  const f = join(dir, "nb201-src.lissnas");
  saveSpaceFile(f, randomSet(nb201, 50, 3));
  one(() => loadSpaceFile(f, macroSpace()), /holds a space of 'nb201', not 'macro' \(use --space nb201\)/);
  const bytes = readFileSync(f);
  const cut = join(dir, "truncated.lissnas");
  writeFileSync(cut, bytes.subarray(0, bytes.length - 3));
  one(() => loadSpaceFile(cut, nb201), /truncated or damaged/);
  const flipped = Uint8Array.from(bytes);
  flipped[flipped.length - 1] ^= 1;
  const bad = join(dir, "damaged.lissnas");
  writeFileSync(bad, flipped);
  one(() => loadSpaceFile(bad, nb201), /truncated or damaged/);
  // Keys that are not canonical, or repeated, with a valid checksum (a forged file).
  const forge = (keys: number[]) => {
    const payload = Uint8Array.from(keys.flatMap((k) => [k & 255, k >> 8]));
    const head = {
      ...readSpaceFileHeader(f),
      count: String(keys.length),
      checksum: payloadChecksum(payload),
    };
    delete head.meta;
    const file = join(dir, `forged-${keys.join("-")}.lissnas`);
    writeFileSync(file, Buffer.concat([Buffer.from(`${JSON.stringify(head)}\n`), payload]));
    return file;
  };
  const iso = nb201.parse("|avg_pool_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|");
  const nonCanon = nb201.code(iso);
  assert.notEqual(nb201.key(iso), nonCanon);
  one(() => loadSpaceFile(forge([nonCanon]), nb201), /is not a canonical key of nb201/);
  one(() => loadSpaceFile(forge([0, 0]), nb201), /repeats an earlier member/);
  one(() => loadSpaceFile(forge([0, 1]).replace(".lissnas", ".missing"), nb201), /ENOENT/);
});
