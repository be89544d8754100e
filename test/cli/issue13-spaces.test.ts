import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { sharedData } from "../helpers.js";
import { expectError, runCli } from "./run.js";

const cora = sharedData("nas-bench-graph/cora.csv");
const spike = sharedData("spikenas/spikenas_summary.csv");
const nb301 = sharedData("naslib-zc-partial/zc_nasbench301.json");
const micro = sharedData("naslib-zc-partial/zc_transbench101_micro.json");
const macro = sharedData("naslib-zc-partial/zc_transbench101_macro.json");
const dir = mkdtempSync(join(tmpdir(), "lissnas-issue13-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The full-table spaces: the data options that read them as shipped. */
const FULL = [
  { name: "nbgraph", file: cora, args: ["--space", "nbgraph", "--data", cora.path, "--metric", "test_perf"] },
  {
    name: "spikenas",
    file: spike,
    args: ["--space", "spikenas", "--data", spike.path, "--where", "dataset=CIFAR10", "--metric", "test_acc"],
  },
];

test("info --space nbgraph on cora.csv reports the benchmark's 26,206 architectures", {
  skip: cora.skip,
}, async () => {
  const r = await runCli([
    "info",
    "--space",
    "nbgraph",
    "--data",
    cora.path,
    "--metric",
    "test_perf",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.architectures, 26206);
  assert.equal(out.uniqueGraphs, 26206);
  assert.equal(out.spaceUniqueGraphs, 26206);
});

test("info reads spikenas with --where and NASLib's zero-cost JSON with --task", async (t) => {
  await t.test("spikenas", { skip: spike.skip }, async () => {
    const r = await runCli(["info", ...FULL[1].args, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.architectures, 15625);
    assert.equal(out.best.value, 89.3);
  });
  for (const [space, f, task, rows] of [
    ["darts", nb301, "cifar10", 725],
    ["transnas-micro", micro, "jigsaw", 711],
    ["transnas-macro", macro, "class_scene", 662],
  ] as const) {
    await t.test(`${space} --task ${task}`, { skip: f.skip }, async () => {
      const r = await runCli([
        "info",
        "--space",
        space,
        "--data",
        f.path,
        "--task",
        task,
        "--metric",
        "jacov",
        "--json",
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).architectures, rows);
    });
  }
  await t.test("a missing or unknown --task is one line naming the tasks", { skip: micro.skip }, async () => {
    await expectError(["info", "--space", "transnas-micro", "--data", micro.path], /choose one with --task/);
    await expectError(
      ["info", "--space", "transnas-micro", "--data", micro.path, "--task", "cifar10"],
      /--task 'cifar10' is not in .*class_scene/,
    );
  });
  await t.test("a file of another space is one line naming the key", { skip: micro.skip }, async () => {
    await expectError(
      ["info", "--space", "darts", "--data", micro.path, "--task", "jigsaw"],
      /not a DARTS compact string/,
    );
  });
});

for (const space of FULL) {
  test(`shrink, search and locality run with defaults on ${space.name} (short budgets)`, {
    skip: space.file.skip,
  }, async () => {
    const out = join(dir, space.name);
    const s = await runCli(["shrink", ...space.args, "--budget", "40", "--out", out, "--quiet"]);
    assert.equal(s.code, 0, s.stderr);
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    assert.ok(metrics);
    const r = await runCli(["search", ...space.args, "--runs", "3", "--budget", "40", "--json", "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    const l = await runCli(["locality", ...space.args, "--walks", "40", "--json", "--quiet"]);
    assert.equal(l.code, 0, l.stderr);
  });
}

test("darts runs shrink on the synthetic landscape", async () => {
  const out = join(dir, "darts");
  const r = await runCli([
    "shrink",
    "--space",
    "darts",
    "--budget",
    "30",
    "--initial-samples",
    "200",
    "--max-iterations",
    "2",
    "--neighbour-limit",
    "300",
    "--out",
    out,
    "--quiet",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(join(out, "summary.md"), "utf8"), /Shrunk darts space \(SYNTHETIC landscape\)/);
});
