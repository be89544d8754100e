import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../cli/run.js";
import { corpus } from "./corpus.js";

/**
 * The fuzz corpus (test/fuzz/corpus.ts): every bad input gives a non-zero exit, exactly one line on stderr
 * naming what is wrong (option, file and line, or config file and field), no stack trace, nothing on
 * stdout, and no output file written.
 */
test("every input of the fuzz corpus is refused with one line naming its place", async () => {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-fuzz-"));
  const made = await runCli([
    "shrink",
    "--space",
    "categorical:6x4",
    "--budget",
    "20",
    "--out",
    join(dir, "valid"),
  ]);
  assert.equal(made.code, 0, made.stderr);
  const cases = await corpus(join(dir, "cases"), readFileSync(join(dir, "valid", "space.lissnas")));
  assert.ok(cases.length >= 500, `only ${cases.length} cases`);
  const failures: string[] = [];
  for (const c of cases) {
    const r = await runCli(c.args);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    const why: string[] = [];
    if (r.code === 0) why.push("exit 0");
    if (lines.length !== 1) why.push(`${lines.length} stderr lines`);
    if (/\n\s+at |internal error/.test(r.stderr)) why.push("stack trace / internal error");
    for (const m of c.mention) if (!m.test(lines[0] ?? "")) why.push(`does not match ${m}`);
    if (c.noOutput && existsSync(c.noOutput)) why.push(`wrote ${c.noOutput}`);
    if (why.length > 0) failures.push(`${c.name}: ${why.join("; ")} — ${(lines[0] ?? "").slice(0, 200)}`);
  }
  assert.deepEqual(
    failures,
    [],
    `${failures.length} of ${cases.length} cases failed:\n${failures.join("\n")}`,
  );
});
