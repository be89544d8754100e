import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Command } from "commander";
import { register } from "../../../src/cli/commands/enumerate.js";
import { UsageError } from "../../../src/core/errors.js";
import { readCellsBin } from "../../../src/spaces/nb101/enumerate.js";
import { Nb101Space } from "../../../src/spaces/nb101/space.js";

async function run(...args: string[]): Promise<string> {
  const program = new Command("lissnas").exitOverride();
  register(program);
  const write = process.stdout.write;
  let out = "";
  process.stdout.write = ((s: string) => {
    out += s;
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(["node", "lissnas", ...args]);
  } finally {
    process.stdout.write = write;
  }
  return out;
}

test("lissnas enumerate --space nb101 writes a loadable bin file and jsonl", async () => {
  const dir = mkdtempSync(join(tmpdir(), "nb101-cli-"));
  const bin = join(dir, "cells.bin");
  const summary = JSON.parse(
    await run("enumerate", "--space", "nb101", "--out", bin, "--max-vertices", "5", "--json"),
  );
  assert.equal(summary.cells, 2532);
  assert.deepEqual(summary.cellsByVertexCount, { 2: 1, 3: 6, 4: 84, 5: 2441 });
  const space = Nb101Space.fromCellFile(bin);
  assert.equal(space.enumeration().count, 2532);
  assert.equal(readCellsBin(bin).count, 2532);
  const jsonl = join(dir, "cells.jsonl");
  const text = await run(
    "enumerate",
    "--space",
    "nb101",
    "--out",
    jsonl,
    "--format",
    "jsonl",
    "--max-vertices",
    "4",
  );
  assert.match(text, /nb101: 91 unique cells/);
  const lines = readFileSync(jsonl, "utf8").trimEnd().split("\n");
  assert.equal(lines.length, 91);
  assert.match(lines[0], /^\{"hash":"[0-9a-f]{32}","matrix":\[\[/);
});

test("lissnas enumerate rejects other spaces and formats with one-line UsageErrors", async () => {
  await assert.rejects(
    run("enumerate", "--space", "nb201", "--out", "x"),
    (e: Error) => e instanceof UsageError && /nb101 only/.test(e.message),
  );
  await assert.rejects(
    run("enumerate", "--space", "nb101", "--out", "x", "--format", "csv"),
    (e: Error) => e instanceof UsageError && /--format must be bin or jsonl/.test(e.message),
  );
  await assert.rejects(
    run("enumerate", "--space", "nb101", "--out", "x", "--max-vertices", "9"),
    /--max-vertices must be an integer in 2\.\.7/,
  );
});
