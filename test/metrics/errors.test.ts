import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../src/core/errors.js";
import { mae } from "../../src/metrics/mae.js";
import { rmse } from "../../src/metrics/rmse.js";

test("mae and rmse by hand: errors [1, 0, 2] → MAE 1, RMSE √(5/3)", () => {
  assert.equal(mae([1, 2, 3], [2, 2, 5]), 1);
  assert.equal(rmse([1, 2, 3], [2, 2, 5]), Math.sqrt(5 / 3));
  assert.equal(mae([4], [4]), 0);
});

test("mae and rmse: empty input is NaN, mismatched or non-finite input is a usage error", () => {
  assert.ok(Number.isNaN(mae([], [])));
  assert.ok(Number.isNaN(rmse([], [])));
  assert.throws(() => mae([1, 2], [1]), UsageError);
  assert.throws(() => rmse([1, Number.NaN], [1, 2]), UsageError);
});
