import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { codeReader, TableEvaluator } from "../../src/data/evaluator.js";
import { QueryCounter } from "../../src/data/queries.js";
import { BenchmarkTable } from "../../src/data/table.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import type { Arch } from "../../src/spaces/space.js";

// Issue 17: a table objective also reads by raw genotype code (`byCode`), and QueryCounter uses it for the
// code the search already holds. These tests hold it to the plain objective and check that it is taken.

const all = [...nb201.enumerate()];
const value = (a: Arch) => nb201.code(a) * 0.001 + (a[3] === 0 ? 7 : 0);

function fullTable(): BenchmarkTable {
  const t = new BenchmarkTable(nb201, "full.csv", all);
  t.setNumeric("acc", Float64Array.from(all, value));
  return t;
}

test("byCode(code, a) is the objective's value for every NB201 cell; other spaces get no reader", () => {
  const f = new TableEvaluator(fullTable()).objective("acc");
  const byCode = codeReader(f, nb201);
  assert.ok(byCode);
  for (const a of all) assert.equal(byCode(nb201.code(a), a), f(a));
  assert.equal(codeReader(f, { ...nb201 } as typeof nb201), undefined);
  assert.equal(
    codeReader((a) => f(a), nb201),
    undefined,
  );
});

test("QueryCounter reads a table by code: same values and counts as the plain objective, no rowOf", () => {
  const t = fullTable();
  const f = new TableEvaluator(t).objective("acc");
  const fast = new QueryCounter(nb201, f, f, { budget: 400 });
  const plain = new QueryCounter(
    nb201,
    (a) => f(a),
    (a) => f(a),
    { budget: 400 },
  );
  let rowOfCalls = 0;
  const rowOf = t.rowOf.bind(t);
  t.rowOf = (a: Arch) => {
    rowOfCalls++;
    return rowOf(a);
  };
  const rng = Rng.fromSeed(5);
  for (let i = 0; i < 600; i++) {
    const a = all[rng.int(all.length)];
    if (plain.queries >= 400 && !plain.has(a)) continue;
    assert.equal(fast.evaluate(a), plain.evaluate(a));
  }
  assert.deepEqual(
    [fast.queries, fast.repeats, fast.isomorphs, fast.simulatedSeconds],
    [plain.queries, plain.repeats, plain.isomorphs, plain.simulatedSeconds],
  );
  assert.ok(fast.isomorphs > 0 && fast.queries === 400);
  const plainCalls = rowOfCalls; // the plain counter's calls (through f)
  rowOfCalls = 0;
  fast.reset();
  for (let i = 0; i < 50; i++) fast.evaluate(all[i * 97]);
  assert.equal(rowOfCalls, 0, "the fast counter never re-codes a genotype to find its row");
  assert.ok(plainCalls > 0);
});

test("byCode falls back to the plain lookup: a partial table's isomorph, a missing value's message", () => {
  // only canonical representatives: another genotype of a class is found through its class (classRow)
  const reps = all.filter((a) => nb201.key(a) === nb201.code(a));
  const t = new BenchmarkTable(nb201, "reps.csv", reps);
  const acc = Float64Array.from(reps, value);
  acc[3] = Number.NaN;
  t.setNumeric("acc", acc);
  const f = new TableEvaluator(t).objective("acc");
  const byCode = codeReader(f, nb201)!;
  const iso = all.find((a) => nb201.key(a) !== nb201.code(a) && nb201.key(a) !== nb201.code(reps[3]))!;
  assert.equal(byCode(nb201.code(iso), iso), f(iso));
  assert.throws(() => byCode(nb201.code(reps[3]), reps[3]), /row 3 has no value in column 'acc'/);
});
