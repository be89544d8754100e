import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { DataError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { readCsvColumns } from "../../src/data/csv-columns.js";
import { parseCsvText } from "../../src/data/csv-text.js";
import { type LoadOptions, loadTable } from "../../src/data/loaders.js";
import { getSpace } from "../../src/spaces/registry.js";
import { expectError, runCli } from "../cli/run.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-columns-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const space = getSpace("categorical:5x3");
const A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";
const B = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

function fixture(name: string, content: string): string {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
}

/** The message of the DataError `f` throws (one line). */
function dataError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DataError, String(e));
    assert.ok(!e.message.includes("\n"), e.message);
    return e.message;
  }
  assert.fail("no error");
}

/**
 * A generated table of categorical:5x3: every architecture once, in a seeded shuffled order, with a decimal
 * metric (printed with a random number of digits, some with exponents and signs), an integer metric, a text
 * column with commas, quotes and newlines inside quoted fields, and a column empty in its first row.
 */
function generated(seed: number) {
  const rng = Rng.fromSeed(seed).child("csv-columns");
  const archs = [...space.enumerate!()].map((a) => space.format(a));
  for (let i = archs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [archs[i], archs[j]] = [archs[j], archs[i]];
  }
  const acc = archs.map(() => (rng.float() - 0.3) * 10 ** (rng.int(7) - 3));
  const params = archs.map(() => rng.int(1_000_000));
  const notes = archs.map((_, i) => ["plain", 'say "hi"', "a, b", "two\nlines", "", " padded "][i % 6] + i);
  const late = archs.map((_, i) => (i === 0 ? Number.NaN : i * 0.25));
  const digits = archs.map(() => 1 + rng.int(17));
  const rows = archs.map((a, i) => {
    const x = rng.int(4) === 0 ? acc[i].toExponential(digits[i] - 1) : acc[i].toPrecision(digits[i]);
    const note = /[",\n]/.test(notes[i]) ? `"${notes[i].replaceAll('"', '""')}"` : notes[i];
    return [x, a, String(params[i]), note, i === 0 ? "" : String(late[i])].join(",");
  });
  const values = acc.map((_, i) => Number(rows[i].split(",")[0]));
  return { archs, values, params, notes, late, rows, header: "acc,arch,params,note,late" };
}

test("the column reader gives the generated values, whatever the line ends, BOM and blank lines", () => {
  const g = generated(7);
  const variants: Record<string, string> = {
    lf: `${g.header}\n${g.rows.join("\n")}\n`,
    crlf: `${g.header}\r\n${g.rows.join("\r\n")}`,
    bom: `\ufeff${g.header}\n${g.rows.join("\n")}\n`,
    blank: `\n${g.header}\n\n${g.rows.join("\n\n")}\n\n`,
    cr: `${g.header}\r${g.rows.join("\r")}\r`,
  };
  for (const [name, text] of Object.entries(variants)) {
    const t = loadTable(fixture(`${name}.csv`, text), space);
    assert.equal(t.rows, g.archs.length, name);
    assert.deepEqual(
      t.archs().map((a) => space.format(a)),
      g.archs,
      name,
    );
    assert.deepEqual([...t.column("acc")], g.values, name);
    assert.deepEqual([...t.column("params")], g.params, name);
    assert.deepEqual([...t.column("late")], g.late, name);
    assert.deepEqual(t.textColumn("note"), g.notes, name);
    assert.deepEqual(t.textColumn("arch"), g.archs, name);
    assert.deepEqual(t.metrics, ["acc", "params", "late"], name);
  }
});

test("the column reader and the record reader (--where) build the same table", () => {
  const g = generated(11);
  const text = `${g.header},all\r\n${g.rows.map((r) => `${r},1`).join("\r\n")}\r\n`;
  const f = fixture("both.csv", text);
  const a = loadTable(f, space);
  const b = loadTable(f, space, { where: { column: "all", value: "1" } });
  assert.deepEqual(a.genotypes, b.genotypes);
  assert.deepEqual(a.metrics, b.metrics);
  for (const m of a.metrics) assert.deepEqual(a.column(m), b.column(m), m);
  for (const c of a.textColumns) assert.deepEqual(a.textColumn(c), b.textColumn(c), c);
  // and the record parser's cells agree with the generated text
  const rows = parseCsvText(text, f);
  assert.deepEqual(
    rows.records.map((r) => r[3]),
    g.notes,
  );
});

test("rows are placed by an index column that is a permutation; ids, hex and overflow stay errors", () => {
  const f = fixture("index.csv", `index,acc,arch\n2,30,00001\n0,10,00000\n1,20,00002\n`);
  const t = loadTable(f, space);
  assert.deepEqual([...t.column("acc")], [10, 20, 30]);
  assert.deepEqual([...t.column("index")], [0, 1, 2]);
  assert.deepEqual(t.textColumn("arch"), ["00000", "00002", "00001"]);
  assert.deepEqual(t.indexColumns, ["index"]);
  const bad = (cell: string) =>
    dataError(() => loadTable(fixture("bad.csv", `acc,arch\n1,00000\n${cell},00001\n`), space));
  assert.match(bad("0x10"), /bad\.csv, line 3, field 'acc': '0x10' is not a number$/);
  assert.match(bad("0b101"), /line 3, field 'acc': '0b101' is not a number$/);
  const range = / is out of a double's range \(--allow-nonfinite reads it as missing\)$/;
  assert.match(bad("1e400"), /line 3, field 'acc': '1e400'/);
  assert.match(bad("1e400"), range);
  assert.match(bad("-1e400"), /line 3, field 'acc': '-1e400'/);
  assert.match(bad("-1e400"), range);
  assert.match(bad("1_000"), /'1_000' is not a number$/);
  assert.match(
    dataError(() => loadTable(fixture("dup.csv", "acc,arch,acc\n1,00000,2\n"), space)),
    /dup\.csv, line 1: duplicate column 'acc' \(columns 1 and 3\)/,
  );
});

test("±∞ metric cells: an error naming file, line and column by default; missing with allowNonfinite", () => {
  const text = `acc,arch,flops\n91.5,${A},10\n\n"inf",${B},20\n`;
  const f = fixture("inf.csv", text);
  const nb201 = getSpace("nb201");
  const want =
    /^.*inf\.csv, line 4, field 'acc': 'inf' is not a finite number \(--allow-nonfinite reads it as missing\)$/;
  assert.match(
    dataError(() => loadTable(f, nb201)),
    want,
  );
  for (const cell of ["-inf", "Infinity", "-Infinity", "+inf", "INF"]) {
    const g = fixture("inf2.csv", `acc,arch,flops\n91.5,${A},10\n50,${B},${cell}\n`);
    assert.match(
      dataError(() => loadTable(g, nb201)),
      new RegExp(`line 3, field 'flops': '${cell.replace("+", "\\+")}' is not a finite number`),
    );
    // the record path (--where) says the same
    assert.match(
      dataError(() => loadTable(g, nb201, { where: { column: "acc", value: "50" } })),
      new RegExp(`line 3, field 'flops': '${cell.replace("+", "\\+")}' is not a finite number`),
    );
  }
  const options: LoadOptions = { allowNonfinite: true };
  const t = loadTable(f, nb201, options);
  assert.deepEqual([...t.column("acc")], [91.5, Number.NaN]);
  assert.deepEqual([...t.column("flops")], [10, 20]);
  // an overflowing literal is the ∞ it overflows to: refused, or missing with allowNonfinite (both readers)
  const over = fixture(
    "over.csv",
    `acc,arch,flops
91.5,${A},10
-1e400,${B},20
`,
  );
  assert.match(
    dataError(() => loadTable(over, nb201)),
    /line 3, field 'acc': '-1e400' is out of a double's range/,
  );
  assert.deepEqual([...loadTable(over, nb201, options).column("acc")], [91.5, Number.NaN]);
  const where = { column: "flops", value: "20" };
  assert.deepEqual([...loadTable(over, nb201, { ...options, where }).column("acc")], [Number.NaN]);
  assert.match(
    dataError(() => loadTable(over, nb201, { where })),
    /line 3, field 'acc': '-1e400' is out of a double's range/,
  );
  // a column whose first cell is empty is typed by the rest: ±∞ in it is refused only if it ends numeric
  const open = fixture("open.csv", `x,arch,y\n,${A},\ninf,${B},text\n`);
  assert.match(
    dataError(() => loadTable(open, nb201)),
    /line 3, field 'x': 'inf' is not a finite number/,
  );
  assert.deepEqual(loadTable(open, nb201, options).textColumn("y"), ["", "text"]);
});

test("NASLib's flat zero-cost file keeps its −∞ scores (the format's meaning), other files refuse them", () => {
  const header = "dataset,naslib_op_indices,nb201_index,arch_str,val_accuracy,nwot";
  const f = fixture(
    "flat.csv",
    `${header}\ncifar10,"(0, 0, 0, 0, 0, 0)",0,${B},10.0,-inf\ncifar10,"(1, 1, 1, 1, 1, 1)",1,${A},90.0,1500.5\n`,
  );
  const t = loadTable(f, getSpace("nb201"), { where: { column: "dataset", value: "cifar10" } });
  assert.deepEqual([...t.column("nwot")], [Number.NEGATIVE_INFINITY, 1500.5]);
  const plain = fixture("plain.csv", `arch_str,val_accuracy,nwot\n${B},10.0,-inf\n${A},90.0,1500.5\n`);
  assert.match(
    dataError(() => loadTable(plain, getSpace("nb201"))),
    /plain\.csv, line 2, field 'nwot': '-inf' is not a finite number/,
  );
});

test("info: ±∞ is a one-line error; with --allow-nonfinite the statistics leave it out and count it", async () => {
  const f = fixture("info.csv", `acc,arch_str\n91.5,${A}\n-inf,${B}\n`);
  await expectError(["info", "--data", f], /info\.csv, line 3, field 'acc': '-inf' is not a finite number/);
  const r = await runCli(["info", "--data", f, "--allow-nonfinite", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.architectures, 2);
  assert.equal(j.missing, 1);
  assert.equal(j.mean, 91.5);
  assert.equal(j.best.value, 91.5);
  assert.equal(j.best.row, 0);
  const text = await runCli(["info", "--data", f, "--allow-nonfinite"]);
  assert.match(text.stdout, /missing 1 \(left out of the statistics\)/);
  // an empty cell was always missing: now it is counted instead of stopping `info`
  const empty = fixture("empty.csv", `acc,arch_str\n,${A}\n50,${B}\n`);
  const e = JSON.parse((await runCli(["info", "--data", empty, "--json"])).stdout);
  assert.deepEqual([e.missing, e.best.row, e.best.arch], [1, 1, B]);
});

test("read in small chunks (cuts inside quoted newlines, CRLF pairs and UTF-8 characters): the same columns", () => {
  const g = generated(3);
  const text = `\ufeff${g.header}\r\n${g.rows.map((r, i) => (i % 7 === 3 ? r.replace(/,(\w*)$/, ',"é $1"') : r)).join("\r\n")}\r\n`;
  const f = fixture("chunks.csv", text);
  const options = { nonfinite: "error" as const, textColumns: () => [1] };
  const whole = readCsvColumns(f, options);
  assert.ok(whole);
  assert.deepEqual(whole.header, ["acc", "arch", "params", "note", "late"]);
  assert.equal(whole.rows, g.archs.length);
  assert.deepEqual(whole.text[1]?.toArray(), g.archs);
  assert.deepEqual(whole.text[3]?.toArray(), g.notes);
  for (const chunk of [1, 2, 3, 5, 64, 1000]) {
    const part = readCsvColumns(f, options, chunk);
    assert.ok(part);
    assert.deepEqual(part.lines, whole.lines, `chunk ${chunk}`);
    assert.deepEqual(part.numeric, whole.numeric, `chunk ${chunk}`);
    assert.deepEqual(
      part.text.map((t) => t?.toArray()),
      whole.text.map((t) => t?.toArray()),
      `chunk ${chunk}`,
    );
  }
  // errors found in a later chunk keep their line: the record parser's message, word for word
  const bad = fixture("late-error.csv", `${text}1,00000,2,"open\n`);
  const want = dataError(() => parseCsvText(`${text}1,00000,2,"open\n`, bad));
  assert.match(want, /line \d{3}: malformed CSV: quoted field never closes$/);
  for (const chunk of [5, 1 << 20])
    assert.equal(
      dataError(() => readCsvColumns(bad, options, chunk)),
      want,
    );
});

test("random small tables: the column reader and the record reader give the same table or the same error", () => {
  const rng = Rng.fromSeed(5).child("csv-columns", "differential");
  const pick = <T>(xs: readonly T[]) => xs[rng.int(xs.length)];
  const small = getSpace("categorical:3x3");
  const cells = ["1", "2.5", "-3e2", "", "nan", "inf", "-Infinity", "1e400", "0x10", "abc", " 7 ", '"q,1"'];
  const more = ['"a""b"', '"x\ny"', "1_0", ".5", "5.", "+2", "0b1", "NaN", "1.0e-5"];
  const archs = ["000", "001", "002", "010", "011", "012", "020", "021", "022", "ZZZ", '"0,1,2"'];
  let errors = 0;
  for (let k = 0; k < 400; k++) {
    const ncol = 1 + rng.int(3);
    const lines = [["arch", ...Array.from({ length: ncol }, (_, j) => `m${j}`), "w"].join(",")];
    for (let r = 0, rows = 1 + rng.int(5); r < rows; r++) {
      const vals = Array.from({ length: ncol }, () => pick([...cells, ...more]));
      if (rng.int(20) === 0) vals.pop();
      lines.push([pick(archs), ...vals, "1"].join(","));
      if (rng.int(10) === 0) lines.push("");
    }
    const eol = pick(["\n", "\r\n", "\r"]);
    const f = fixture("random.csv", (rng.int(5) === 0 ? "\ufeff" : "") + lines.join(eol) + eol);
    for (const allowNonfinite of [false, true]) {
      const read = (options: LoadOptions) => {
        try {
          const t = loadTable(f, small, options);
          const cols = t.metrics.map((m) => [m, [...t.column(m)].map(String)]);
          return JSON.stringify([[...t.genotypes], cols, t.textColumns.map((c) => [c, t.textColumn(c)])]);
        } catch (e) {
          assert.ok(e instanceof DataError, String(e));
          return e.message;
        }
      };
      const a = read({ allowNonfinite });
      if (!a.startsWith("[")) errors++;
      assert.equal(read({ allowNonfinite, where: { column: "w", value: "1" } }), a, lines.join(eol));
    }
  }
  // both outcomes are exercised
  assert.ok(errors > 100 && errors < 700, `${errors} errors of 800`);
});
