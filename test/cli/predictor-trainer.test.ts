import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { expectError, runCli } from "./run.js";
import { generatedTables, trainerCommand } from "./trainer-fixtures.js";

const t = generatedTables();
const common = ["predictor", "eval", "--space", "nb201", "--metric", "accuracy", "--seed", "2"];
const split = ["--train", "40", "--test", "60", "--rounds", "30", "--json"];

async function predictor(args: string[]) {
  const r = await runCli([...common, ...split, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return { text: r.stdout, json: JSON.parse(r.stdout) as Record<string, unknown> };
}

/** The JSON text without the fields that name the data source. */
function withoutSource(j: Record<string, unknown>): string {
  const { evaluator: _e, synthetic: _s, evaluation: _v, ...rest } = j;
  return JSON.stringify(rest, null, 2);
}

test("predictor eval --trainer: same split, same numbers, same JSON as --data on the same table (but the source)", async () => {
  const table = await predictor(["--data", t.csv]);
  const store = join(t.dir, "pred.db");
  const trained = await predictor(["--trainer", trainerCommand(t.json), "--workers", "3", "--store", store]);
  assert.equal(withoutSource(trained.json), withoutSource(table.json));
  assert.equal(table.json.evaluation, null);
  assert.equal(trained.json.train, 40);
  assert.equal(trained.json.test, 60);
  const ev = trained.json.evaluation as {
    evaluated: number;
    replayed: number;
    failed: number;
    workers: number;
  };
  // 100 genotypes drawn; isomorphic ones share one evaluation of their class
  assert.ok(ev.evaluated > 50 && ev.evaluated <= 100, `${ev.evaluated}`);
  assert.equal(ev.failed, 0);
  assert.equal(ev.workers, 3);
  assert.ok(Number.isFinite(trained.json.kendallTau as number));
  // another seed draws another split: the comparison above is not vacuous
  const other = await runCli([...common.slice(0, -1), "5", ...split, "--data", t.csv]);
  assert.notEqual(withoutSource(JSON.parse(other.stdout)), withoutSource(table.json));
  // rerun with the store: nothing asked of the trainer, same bytes
  const again = await predictor(["--trainer", trainerCommand(t.json), "--store", store]);
  assert.equal(withoutSource(again.json), withoutSource(trained.json));
  const ev2 = again.json.evaluation as { evaluated: number; replayed: number };
  assert.equal(ev2.evaluated, 0);
  assert.equal(ev2.replayed, ev.evaluated);
});

test("predictor eval --trainer: failed evaluations are dropped and counted; bad options are one-line errors", async () => {
  // a partial trainer table: the trainer answers `error` for the architectures it lacks
  const half = generatedTables((row) => row % 2 === 0);
  const r = await predictor(["--trainer", trainerCommand(half.json)]);
  const ev = r.json.evaluation as { failed: number };
  assert.ok(ev.failed > 0);
  assert.ok((r.json.train as number) + (r.json.test as number) < 100);
  await expectError(
    [...common, "--train", "10", "--trainer", trainerCommand(t.json)],
    /--trainer needs --test N/,
  );
  await expectError([...common, "--train", "10", "--test", "0", "--data", t.csv], /--test/);
  await expectError(
    [...common, "--train", "10000", "--test", "10000", "--data", t.csv],
    /--train 10000 \+ --test 10000 exceeds the 15625 architectures/,
  );
  await expectError(
    [...common, "--train", "10", "--test", "5", "--trainer", trainerCommand(t.json), "--eval-timeout", "-1"],
    /--eval-timeout/,
  );
});
