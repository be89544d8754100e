import assert from "node:assert/strict";
import { test } from "node:test";
import { getSpace } from "../../../src/spaces/registry.js";
import { SPOS_CHOICES, SposSpace } from "../../../src/spaces/spos/space.js";
import { checkNeighbours, checkRoundTrip, checkUniformSampling } from "../chain-checks.js";

const spos = new SposSpace();

test("spos: 20 layers × 4 blocks, size 4^20, registered", () => {
  assert.equal(spos.genotypeLength, 20);
  assert.equal(spos.size(), 4n ** 20n);
  assert.equal(spos.maxEditDistance(), 20);
  assert.equal(getSpace("spos").id, "spos");
  assert.deepEqual([...SPOS_CHOICES], ["shuffle3x3", "shuffle5x5", "shuffle7x7", "xception"]);
  assert.ok(spos.capabilities.has("cost"));
});

test("spos: parse∘format round trip (property)", () => checkRoundTrip(spos));

test("spos: 60 neighbours = 20 layers × (4 − 1), valid, distinct, at distance 1", () =>
  checkNeighbours(spos, 20 * 3));

test("spos: uniform sampling (chi-square per layer)", () => checkUniformSampling(spos));

test("spos: bad strings give one-line errors", () => {
  assert.throws(() => spos.parse("0031110020211020213"), /has 19 positions; spos has 20/);
  assert.throws(() => spos.parse("00311100202110202134"), /position 19 has choice '4'/);
});
