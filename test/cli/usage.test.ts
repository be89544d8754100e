import assert from "node:assert/strict";
import { test } from "node:test";
import { runCli } from "./run.js";

test("no command, or a command that needs a subcommand without one: one line, exit 2", async () => {
  for (const [args, path] of [
    [[], "lissnas"],
    [["predictor"], "lissnas predictor"],
  ] as const) {
    const r = await runCli([...args]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], new RegExp(`^lissnas: ${path} needs a command \\(.+\\); see '${path} --help'$`));
  }
  // --help still prints the full usage on stdout and exits 0
  const h = await runCli(["--help"]);
  assert.equal(h.code, 0);
});
