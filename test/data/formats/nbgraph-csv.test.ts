import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadTable } from "../../../src/data/loaders.js";
import { nbgraphSpace } from "../../../src/spaces/nbgraph/space.js";
import { getSpace } from "../../../src/spaces/registry.js";
import { spikenas } from "../../../src/spaces/spikenas/space.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-nbg-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const s = nbgraphSpace();
const HEAD = "hash,link,ops,valid_perf,test_perf,latency,params_M";

function fixture(name: string, lines: string[]): string {
  const f = join(dir, name);
  writeFileSync(f, `${lines.join("\n")}\n`);
  return f;
}
const oneLine = (re: RegExp) => (e: Error) => re.test(e.message) && !e.message.includes("\n");

test("NAS-Bench-Graph CSV: rows built from link + ops, hash checked, other columns metrics", () => {
  const f = fixture("ok.csv", [
    HEAD,
    "0,0 0 0 0,gat gat gat gat,0.7,0.8,0.005,1.7",
    "14,0 0 0 0,gat gat gcn sage,0.6,0.7,0.004,1.5",
  ]);
  const t = loadTable(f, s);
  assert.equal(t.rows, 2);
  assert.deepEqual(t.metrics, ["hash", "valid_perf", "test_perf", "latency", "params_M"]);
  assert.equal(t.officialIndex(1), 14);
  // Any spelling of a class finds its row.
  assert.equal(t.rowOf(s.parse("0-0-0-0:sage-gcn-gat-gat")), 1);
  assert.equal(t.rowOf(s.parse("0-0-0-0:gcn-gcn-gcn-gcn")), -1);
});

test("NAS-Bench-Graph CSV: wrong hash, unknown op, missing column, duplicate class → one line with file and line", () => {
  const wrong = fixture("hash.csv", [HEAD, "15,0 0 0 0,gat gat gcn sage,0.6,0.7,0.004,1.5"]);
  assert.throws(
    () => loadTable(wrong, s),
    oneLine(/hash\.csv, line 2, field 'hash': hash 15 is not the benchmark's valid_hash 14/),
  );
  const op = fixture("op.csv", [HEAD, "14,0 0 0 0,gat gat gcn conv,0.6,0.7,0.004,1.5"]);
  assert.throws(
    () => loadTable(op, s),
    oneLine(/op\.csv, line 2, field 'link\/ops'.*unknown operation 'conv'/),
  );
  const col = fixture("col.csv", ["hash,link,valid_perf", "0,0 0 0 0,0.5"]);
  assert.throws(() => loadTable(col, s), oneLine(/no 'ops' column/));
  const dup = fixture("dup.csv", [
    HEAD,
    "14,0 0 0 0,gat gat gcn sage,0.6,0.7,0.004,1.5",
    "14,0 0 0 0,sage gcn gat gat,0.6,0.7,0.004,1.5",
  ]);
  assert.throws(() => loadTable(dup, s), oneLine(/repeats row 0/));
});

test("SpikeNAS summary: the architecture column is found by its own name; --arch-column still wins", () => {
  const f = fixture("spike.csv", [
    "dataset,arch_id,enc_base5_edge0to5,edges,test_acc",
    "CIFAR10,2,2-0-0-0-0-0,0-1:lif_conv3x3_low 0-2:zero 0-3:zero 1-2:zero 1-3:zero 2-3:zero,10.0",
    "CIFAR10,5,0-1-0-0-0-0,0-1:zero 0-2:skip 0-3:zero 1-2:zero 1-3:zero 2-3:zero,11.5",
  ]);
  const t = loadTable(f, spikenas);
  assert.equal(t.rows, 2);
  assert.deepEqual([...t.column("arch_id")], [2, 5]);
  assert.equal(spikenas.code(t.archAt(1)), 5);
  const byEdges = loadTable(f, spikenas, { archColumn: "edges" });
  assert.deepEqual(byEdges.archAt(0), t.archAt(0));
});

test("load options a format does not read are one-line errors: --arch-column on NAS-Bench-Graph, --task on a CSV", () => {
  const f = fixture("opts.csv", [HEAD, "0,0 0 0 0,gat gat gat gat,0.7,0.8,0.005,1.7"]);
  assert.throws(
    () => loadTable(f, s, { archColumn: "link" }),
    oneLine(/opts\.csv: --arch-column does not apply to NAS-Bench-Graph's CSV/),
  );
  assert.throws(
    () => loadTable(f, s, { task: "cora" }),
    oneLine(/opts\.csv: --task does not apply to a CSV table/),
  );
  // the options it reads still work
  assert.equal(loadTable(f, s, { where: { column: "link", value: "0 0 0 0" } }).rows, 1);
  const m = join(dir, "macro.json");
  writeFileSync(m, JSON.stringify({ "00000000": { mean_acc: 90, params: 1, flops: 2 } }));
  for (const [o, flag] of [
    [{ where: { column: "a", value: "b" } }, "--where"],
    [{ archColumn: "a" }, "--arch-column"],
    [{ task: "cifar10" }, "--task"],
    [{ allowNonfinite: true }, "--allow-nonfinite"],
  ] as const) {
    assert.throws(
      () => loadTable(m, getSpace("macro"), o),
      oneLine(new RegExp(`macro\\.json: ${flag} does not apply to a NAS-Bench-Macro JSON`)),
    );
  }
  // NASLib's zero-cost JSON reads --task only; the NB101 sample's JSON reads none (checked before reading)
  const zc = join(dir, "absent-zc.json");
  assert.throws(
    () => loadTable(zc, getSpace("nb201"), { where: { column: "a", value: "b" }, task: "cifar10" }),
    oneLine(/absent-zc\.json: --where does not apply to NASLib's zero-cost JSON/),
  );
  assert.throws(
    () => loadTable(join(dir, "absent-101.json"), getSpace("nb101"), { task: "cifar10" }),
    oneLine(/absent-101\.json: --task does not apply to the NB101 sample's JSON/),
  );
});
