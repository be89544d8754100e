import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../../src/core/errors.js";
import { loadNb101Sample, NB101_SAMPLE_METRICS } from "../../../src/spaces/nb101/sample.js";
import { nb101 } from "../../../src/spaces/nb101/space.js";
import { sharedData } from "../../helpers.js";

const sample = sharedData("nb101-sample/data-1k.json");

test("loads the 1,000-cell sample as a table; every hash equals its key", { skip: sample.skip }, () => {
  const table = loadNb101Sample(sample.path);
  assert.equal(table.rows, 1000);
  assert.deepEqual(table.metrics, [...NB101_SAMPLE_METRICS]);
  const keys = table.textColumn("key");
  assert.equal(keys[0], "00005c142e6f48ac74fdcf73e3439874");
  for (let r = 0; r < table.rows; r++) {
    const a = table.archAt(r);
    assert.equal(nb101.hashHex(a), keys[r]);
    // any isomorphic copy finds the row
    assert.equal(table.rowOf(nb101.canonical(a)), r);
  }
  const acc = table.column("108_final_validation_accuracy");
  let best = 0;
  for (let r = 1; r < table.rows; r++) if (acc[r] > acc[best]) best = r;
  assert.equal(keys[best], "009a0f4922f1f1ef74542d849f60fbf2");
  assert.ok(Math.abs(acc[best] - 0.94671) < 1e-5);
  assert.equal(table.column("trainable_parameters")[0], 8555530);
});

test("malformed sample files give one-line DataErrors naming the file and field", () => {
  const dir = mkdtempSync(join(tmpdir(), "nb101-sample-"));
  const good = {
    key: ["0c6ab9bc5b9c9e0b2b5c9c1c1c7e5d2a"],
    adjacency: [
      [
        [0, 1, 0, 0, 0, 0, 0],
        [0, 0, 1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
        ...Array(4).fill([0, 0, 0, 0, 0, 0, 0]),
      ],
    ],
    operations: [[-1, 0, -2, -3, -3, -3, -3]],
    "4_final_validation_accuracy": [0.1],
    "12_final_validation_accuracy": [0.2],
    "36_final_validation_accuracy": [0.3],
    "108_final_validation_accuracy": [0.4],
    final_training_time: [100],
    trainable_parameters: [1000],
  };
  good.key[0] = nb101.hashHex(nb101.parse("adj=010/001/000;ops=input,conv3x3,output"));
  const write = (name: string, data: unknown) => {
    const f = join(dir, name);
    writeFileSync(f, typeof data === "string" ? data : JSON.stringify(data));
    return f;
  };
  assert.equal(loadNb101Sample(write("good.json", good)).rows, 1);
  const cases: Array<[string, unknown, RegExp]> = [
    ["syntax.json", "{", /malformed JSON/],
    ["array.json", [], /expected a JSON object of columns/],
    ["nokey.json", { ...good, key: undefined }, /field 'key': missing column/],
    ["short.json", { ...good, operations: [] }, /field 'operations': 0 values for 1 keys/],
    ["badkey.json", { ...good, key: ["zz"] }, /field 'key': row 0: not a 32-hex-digit hash/],
    [
      "ops.json",
      { ...good, operations: [[-1, 7, -2, -3, -3, -3, -3]] },
      /field 'operations': row 0: bad value 7/,
    ],
    ["order.json", { ...good, operations: [[0, -1, -2, -3, -3, -3, -3]] }, /field 'operations'/],
    [
      "lower.json",
      {
        ...good,
        adjacency: [[[0, 1, 0, 0, 0, 0, 0], [1, 0, 1, 0, 0, 0, 0], ...Array(5).fill([0, 0, 0, 0, 0, 0, 0])]],
      },
      /not upper-triangular/,
    ],
    [
      "pad.json",
      {
        ...good,
        adjacency: [[[0, 1, 0, 1, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0], ...Array(5).fill([0, 0, 0, 0, 0, 0, 0])]],
      },
      /padding vertex/,
    ],
    ["shape.json", { ...good, adjacency: [[[0, 1]]] }, /field 'adjacency': row 0: expected a 7×7 matrix/],
    [
      "hash.json",
      { ...good, key: ["0".repeat(32)] },
      /field 'key': row 0: the cell's hash is [0-9a-f]{32}, not 0{32}/,
    ],
    [
      "metric.json",
      { ...good, final_training_time: ["x"] },
      /field 'final_training_time': row 0: "x" is not a finite number/,
    ],
  ];
  for (const [name, data, re] of cases) {
    const f = write(name, data);
    assert.throws(
      () => loadNb101Sample(f),
      (e: Error) =>
        e instanceof DataError && e.message.startsWith(f) && re.test(e.message) && !e.message.includes("\n"),
      name,
    );
  }
  assert.throws(() => loadNb101Sample(join(dir, "missing.json")), /no such file/);
});

test("cost: parameters equal the sample's trainable_parameters for all 1,000 cells", {
  skip: sample.skip,
}, () => {
  const table = loadNb101Sample(sample.path);
  const params = table.column("trainable_parameters");
  for (let r = 0; r < table.rows; r++) {
    const a = table.archAt(r);
    const c = nb101.cost(a, "cifar10");
    assert.equal(Math.round(c.mparams * 1e6), params[r], `row ${r}`);
    assert.ok(c.mflops > 0);
    // the channel split depends on the vertex order, as in nasbench: an isomorphic copy can differ a little
    const other = nb101.cost(nb101.canonical(a), "cifar10");
    assert.ok(Math.abs(other.mparams - c.mparams) / c.mparams < 0.1);
  }
});

test("cost: cifar10 only; the bare input→output cell is the stem, 9 projections and the classifier", () => {
  assert.throws(() => nb101.cost(nb101.parse("adj=01/00;ops=input,output"), "cifar100"), /cifar10 only/);
  const c = nb101.cost(nb101.parse("adj=01/00;ops=input,output"), "CIFAR10");
  const stem = 27 * 128 + 256;
  const proj = (a: number, b: number) => a * b + 2 * b;
  const cells =
    3 * proj(128, 128) + proj(128, 256) + 2 * proj(256, 256) + proj(256, 512) + 2 * proj(512, 512);
  assert.equal(Math.round(c.mparams * 1e6), stem + cells + 512 * 10 + 10);
});
