import assert from "node:assert/strict";
import { test } from "node:test";
import { shrinkReport } from "../../src/report/builders/shrink.js";
import { ciCell, escapeHtml, htmlTable } from "../../src/report/html.js";
import { renderReport } from "../../src/report/write.js";
import { runCli } from "../cli/run.js";

const EVIL = `<script>alert("x")</script>'&"`;

test("escapeHtml escapes the five HTML-special characters", () => {
  assert.equal(escapeHtml(EVIL), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&quot;");
});

test("user strings (architectures, column names, file names) reach the page escaped, never as markup", async () => {
  const table = htmlTable([EVIL], [[EVIL, 1.5]], { sortable: true });
  assert.ok(!table.includes("<script>"));
  assert.match(table, /<td class="num" data-v="1.5">1.5<\/td>/);
  const report = shrinkReport(
    { command: "metrics", space: "nb201", metric: EVIL, members: `runs/${EVIL}.lissnas`, synthetic: false },
    {
      members: [{ arch: `|${EVIL}~0|`, value: 91.25, cost: null }],
      membersTotal: 1,
      edf: { errors: [0, 1], curves: { original: [0.5, 1], shrunk: [1, 1] } },
    },
  );
  const { html } = await renderReport(report);
  // Only the page's own script tag: none from the data.
  assert.equal((html.match(/<script>/g) ?? []).length, 1);
  assert.ok(html.includes(`|&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&quot;~0|`));
  assert.ok(html.includes("runs/&lt;script&gt;"));
  // Inside the SVGs vega escapes < and & in text (quotes are harmless in element text).
  assert.ok(!html.includes("<script>alert"), "an unescaped copy of the string is somewhere in the page");
  assert.ok(!html.includes("</script>'"), "an unescaped copy of the string is somewhere in the page");
});

test("intervals print n/a, never NaN, when fewer than two values", () => {
  assert.equal(ciCell(21, Number.NaN, Number.NaN), "21 [n/a]");
  assert.equal(ciCell(21, null, null), "21 [n/a]");
  assert.equal(ciCell(null), "n/a");
  assert.equal(ciCell(2.5, 2, 3), "2.5 [2, 3]");
});

test("search text shows the best architecture and its value; one run prints n/a intervals, no NaN", async () => {
  const r = await runCli([
    "search",
    "--seed",
    "3",
    "--algo",
    "ls",
    "--budget",
    "400",
    "--runs",
    "1",
    "--threads",
    "1",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /NaN/);
  const m = /best architecture found: (\|\S+\|) \(accuracy (\S+), run 0\)/.exec(r.stdout);
  assert.ok(m, r.stdout);
  assert.match(r.stdout, /final accuracy: \S+ \[n\/a\]/);
  const json = await runCli([
    "search",
    "--seed",
    "3",
    "--algo",
    "ls",
    "--budget",
    "400",
    "--runs",
    "1",
    "--threads",
    "1",
    "--json",
  ]);
  const s = JSON.parse(json.stdout);
  assert.equal(s.best.arch, m[1]);
  assert.equal(s.best.value, s.final.mean, "one run: the best is that run's final incumbent");
  assert.equal(s.queriesToOptimum.perRun.length, 1);
});
