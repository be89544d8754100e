import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { readCsv } from "../../../src/data/csv.js";
import { loadTable } from "../../../src/data/loaders.js";
import { nb201 } from "../../../src/spaces/nb201/space.js";
import { transnasMicro } from "../../../src/spaces/transnas/micro.js";
import { sharedData } from "../../helpers.js";

const zc201 = sharedData("naslib-zc-partial/zc_nasbench201.json");
const flat = sharedData("naslib-zc-partial/zc_nasbench201_flat.csv");
const dir = mkdtempSync(join(tmpdir(), "lissnas-zc-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name: string, data: string): string {
  const f = join(dir, name);
  writeFileSync(f, data);
  return f;
}

test("NB201 keys (NASLib's op and edge order) become the NB201 cells of the derived flat file", {
  skip: zc201.skip || flat.skip,
}, () => {
  const rows = readCsv(flat.path);
  const h = (c: string) => rows.header.indexOf(c);
  for (const task of ["cifar10", "cifar100", "ImageNet16-120"]) {
    const t = loadTable(zc201.path, nb201, { task });
    const mine = rows.records.filter((r) => r[h("dataset")] === task);
    assert.equal(t.rows, mine.length, task);
    const acc = t.column("val_accuracy");
    for (const r of mine) {
      const row = t.rowOf(nb201.parse(r[h("arch_str")]));
      assert.ok(row >= 0, r[h("arch_str")]);
      assert.equal(acc[row], Number(r[h("val_accuracy")]));
    }
  }
  // Python's -Infinity scores are read, not refused.
  const nwot = loadTable(zc201.path, nb201, { task: "cifar10" }).column("nwot");
  assert.ok(nwot.some((v) => v === Number.NEGATIVE_INFINITY));
});

test("a generated file: columns, ±Infinity/NaN, task choice and one-line errors", () => {
  const entry = (acc: string, syn: string) =>
    `{"idx": "1", "arch": "x", "flops": {"score": 10.5, "time": 0.1}, "val_accuracy": ${acc}, "params": {"score": 0.5, "time": 0.1}, "synflow": {"score": ${syn}, "time": 0.2}}`;
  const one = fixture(
    "one.json",
    `{"jigsaw": {"(1, 0, 2, 3, 3, 3)": ${entry("50.5", "-Infinity")}, "(0, 0, 0, 0, 0, 1)": ${entry("10", "NaN")}}}`,
  );
  const t = loadTable(one, transnasMicro);
  assert.deepEqual(t.metrics, ["val_accuracy", "flops", "params", "synflow"]);
  assert.deepEqual([...t.column("synflow")], [Number.NEGATIVE_INFINITY, Number.NaN]);
  assert.deepEqual([...t.column("val_accuracy")], [50.5, 10]);
  assert.deepEqual(t.textColumn("idx"), ["1", "1"]);

  const two = fixture("two.json", `{"a": {"(1, 0, 2, 3, 3, 3)": ${entry("1", "1")}}, "b": {}}`);
  const oneLine = (re: RegExp) => (e: Error) => re.test(e.message) && !e.message.includes("\n");
  assert.throws(() => loadTable(two, transnasMicro), oneLine(/holds tasks a, b: choose one with --task/));
  assert.throws(() => loadTable(two, transnasMicro, { task: "c" }), oneLine(/--task 'c' is not in/));
  assert.throws(() => loadTable(two, transnasMicro, { task: "b" }), oneLine(/task 'b' has no architectures/));
  const bad = fixture(
    "bad.json",
    `{"a": {"(1, 0, 2, 3, 3, 3)": ${entry("1", "1")}, "(1, 0, 2, 3, 3, 2)": ${entry('"x"', "1")}}}`,
  );
  assert.throws(() => loadTable(bad, transnasMicro), oneLine(/'val_accuracy' is not a number/));
  const badKey = fixture("key.json", `{"a": {"(1, 0, 2, 3, 3, 7)": ${entry("1", "1")}}}`);
  assert.throws(() => loadTable(badKey, transnasMicro), oneLine(/field 'key'.*op 7, not in 0\.\.3/));
  const dup = fixture(
    "dup.json",
    `{"a": {"(1, 0, 2, 3, 3, 3)": ${entry("1", "1")}, "64-41414-1_02_333": ${entry("1", "1")}}}`,
  );
  assert.throws(() => loadTable(dup, transnasMicro), oneLine(/repeats row 0/));
});
