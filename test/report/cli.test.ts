import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { expectError, runCli } from "../cli/run.js";
import { makeReports, type ReportDirs } from "./fixtures.js";

const root = mkdtempSync(join(tmpdir(), "lissnas-report-"));
let dirs: ReportDirs;
before(async () => {
  dirs = await makeReports(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

const page = (dir: string) => readFileSync(join(dir, "report.html"), "utf8");
const figures = (html: string) => (html.match(/<figure id="fig-/g) ?? []).length;

test("every command's --out folder gets a self-contained report.html with its figures", () => {
  const expected: Record<keyof ReportDirs, number> = {
    compare: 6, // EDF overlay, best found (Table 3), anytime regret per algorithm (ls, rs, re), FLOP histograms
    shrink: 3, // EDF, FLOP histograms, accuracy–cost scatter
    search: 2, // anytime regret, queries-to-optimum ECDF
    experiment: 2, // one problem × space: regret + ECDF
    locality: 2, // RWA, AAD
    landscape: 1, // basin sizes
  };
  for (const [kind, dir] of Object.entries(dirs) as Array<[keyof ReportDirs, string]>) {
    const html = page(dir);
    assert.equal(figures(html), expected[kind], `${kind}: figures`);
    assert.doesNotMatch(html, /(src|href)="https?:/, `${kind}: no network`);
    assert.doesNotMatch(html, /NaN/, `${kind}: NaN printed`);
    assert.match(html, /SYNTHETIC landscape/, `${kind}: synthetic label`);
  }
  // The shrink page lists its members in a sortable table, and its data file holds every member.
  const data = JSON.parse(readFileSync(join(dirs.shrink, "report-data.json"), "utf8"));
  const rows = (page(dirs.shrink).split('<table class="sortable">')[1] ?? "").match(/<tr>/g)?.length ?? 0;
  assert.equal(rows - 1, data.members.length);
  assert.equal(
    data.membersTotal,
    JSON.parse(readFileSync(join(dirs.shrink, "metrics.json"), "utf8")).shrunk.size,
  );
});

test("the compare report marks exhaustively searched spaces, and flops.csv carries MFLOP edges", () => {
  const json = JSON.parse(readFileSync(join(dirs.compare, "compare.json"), "utf8"));
  const exhaustive = json.methods.filter(
    (m: { method: string; perSeed: Array<{ size: number; shrinkQueries: number }> }) =>
      m.method !== "full" && m.perSeed.every((o) => o.size + o.shrinkQueries <= json.nas.budget),
  );
  assert.ok(exhaustive.length > 0, "the demo (budget 300) searches some shrunk space exhaustively");
  const tables = readFileSync(join(dirs.compare, "tables.md"), "utf8");
  for (const m of exhaustive)
    assert.match(page(dirs.compare), new RegExp(`${m.method === "nse" ? "NSE" : "\\w+"} \\(exhaustive\\)`));
  assert.match(tables, /\(exhaustive\)/);
  const csv = readFileSync(join(dirs.compare, "flops.csv"), "utf8").trim().split("\n");
  assert.match(csv[0], /^bin,lo_mflops,hi_mflops,full,lissnas/);
  const [lo0, hi0] = csv[1].split(",").slice(1, 3).map(Number);
  const [lo1] = csv[2].split(",").slice(1, 2).map(Number);
  assert.ok(hi0 > lo0 && Math.abs(lo1 - hi0) < 1e-9, "consecutive bins share an edge");
  assert.equal(lo0.toFixed(4), json.flopEdges[0].toFixed(4));
});

test("report --in rebuilds the same page from the saved results, and --figures writes SVG and PNG files", async () => {
  for (const [kind, dir] of Object.entries(dirs)) {
    const before = page(dir);
    const out = join(root, `rebuilt-${kind}`, "page.html");
    const r = await runCli(["report", "--in", dir, "--out", out, "--figures", "svg,png"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(out, "utf8"), before, `${kind}: rebuilt page differs`);
    const files = readdirSync(join(root, `rebuilt-${kind}`, "figures"));
    assert.equal(files.filter((f) => f.endsWith(".svg")).length, figures(before), kind);
    assert.equal(files.filter((f) => f.endsWith(".png")).length, figures(before), kind);
  }
});

test("report --in bad input: one line naming the problem, and no page written", async () => {
  const bad = (name: string) => {
    const d = join(root, "bad", name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  await expectError(["report", "--in", join(root, "nowhere")], /--in .*nowhere: no such file or folder/);
  const empty = bad("empty");
  await expectError(["report", "--in", empty], /no lissnas results here/);
  const partial = bad("partial");
  writeFileSync(
    join(partial, "compare.partial.json"),
    JSON.stringify({ complete: false, seeds: [{ seed: 1 }] }),
  );
  await expectError(
    ["report", "--in", partial],
    /compare\.partial\.json: an interrupted compare \(1 seed\(s\) finished/,
  );
  const torn = bad("torn");
  writeFileSync(join(torn, "compare.json"), '{"command": "compare", "methods": [');
  await expectError(["report", "--in", torn], /compare\.json: not valid JSON/);
  const newer = bad("newer");
  writeFileSync(join(newer, "search.json"), JSON.stringify({ version: 99, command: "search" }));
  await expectError(
    ["report", "--in", newer],
    /search\.json: written by a newer lissnas \(results version 99/,
  );
  await expectError(
    ["report", "--in", dirs.search, "--figures", "svg,gif"],
    /--figures: unknown format 'gif'/,
  );
  for (const d of [empty, partial, torn, newer]) assert.ok(!existsSync(join(d, "report.html")), d);
});

test("an interrupted experiment (only its .partial checkpoint) gives a report marked incomplete", async () => {
  const d = join(root, "bad", "interrupted");
  mkdirSync(d, { recursive: true });
  const doc = JSON.parse(readFileSync(join(dirs.experiment, "grid.json"), "utf8"));
  doc.complete = false;
  doc.cells = doc.cells.slice(0, 1);
  writeFileSync(join(d, "grid.json.partial"), JSON.stringify(doc, null, 1));
  const r = await runCli(["report", "--in", d]);
  assert.equal(r.code, 0, r.stderr);
  const html = page(d);
  assert.match(html, /<h1>Experiment: 1 cells \(INCOMPLETE: interrupted\)<\/h1>/);
  assert.match(html, /only the cells listed below finished/);
});

test("results of an older version (fields missing) give a report that says what is missing", async () => {
  const old = join(root, "bad", "old");
  mkdirSync(old, { recursive: true });
  const json = JSON.parse(readFileSync(join(dirs.compare, "compare.json"), "utf8"));
  delete json.edf;
  delete json.flopEdges;
  json.methods[1].nas = {};
  writeFileSync(join(old, "compare.json"), JSON.stringify(json));
  const r = await runCli(["report", "--in", old, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.missing, ["Error EDFs of every space (paper Fig. 3)"]);
  const html = page(old);
  assert.match(html, /No EDF curves in these results/);
  assert.match(html, /bin \(these results carry no bin edges\)/);
  assert.match(html, /n\/a/);
});
