import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { pathToFileURL } from "node:url";

/** The ```ts blocks of docs/library.md, each a complete program importing from "lissnas". */
const doc = readFileSync("docs/library.md", "utf8");
const blocks = [...doc.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1]);
const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
const entry = pathToFileURL(resolve("src/index.ts")).href;
const dir = mkdtempSync(join(tmpdir(), "lissnas-docs-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("docs/library.md has the six documented examples", () => {
  assert.equal(blocks.length, 6);
  assert.equal(headings.length, blocks.length, "one example per section");
  for (const b of blocks) assert.match(b, /from "lissnas"/);
});

blocks.forEach((code, i) => {
  test(`docs/library.md example runs: ${headings[i] ?? i + 1}`, async () => {
    const file = join(dir, `example-${i + 1}.mts`); // ESM outside the package
    writeFileSync(file, code.replaceAll('from "lissnas"', `from ${JSON.stringify(entry)}`));
    const log = console.log;
    const lines: string[] = [];
    console.log = (...a: unknown[]) => void lines.push(a.join(" "));
    try {
      await import(pathToFileURL(file).href);
    } finally {
      console.log = log;
    }
    assert.ok(lines.length > 0, "an example prints what it found");
    assert.doesNotMatch(lines.join("\n"), /NaN|undefined/);
  });
});
