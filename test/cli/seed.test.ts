import assert from "node:assert/strict";
import { test } from "node:test";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/main.js";

function leaves(cmd: Command, path: string[] = []): Array<{ cmd: Command; path: string }> {
  return cmd.commands.length === 0
    ? [{ cmd, path: path.join(" ") }]
    : cmd.commands.flatMap((c) => leaves(c, [...path, c.name()]));
}

/**
 * Commands that make no random choice at all: they read or serve what others computed (a members file, an
 * evaluation store, a queue, a result folder) or run jobs whose training seed travels in the job.
 */
const NO_RANDOM_CHOICE = new Set([
  "members",
  "store stats",
  "store export",
  "queue stats",
  "worker",
  "report",
]);

test("every command that makes a random choice takes --seed", async () => {
  const all = leaves(await buildProgram());
  assert.ok(all.length >= 15, all.map((c) => c.path).join(", "));
  for (const { cmd, path } of all) {
    if (NO_RANDOM_CHOICE.has(path)) continue;
    assert.ok(
      cmd.options.some((o) => o.long === "--seed"),
      `${path} has no --seed`,
    );
  }
  // the exemptions name real commands (a renamed command must not slip through)
  const paths = new Set(all.map((c) => c.path));
  for (const p of NO_RANDOM_CHOICE) assert.ok(paths.has(p), `${p} is not a command`);
});
