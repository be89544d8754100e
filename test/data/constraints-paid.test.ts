import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { buildFeasibility, chargePaid, cheapFeasibleTable } from "../../src/data/constraints.js";
import { loadTables } from "../../src/data/join.js";
import { QueryCounter } from "../../src/data/queries.js";
import { runCli, runJsonOut } from "../cli/run.js";
import { generated, writeCsv } from "./objective-fixtures.js";

// categorical:6x4 (4,096 architectures), acc and lat independent; lat uniform in [1, 10] ms
const g = generated(21, 6, 4);
const cols = { architecture: g.str, acc: g.acc, lat: g.lat };
const file = writeCsv("paid.csv", cols, 3);
const table = loadTables(file, g.space);

test("chargePaid: a paid-infeasible architecture costs its query and gets the given value; cheap ones are free", () => {
  const f = buildFeasibility(["lat<=4", "acc>=20"], ["acc"], g.space, table);
  assert.equal(f.hasPaid, true);
  const acc = (a: Uint8Array) => g.acc[g.str.indexOf(g.space.format(a))];
  const charged = chargePaid(acc, f, Number.NaN);
  const counter = new QueryCounter(g.space, charged);
  for (let i = 0; i < 50; i++) {
    const v = counter.evaluate(g.archs[i]);
    if (g.lat[i] <= 4) assert.equal(v, g.acc[i]);
    else assert.ok(Number.isNaN(v), `row ${i}`);
  }
  assert.equal(counter.queries, 50, "infeasible ones are charged like the others");
  // the cheap-feasible table keeps exactly the rows passing the cheap constraint (acc ≥ 20), lat unread
  const cheap = cheapFeasibleTable(table, f);
  assert.equal(cheap.rows, g.acc.filter((v) => v >= 20).length);
  // only cheap constraints: the objective is returned as it is
  const free = buildFeasibility(["lat<=4"], ["lat"], g.space, table);
  assert.equal(free.hasPaid, false);
  assert.equal(chargePaid(acc, free, Number.NaN), acc);
});

const shrink = async (data: string, extra: string[]) => {
  const out = mkdtempSync(join(tmpdir(), "lissnas-paid-"));
  const r = await runJsonOut(
    ["shrink", "--space", "categorical:6x4", "--data", data, "--metric", "acc", ...extra],
    out,
  );
  const queried = readFileSync(join(out, "queried.csv"), "utf8");
  return {
    json: JSON.parse(r.stdout),
    queried,
    space: readFileSync(join(out, "space.lissnas")),
    members: async () => {
      const m = await runCli(["members", "--members", join(out, "space.lissnas")]);
      assert.equal(m.code, 0, m.stderr);
      return m.stdout.trim().split("\n").slice(1);
    },
  };
};

test("shrink with a paid constraint: same queries as without it, infeasible queries charged, never kept", async () => {
  const free = await shrink(file, []);
  const paid = await shrink(file, ["--constraint", "lat<=4"]);
  assert.equal(paid.json.queries, free.json.queries, "the budget is spent the same");
  const rows = paid.queried.trim().split("\n").slice(1);
  const infeasible = rows
    .filter((l) => g.lat[g.str.indexOf(l.split(",")[0])] > 4)
    .map((l) => l.split(",")[0]);
  assert.ok(infeasible.length > 10, `only ${infeasible.length} infeasible queries`);
  assert.equal(paid.json.paidConstraints.infeasibleQueries, infeasible.length);
  const members = new Set((await paid.members()).map((l) => l.split(",")[0]));
  for (const a of infeasible) assert.ok(!members.has(a), `kept ${a}, queried and found infeasible`);
  // the metrics are over the feasible original space
  const feasible = g.lat.filter((v) => v <= 4).length;
  assert.equal(paid.json.original.size, feasible);
  assert.equal(paid.json.shrunk.size, paid.json.paidConstraints.membersFeasibleTruth);
  assert.ok(paid.json.shrunk.max <= Math.max(...g.acc.filter((_, i) => g.lat[i] <= 4)));
});

test("shrink with a paid constraint never reads it for an unqueried architecture: permuting those values changes nothing", async () => {
  const first = await shrink(file, ["--constraint", "lat<=4"]);
  const queried = new Set(
    first.queried
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[0]),
  );
  const open = g.str.map((s, i) => (queried.has(s) ? -1 : i)).filter((i) => i >= 0);
  const shuffled = Rng.fromSeed(5)
    .child("permute")
    .shuffle([...open]);
  const lat = [...g.lat];
  open.forEach((i, j) => {
    lat[i] = g.lat[shuffled[j]];
  });
  assert.notDeepEqual(lat, g.lat);
  const permuted = writeCsv("paid-permuted.csv", { ...cols, lat }, 3);
  const second = await shrink(permuted, ["--constraint", "lat<=4"]);
  assert.equal(second.queried, first.queried);
  // the space file's members (its header names the data file, which differs)
  assert.deepEqual(await second.members(), await first.members());
  assert.equal(second.json.queries, first.json.queries);
});

test("experiment with a paid constraint: every final is a feasible value, never above the best feasible", async () => {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-paid-exp-"));
  const cfg = join(dir, "exp.json");
  writeFileSync(
    cfg,
    JSON.stringify({
      output: "exp.results.json",
      runs: 3,
      seed: 0,
      budgets: [30, 60],
      // a paid constraint on the searched column itself: unconstrained, any search passes 50 at once
      problems: [
        { name: "acc", space: "categorical:6x4", data: file, metric: "acc", constraints: ["acc<=50"] },
      ],
      algorithms: [{ algo: "ls" }, { algo: "rs" }],
    }),
  );
  const r = await runCli(["experiment", cfg, "--json", "--quiet"]);
  assert.equal(r.code, 0, r.stderr);
  const best = Math.max(...g.acc.filter((v) => v <= 50));
  const cells = JSON.parse(r.stdout).cells;
  assert.equal(cells.length, 2);
  for (const cell of cells) {
    for (const b of cell.atBudgets) {
      assert.ok(
        Number.isFinite(b.final.mean) && b.final.mean <= best && b.final.mean > 40,
        `${cell.algorithm}@${b.budget}: ${b.final.mean}`,
      );
      assert.ok(b.regret.mean >= 0);
    }
  }
});
