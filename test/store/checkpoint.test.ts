import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  differingOption,
  exactParse,
  exactStringify,
  findResumable,
  moveAside,
} from "../../src/store/checkpoint.js";
import { LISSNAS_VERSION } from "../../src/version.js";

test("exactStringify/exactParse keep NaN, ±∞, −0 and bigints that plain JSON loses", () => {
  const value = {
    a: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 1.5e-300],
    b: 2n ** 70n,
    c: null,
    d: "NaN",
  };
  const back = exactParse(exactStringify(value)) as typeof value;
  assert.ok(Number.isNaN(back.a[0]));
  assert.equal(back.a[1], Number.POSITIVE_INFINITY);
  assert.equal(back.a[2], Number.NEGATIVE_INFINITY);
  assert.ok(Object.is(back.a[3], -0));
  assert.ok(Object.is(back.a[4], 0));
  assert.equal(back.a[5], 1.5e-300);
  assert.equal(back.b, 2n ** 70n);
  assert.equal(back.c, null);
  assert.equal(back.d, "NaN", "a string stays a string");
  assert.equal(JSON.parse(JSON.stringify(value.a))[0], null, "(what plain JSON does)");
});

test("findResumable takes a checkpoint of the same format, version and options, and says why not otherwise", () => {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-checkpoint-"));
  const file = join(dir, "x.partial.json");
  const doc = (options: unknown, lissnas = LISSNAS_VERSION) =>
    JSON.stringify({ format: "f", lissnas, complete: false, options, done: [1] });
  writeFileSync(file, doc({ a: 1, b: [2] }));
  assert.deepEqual(findResumable([file], { format: "f", options: { a: 1, b: [2] } }).found?.doc.done, [1]);
  const other = findResumable([file], { format: "f", options: { a: 1, b: [3] } });
  assert.equal(other.found, undefined);
  assert.deepEqual(other.ignored, [`${file}: not resumed (made with another b); it will be replaced`]);
  writeFileSync(file, doc({ a: 1, b: [2] }, "0.0.0-other"));
  assert.match(
    findResumable([file], { format: "f", options: { a: 1, b: [2] } }).ignored[0],
    /written by lissnas 0\.0\.0-other/,
  );
  writeFileSync(file, "{ torn");
  assert.match(findResumable([file], { format: "f", options: {} }).ignored[0], /not valid JSON/);
  assert.deepEqual(findResumable([join(dir, "absent")], { format: "f", options: {} }), { ignored: [] });
  assert.equal(differingOption({ x: 1, y: 2 }, { y: 2, x: 1 }), undefined, "key order does not matter");
});

test("moveAside moves a finished set (marker first) into previous/, replacing the older copy", () => {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-aside-"));
  assert.deepEqual(moveAside(dir, "r.json", ["t.md"]), [], "nothing without the marker");
  mkdirSync(join(dir, "previous"));
  writeFileSync(join(dir, "previous", "old.txt"), "two runs ago");
  writeFileSync(join(dir, "r.json"), "R");
  writeFileSync(join(dir, "t.md"), "T");
  assert.deepEqual(moveAside(dir, "r.json", ["t.md", "absent.csv"]), ["r.json", "t.md"]);
  assert.ok(!existsSync(join(dir, "r.json")) && !existsSync(join(dir, "t.md")));
  assert.equal(readFileSync(join(dir, "previous", "r.json"), "utf8"), "R");
  assert.ok(!existsSync(join(dir, "previous", "old.txt")));
});
