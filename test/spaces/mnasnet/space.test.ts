import assert from "node:assert/strict";
import { test } from "node:test";
import { loadAccelNasBench } from "../../../src/data/formats/accel-nasbench.js";
import { MnasNetSpace } from "../../../src/spaces/mnasnet/space.js";
import { getSpace } from "../../../src/spaces/registry.js";
import { sharedData } from "../../helpers.js";
import { checkNeighbours, checkRoundTrip, checkUniformSampling } from "../chain-checks.js";

const space = new MnasNetSpace();
const anb = sharedData("accel-nasbench/anb_dataset.csv");
const B0 = "e1k3l1se-e6k3l2se-e6k5l2se-e6k3l3se-e6k5l3se-e6k5l4se-e6k3l1se";

test("mnasnet: 7 blocks × (3 e · 2 k · 4 l · 2 se) = 48^7 networks, 28 decisions", () => {
  assert.equal(space.size(), 48n ** 7n);
  assert.equal(space.genotypeLength, 28);
  assert.equal(space.maxEditDistance(), 28);
  assert.equal(getSpace("mnasnet").id, "mnasnet");
  assert.equal(space.format(space.parse(B0)), B0);
});

test("mnasnet: parse∘format round trip (property)", () => checkRoundTrip(space));

test("mnasnet: 49 neighbours = 7 × ((3−1)+(2−1)+(4−1)+(2−1)), valid, distinct, at distance 1", () =>
  checkNeighbours(space, 7 * (2 + 1 + 3 + 1)));

test("mnasnet: uniform sampling (chi-square per decision)", () => checkUniformSampling(space));

test("mnasnet: bad strings name the block and the value", () => {
  assert.throws(() => space.parse(B0.replace("e1k3l1se", "e3k3l1se")), /block 0 has expansion 3/);
  assert.throws(() => space.parse(B0.replace("-e6k3l1se", "")), /has 6 blocks; mnasnet has 7/);
  assert.throws(() => space.parse(B0.replace("e6k3l2se", "e6k3x2")), /block 1 'e6k3x2' does not read/);
});

test("mnasnet: every row of Accel-NASBench reads, its block columns round-trip, repeats are averaged", {
  skip: anb.skip,
}, () => {
  const t = loadAccelNasBench(anb.path, space);
  // 5,138 runs of 5,125 distinct networks: 13 were trained twice (counted independently with Python's
  // csv module over the 28 block columns)
  assert.equal(t.rows, 5125);
  const repeats = t.column("repeats");
  assert.equal(
    repeats.reduce((s, v) => s + v, 0),
    5138,
  );
  assert.equal(repeats.filter((v) => v === 2).length, 13);
  const archText = t.textColumn("arch");
  for (let r = 0; r < t.rows; r++) {
    const a = t.archAt(r);
    assert.equal(space.format(space.parse(archText[r])), archText[r]);
    assert.deepEqual(space.parse(space.format(a)), a);
    assert.equal(t.rowOf(a), r);
  }
  assert.ok(t.metrics.includes("val_top1") && t.metrics.includes("macs_M") && t.metrics.includes("params_M"));
  // row 0 of the shipped file (SOURCE.md) is result_0.json, repeated as result_443.json (59.368, 59.248)
  assert.equal(archText[0], "e6k3l1-e4k5l2-e6k3l3-e6k5l3-e6k5l2-e1k3l2-e1k3l2");
  assert.equal(t.textColumn("file")[0], "result_0.json;result_443.json");
  assert.ok(Math.abs(t.column("val_top1")[0] - (59.368 + 59.248) / 2) < 1e-9);
  assert.equal(t.column("repeats")[1], 2);
});
