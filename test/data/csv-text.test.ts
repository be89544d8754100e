import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/core/errors.js";
import { toNumber } from "../../src/data/csv.js";
import { parseCsvText } from "../../src/data/csv-text.js";
import { loadTable } from "../../src/data/loaders.js";
import { macroSpace } from "../../src/spaces/categorical/space.js";

/** The message of the DataError `fn` throws (fails the test when it throws nothing or something else). */
function dataError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DataError, `expected a DataError, got ${e}`);
    assert.ok(!e.message.includes("\n"), "one line");
    return e.message;
  }
  assert.fail("no error");
}

test("quoted commas, escaped quotes, quoted newlines, CRLF, a BOM and blank lines", () => {
  const text = '\ufeffa,b\r\n"x,1","he said ""hi"""\r\n\r\n"multi\nline",2\n3,\n';
  const { header, records, lines } = parseCsvText(text, "t.csv");
  assert.deepEqual(header, ["a", "b"]);
  assert.deepEqual(records, [
    ["x,1", 'he said "hi"'],
    ["multi\nline", "2"],
    ["3", ""],
  ]);
  // records start on file lines 2, 4 and 6 (the quoted newline moves the third record down a line)
  assert.deepEqual(lines, [2, 4, 6]);
});

test("errors name the line the problem is on", () => {
  const rows = Array.from({ length: 300 }, (_, i) => `${i},${i}`);
  rows[9] = 'ab"c,1'; // file line 11: a stray quote
  assert.match(
    dataError(() => parseCsvText(`x,y\n${rows.join("\n")}\n`, "s.csv")),
    /^s\.csv, line 11: .*quote/,
  );
  assert.match(
    dataError(() => parseCsvText('x,y\n1,2\n"open,3\n4,5\n', "u.csv")),
    /line 3: .*never closes/,
  );
  assert.match(
    dataError(() => parseCsvText("x,y\n1,2\n3\n", "n.csv")),
    /line 3: .*1 fields where the header has 2/,
  );
  assert.match(
    dataError(() => parseCsvText('x,y\n"a"b,1\n', "q.csv")),
    /line 2: .*after a closing quote/,
  );
});

test("duplicate and unnamed header columns are errors", () => {
  assert.match(
    dataError(() => parseCsvText("acc,arch,acc\n1,a,2\n", "d.csv")),
    /duplicate column 'acc' \(columns 1 and 3\)/,
  );
  assert.match(
    dataError(() => parseCsvText("acc,,x\n1,2,3\n", "e.csv")),
    /column 2 has no name/,
  );
  assert.match(
    dataError(() => parseCsvText("", "empty.csv")),
    /empty file/,
  );
  assert.match(
    dataError(() => parseCsvText("a,b\n", "h.csv")),
    /no data rows/,
  );
});

test("numbers are decimal: hex, binary and overflowing literals are rejected", () => {
  assert.equal(toNumber(" 91.5 ", "f", 2, "acc"), 91.5);
  assert.equal(toNumber("-1e-3", "f", 2, "acc"), -0.001);
  assert.equal(toNumber(".5", "f", 2, "acc"), 0.5);
  assert.ok(Number.isNaN(toNumber("", "f", 2, "acc")));
  // ±∞ is refused by default, missing with --allow-nonfinite, kept only where a format gives it a meaning
  assert.match(
    dataError(() => toNumber("-inf", "f.csv", 2, "acc")),
    /^f\.csv, line 2, field 'acc': '-inf' is not a finite number \(--allow-nonfinite reads it as missing\)$/,
  );
  assert.ok(Number.isNaN(toNumber("Infinity", "f", 2, "acc", "missing")));
  assert.equal(toNumber("-inf", "f", 2, "acc", "keep"), Number.NEGATIVE_INFINITY);
  for (const bad of ["0x10", "0b101", "0o7", "1_000", "1e400", "12abc"]) {
    assert.match(
      dataError(() => toNumber(bad, "f.csv", 7, "acc")),
      /^f\.csv, line 7, field 'acc': /,
      bad,
    );
  }
  assert.match(
    dataError(() => toNumber("x".repeat(1 << 20), "f.csv", 7, "acc")),
    /'x{57}\.\.\.' is not/,
  );
});

function macroFile(entries: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-macro-"));
  const file = join(dir, "m.json");
  writeFileSync(file, `{\n${entries.join(",\n")}\n}\n`);
  return file;
}

const entry = (arch: string, acc: number | string, params = 100) =>
  `"${arch}": {"test_acc": [${acc}, ${acc}, ${acc}], "mean_acc": ${acc}, "std": 0, "params": ${params}, "flops": 10}`;

test("NAS-Bench-Macro JSON keeps the file's row order, not JavaScript's integer-key order", () => {
  // "12012100" is integer-like: JSON.parse would list it before "02012100".
  const file = macroFile([entry("02012100", 90), entry("12012100", 95), entry("00000000", 80)]);
  const t = loadTable(file, macroSpace());
  const s = macroSpace();
  assert.deepEqual(
    [0, 1, 2].map((r) => s.format(t.archAt(r))),
    ["02012100", "12012100", "00000000"],
  );
});

test("NAS-Bench-Macro JSON: duplicate keys, 1e400 accuracies and negative params are errors with their line", () => {
  const s = macroSpace();
  const dup = macroFile([entry("02012100", 90), entry("11111111", 91), entry("02012100", 92)]);
  assert.match(
    dataError(() => loadTable(dup, s)),
    /line 4: duplicate key '02012100' \(first on line 2\)/,
  );
  const huge = macroFile([entry("02012100", 90), entry("11111111", "1e400")]);
  assert.match(
    dataError(() => loadTable(huge, s)),
    /line 3, field 'mean_acc'/,
  );
  const neg = macroFile([entry("02012100", 90, -5)]);
  assert.match(
    dataError(() => loadTable(neg, s)),
    /line 2, field 'params': .*≥ 0/,
  );
});
