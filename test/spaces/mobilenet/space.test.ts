import assert from "node:assert/strict";
import { test } from "node:test";
import { MobileNetSpace } from "../../../src/spaces/mobilenet/space.js";
import { getSpace } from "../../../src/spaces/registry.js";
import { checkNeighbours, checkRoundTrip, checkUniformSampling } from "../chain-checks.js";

const fairnas = new MobileNetSpace();

test("fairnas/mobilenet: 19 layers × 6 choices, both ids registered", () => {
  assert.equal(fairnas.size(), 6n ** 19n);
  assert.equal(fairnas.maxEditDistance(), 19);
  assert.equal(getSpace("fairnas").id, "fairnas");
  assert.equal(getSpace("mobilenet").id, "mobilenet");
  assert.equal(getSpace("mobilenet").size(), 6n ** 19n);
});

test("fairnas: parse∘format round trip (property)", () => checkRoundTrip(fairnas));

test("fairnas: 95 neighbours = 19 × (6 − 1), valid, distinct, at distance 1", () =>
  checkNeighbours(fairnas, 19 * 5));

test("fairnas: uniform sampling (chi-square per layer)", () => checkUniformSampling(fairnas));

test("fairnas: a string of another space is refused in one line", () => {
  assert.throws(() => fairnas.parse("00311100202110202132"), /has 20 positions; fairnas has 19/);
  assert.throws(() => fairnas.parse("1010312031032054536"), /position 18 has choice '6'/);
});
