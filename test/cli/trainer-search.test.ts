import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { expectError, runCli } from "./run.js";
import { generatedTables, trainerCommand } from "./trainer-fixtures.js";

const t = generatedTables();

/** What must agree between a trainer run and a table run: the trajectory and its accounting. */
function trajectory(j: Record<string, unknown>) {
  const r = j as {
    final: unknown;
    anytime: unknown;
    perRun: unknown;
    perRunResults: Array<Record<string, unknown>>;
  };
  return {
    final: r.final,
    anytime: r.anytime,
    perRun: r.perRun,
    runs: r.perRunResults.map((x) => [x.queries, x.repeats, x.isomorphs, x.finalSearch, x.bestArch]),
  };
}

async function search(args: string[]) {
  const r = await runCli([
    "search",
    "--space",
    "nb201",
    "--metric",
    "accuracy",
    "--json",
    "--per-run",
    ...args,
  ]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** A 5-query `search` command line on the fixture trainer `trainer`, with `extra` options. */
const trainerSearch = (trainer: string, ...extra: string[]) => [
  "search",
  "--space",
  "nb201",
  "--metric",
  "accuracy",
  "--budget",
  "5",
  ...extra,
  "--trainer",
  trainer,
];

test("issue #11 done-when: ls --workers 1 with the fixture trainer and a store equals --data on the same numbers", async () => {
  const common = ["--algo", "ls", "--budget", "60", "--runs", "1", "--seed", "3"];
  const table = await search([...common, "--data", t.csv]);
  const store = join(t.dir, "s.db");
  const trained = await search([
    ...common,
    "--trainer",
    trainerCommand(t.json),
    "--workers",
    "1",
    "--store",
    store,
  ]);
  assert.equal(trained.perRunResults[0].finalSearch, table.perRunResults[0].finalSearch);
  assert.equal(trained.perRunResults[0].queries, table.perRunResults[0].queries);
  assert.equal(trained.perRunResults[0].queries, 60);
  assert.deepEqual(trajectory(trained), trajectory(table));
  assert.equal(trained.evaluation.evaluated, 60);
  assert.equal(trained.evaluation.failed, 0);
  assert.match(trained.evaluation.evaluator, /^trainer: /);
  assert.equal(table.evaluation, null);
  // rerun with the store: every evaluation replayed, none asked of the trainer
  const again = await search([...common, "--trainer", trainerCommand(t.json), "--store", store]);
  assert.deepEqual(trajectory(again), trajectory(trained));
  assert.equal(again.evaluation.evaluated, 0);
  assert.equal(again.evaluation.replayed, 60);
});

test("same trajectory with --workers 1 for the trainer and the table: rs, re, ls-full, 3 runs", async () => {
  for (const algo of ["rs", "re", "ls-full"]) {
    const common = ["--algo", algo, "--budget", "40", "--runs", "3", "--seed", "5"];
    if (algo === "re") common.push("--population", "10", "--sample-size", "3");
    const table = await search([...common, "--data", t.csv]);
    const trained = await search([...common, "--trainer", trainerCommand(t.json)]);
    assert.deepEqual(trajectory(trained), trajectory(table), algo);
  }
});

test("--workers 4 with a table runs the batch variants (deterministic; another trajectory than --workers 1 for ls)", async () => {
  const common = ["--algo", "ls", "--budget", "60", "--runs", "4", "--seed", "2", "--data", t.csv];
  const w4 = await search([...common, "--workers", "4"]);
  const again = await search([...common, "--workers", "4"]);
  const w1 = await search(common);
  assert.deepEqual(trajectory(w4), trajectory(again));
  assert.notDeepEqual(trajectory(w4), trajectory(w1));
  assert.equal(w4.perRun.queries, 60);
  const trained = await search([
    "--algo",
    "ls",
    "--budget",
    "60",
    "--runs",
    "4",
    "--seed",
    "2",
    "--trainer",
    trainerCommand(t.json),
    "--workers",
    "4",
  ]);
  assert.deepEqual(trajectory(trained), trajectory(w4));
});

test("evaluation options: one-line errors", async () => {
  await expectError(
    ["search", "--budget", "5", "--data", t.csv, "--trainer", trainerCommand(t.json), "--metric", "accuracy"],
    /--trainer and --data exclude each other/,
  );
  await expectError(
    ["search", "--budget", "5", "--trainer", trainerCommand(t.json)],
    /--trainer needs --metric/,
  );
  await expectError(
    ["search", "--budget", "5", "--data", t.csv, "--store", join(t.dir, "x.db")],
    /--store needs/,
  );
  await expectError(["search", "--budget", "5", "--workers", "0"], /--workers must be an integer/);
});

test("locality with the fixture trainer equals locality on the same numbers (walks evaluated in one round)", async () => {
  const common = [
    "locality",
    "--space",
    "nb201",
    "--metric",
    "accuracy",
    "--walks",
    "40",
    "--no-exact",
    "--json",
  ];
  const table = await runCli([...common, "--data", t.csv]);
  assert.equal(table.code, 0, table.stderr);
  const trained = await runCli([...common, "--trainer", trainerCommand(t.json), "--workers", "2"]);
  assert.equal(trained.code, 0, trained.stderr);
  const strip = (text: string) => {
    const { evaluator: _a, evaluation: _b, ...rest } = JSON.parse(text);
    return rest;
  };
  assert.deepEqual(strip(trained.stdout), strip(table.stdout));
  const ev = JSON.parse(trained.stdout).evaluation;
  assert.ok(ev.evaluated > 40, `${ev.evaluated} evaluations`);
  assert.ok(ev.replays <= 1, `${ev.replays} replays`);
});

test("search --trainer --constraint flops<=B never trains a network above B (the canonical one it sends), and says so", async () => {
  const bound = 60;
  const common = ["--algo", "ls", "--budget", "40", "--runs", "2", "--seed", "5"];
  const flops = (arch: string) => nb201.cost!(nb201.parse(arch), "cifar10").mflops;
  const trainedArchs = async (constraint: string[]) => {
    const log = join(t.dir, `log-${constraint.length}.txt`);
    const j = await search([...common, ...constraint, "--trainer", trainerCommand(t.json, "--log", log)]);
    const archs = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(" ")[0]);
    return { j, archs };
  };
  const constrained = await trainedArchs(["--constraint", `flops<=${bound}`]);
  assert.deepEqual(constrained.j.constraints, [`flops<=${bound}`]);
  assert.equal(constrained.j.perRunResults[0].queries, 40);
  assert.ok(constrained.archs.length >= 40, `${constrained.archs.length} trained`);
  for (const a of constrained.archs) assert.ok(flops(a) <= bound, `${a}: ${flops(a)} MFLOPs trained`);
  assert.ok(flops(constrained.j.best.arch) <= bound);
  // positive control: unconstrained, the same search trains networks above the bound
  const free = await trainedArchs([]);
  assert.ok(free.archs.some((a) => flops(a) > bound));
  assert.equal(free.j.constraints, undefined);
});

test("--constraint with a trainer: a column the space cannot compute, or a command that cannot apply it, is one line before any training", async () => {
  const log = join(t.dir, "never.txt");
  const trainer = trainerCommand(t.json, "--log", log);
  await expectError(
    trainerSearch(trainer, "--constraint", "latency<=5"),
    /--constraint 'latency<=5': unknown column 'latency' \(known: flops, params\)/,
  );
  for (const command of [
    ["shrink", "--out", join(t.dir, "o-shrink")],
    ["locality", "--no-exact"],
  ]) {
    await expectError(
      [
        ...command,
        "--space",
        "nb201",
        "--metric",
        "accuracy",
        "--trainer",
        trainer,
        "--constraint",
        "flops<=60",
      ],
      /--constraint is not supported with an asynchronous evaluator \(--trainer\) here/,
    );
  }
  assert.equal(existsSync(log), false);
});

test("search --trainer --target T --until-optimum stops at the target, as the table search on the same numbers does", async () => {
  const common = ["--algo", "rs", "--budget", "300", "--runs", "3", "--seed", "5"];
  // the target: an architecture run 0 of the same search queries (its best), so at least that run reaches it
  const free = await search([...common, "--data", t.csv]);
  const target = free.perRunResults[0].bestArch as string;
  common.push("--until-optimum");
  const table = await search([...common, "--target", target, "--data", t.csv]);
  const trained = await search([...common, "--target", target, "--trainer", trainerCommand(t.json)]);
  assert.deepEqual(trajectory(trained), trajectory(table));
  assert.deepEqual(trained.queriesToOptimum, table.queriesToOptimum);
  assert.ok(trained.stops.optimum > 0, JSON.stringify(trained.stops));
  // without --target a trained space has no known optimum: one line, before any training
  await expectError(
    trainerSearch(trainerCommand(t.json), "--until-optimum"),
    /--until-optimum needs a known optimum: a table \(--data\), or --target ARCH with --trainer/,
  );
  for (const [flag, pattern] of [
    [
      ["--seconds-column", "sec"],
      /--seconds-column reads a table's simulated seconds \(--data\); not with --trainer/,
    ],
    [
      ["--threads", "2"],
      /--threads runs table searches in worker threads; with --trainer the runs share its --workers/,
    ],
  ] as const) {
    await expectError(trainerSearch(trainerCommand(t.json), ...flag), pattern);
  }
});
