import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../helpers.js";
import { runCli } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-compare-resume-"));
const FILES = ["compare.json", "tables.md", "edf.csv", "report.html"];
const args = (out: string, extra: string[] = []) => [
  "compare",
  "--space",
  "categorical:7x3",
  "--landscape-k",
  "1",
  "--seed",
  "5",
  "--seeds",
  "3",
  "--nas-runs",
  "2",
  "--nas-budget",
  "130",
  "--out",
  out,
  ...extra,
];
const read = (out: string) => FILES.map((f) => readFileSync(join(out, f), "utf8"));
const partialOf = (out: string) => JSON.parse(readFileSync(join(out, "compare.partial.json"), "utf8"));

test("compare resumes from compare.partial.json: finished seeds are not recomputed, final bytes unchanged", async () => {
  const a = join(dir, "a");
  const ra = await runCli(args(a));
  assert.equal(ra.code, 0, ra.stderr);
  const uninterrupted = read(a);
  const ja = JSON.parse(uninterrupted[0]);
  assert.equal(ja.complete, true);
  assert.deepEqual(ja.seeds, [5, 6, 7]);
  assert.equal(ja.options.nasRuns, 2);
  assert.equal(ja.options.space, "categorical:7x3");

  // A run stopped after its seeds were checkpointed: report.html is a folder, so the final writes fail.
  const b = join(dir, "b");
  mkdirSync(join(b, "report.html"), { recursive: true });
  const rb = await runCli(args(b));
  assert.notEqual(rb.code, 0);
  assert.equal(rb.stderr.trim().split("\n").at(-1)?.startsWith("lissnas: "), true, rb.stderr);
  assert.ok(!existsSync(join(b, "compare.json")), "no compare.json from a run that did not finish");
  const doc = partialOf(b);
  assert.equal(doc.complete, false);
  assert.deepEqual(doc.seeds, [5, 6, 7]);
  assert.deepEqual(
    doc.finished.map((r: { seed: number }) => r.seed),
    [5, 6, 7],
  );
  rmSync(join(b, "report.html"), { recursive: true });
  // Keep seed 5 only (as after a kill during seed 6): the rerun computes 6 and 7, not 5.
  doc.finished = doc.finished.slice(0, 1);
  writeFileSync(join(b, "compare.partial.json"), JSON.stringify(doc));
  const resumed = await runCli(args(b));
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.deepEqual(read(b), uninterrupted, "resumed run ends byte-identical");
  assert.match(resumed.stderr, /resuming — seed\(s\) 5 finished earlier/);
  assert.doesNotMatch(resumed.stderr, /seed 5: (lissnas|measure)/, "seed 5 not recomputed");
  assert.match(resumed.stderr, /seed 6: lissnas/);
  assert.ok(!existsSync(join(b, "compare.partial.json")), "the checkpoint goes when the run completes");
  // The finished seed's record is what the final result is built from: a marked value comes through.
  doc.finished[0].methods.lissnas.nas.ls = 12345;
  writeFileSync(join(b, "compare.partial.json"), JSON.stringify(doc));
  assert.equal((await runCli(args(b))).code, 0);
  const marked = JSON.parse(readFileSync(join(b, "compare.json"), "utf8"));
  const lissnas = marked.methods.find((m: { method: string }) => m.method === "lissnas");
  assert.equal(lissnas.perSeed[0].nas.ls, 12345, "seed 5 came from the checkpoint");
  // A checkpoint of other options is not resumed: one note naming the option, and the result is correct.
  doc.options.nasRuns = 9;
  writeFileSync(join(b, "compare.partial.json"), JSON.stringify(doc));
  const other = await runCli(args(b));
  assert.equal(other.code, 0);
  assert.match(other.stderr, /compare\.partial\.json: not resumed \(made with another nasRuns\)/);
  assert.deepEqual(read(b), uninterrupted);
  // Seeds are independent: a checkpoint of --seeds 1 serves a --seeds 3 run (seed 5 reused).
  const c = join(dir, "c");
  mkdirSync(join(c, "report.html"), { recursive: true });
  const one = args(c);
  one[one.indexOf("--seeds") + 1] = "1";
  assert.notEqual((await runCli(one)).code, 0);
  rmSync(join(c, "report.html"), { recursive: true });
  const more = await runCli(args(c));
  assert.equal(more.code, 0, more.stderr);
  assert.match(more.stderr, /seed\(s\) 5 finished earlier/);
  assert.deepEqual(read(c), uninterrupted);
});

test("compare over an older finished result: the old files move to previous/, never look current", async () => {
  const d = join(dir, "stale");
  assert.equal((await runCli(args(d))).code, 0);
  const old = read(d);
  // Another comparison over the same folder, killed once it has checkpointed its first seed.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args(d, ["--nas-runs", "3", "--seeds", "12"])],
    { cwd: ROOT, stdio: "ignore" },
  );
  const t0 = Date.now();
  while (!existsSync(join(d, "compare.partial.json")) && Date.now() - t0 < 60_000)
    await new Promise((r) => setTimeout(r, 20));
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  assert.ok(existsSync(join(d, "compare.partial.json")), "the killed run had checkpointed");
  assert.equal(partialOf(d).complete, false);
  for (const f of FILES) assert.ok(!existsSync(join(d, f)), `${f} of the older run is not left in place`);
  assert.deepEqual(read(join(d, "previous")), old, "the older result is kept, whole, in previous/");
  const finished = partialOf(d).finished.length;
  assert.ok(finished >= 1 && finished < 12);
  const rep = await runCli(["report", "--in", d]);
  assert.notEqual(rep.code, 0, "the folder's only result is the checkpoint: no report claims it finished");
  assert.match(
    rep.stderr,
    new RegExp(`an interrupted compare \\(${finished} seed\\(s\\) finished, no compare\\.json\\)`),
  );
  // A bad option stops before any work and leaves the folder as it is.
  const bad = await runCli(args(d, ["--algos", "ls,zz"]));
  assert.notEqual(bad.code, 0);
  assert.ok(existsSync(join(d, "compare.partial.json")));
  assert.deepEqual(read(join(d, "previous")), old);
});

test("bad input beside a foreign checkpoint: one line, the checkpoint untouched", async () => {
  const d = join(dir, "foreign");
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, "compare.partial.json"), '{"complete": false, "seeds": [{"seed": 1}]}');
  const r = await runCli(args(d, ["--nas-budget", "50"]));
  assert.notEqual(r.code, 0);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, /--nas-budget 50 leaves no query/);
  assert.equal(
    readFileSync(join(d, "compare.partial.json"), "utf8"),
    '{"complete": false, "seeds": [{"seed": 1}]}',
  );
});
