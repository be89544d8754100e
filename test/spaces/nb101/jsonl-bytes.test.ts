import assert from "node:assert/strict";
import { test } from "node:test";
import { cellJsonLine, cellsJsonlBytes, enumerateNb101 } from "../../../src/spaces/nb101/enumerate.js";

// The streamed byte writer of `enumerate --format jsonl` (issue 17) against the string rendering of each
// cell, across chunk boundaries (tiny chunks) and with the default chunk size.
test("cellsJsonlBytes writes exactly the lines of cellJsonLine, whatever the chunk size", () => {
  const cells = enumerateNb101({ maxVertices: 5 });
  let expected = "";
  for (let r = 0; r < cells.count; r++) expected += `${cellJsonLine(cells, r)}\n`;
  for (const size of [1, 700, 1 << 20]) {
    const parts: Buffer[] = [];
    let chunks = 0;
    for (const c of cellsJsonlBytes(cells, size)) {
      parts.push(Buffer.from(c)); // a view of a reused buffer: copied before the next chunk
      chunks++;
    }
    assert.equal(Buffer.concat(parts).toString("latin1"), expected, `chunk size ${size}`);
    if (size === 1) assert.equal(chunks, cells.count, "one line per chunk when the chunk is tiny");
  }
});
