import assert from "node:assert/strict";
import { test } from "node:test";
import { LissnasError } from "../../src/core/errors.js";
import { missingField, missingNote, withoutMissing } from "../../src/data/missing.js";
import { BenchmarkTable } from "../../src/data/table.js";
import { getSpace } from "../../src/spaces/registry.js";

const space = getSpace("categorical:2,3");
const archs = [...space.enumerate!()];
function table(acc: number[], lat: number[]): BenchmarkTable {
  const t = new BenchmarkTable(space, "t.csv", archs);
  t.setNumeric("acc", Float64Array.from(acc));
  t.setNumeric("lat", Float64Array.from(lat));
  return t;
}
const N = Number.NaN;

test("withoutMissing: rows lacking a value in any named column are left out, counted and mapped back", () => {
  const t = table([1, N, 3, 4, N, 6], [1, 2, N, 4, 5, 6]);
  const { table: kept, missing } = withoutMissing(t, ["acc", "lat:min", undefined]);
  assert.deepEqual(missing.columns, ["acc", "lat"]);
  assert.equal(missing.count, 3);
  assert.equal(missing.rows, 6);
  assert.deepEqual([...missing.kept!], [0, 3, 5]);
  assert.deepEqual([...kept.column("acc")], [1, 4, 6]);
  assert.deepEqual(
    [0, 1, 2].map((r) => space.format(kept.archAt(r))),
    [0, 3, 5].map((r) => space.format(archs[r])),
  );
  assert.deepEqual(missingField(missing), { missing: 3 });
  assert.equal(
    missingNote(missing),
    "missing 3 of 6 rows without a value in 'acc', 'lat' (left out of every statistic)",
  );
});

test("withoutMissing: a complete column keeps the table; an empty one is a one-line error naming it", () => {
  const t = table([1, 2, 3, 4, 5, 6], [N, N, N, N, N, N]);
  const full = withoutMissing(t, ["acc"]);
  assert.equal(full.table, t);
  assert.equal(full.missing.count, 0);
  assert.equal(missingNote(full.missing), null);
  assert.deepEqual(missingField(undefined), { missing: 0 });
  assert.throws(
    () => withoutMissing(t, ["lat"]),
    (e: Error) =>
      e instanceof LissnasError &&
      /t\.csv: no row has a value in column 'lat' \(all 6 missing\)/.test(e.message),
  );
  assert.throws(() => withoutMissing(t, ["nope:min"]), /no numeric column 'nope:min'/);
});
