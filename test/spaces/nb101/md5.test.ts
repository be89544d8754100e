import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { Rng } from "../../../src/core/rng.js";
import { md5Buffer, md5Into } from "../../../src/spaces/nb101/md5.js";
import {
  hashKernel,
  LANE_BYTES,
  LANES,
  MAX_BLOCKS,
  MSG,
  NARROW_LANES,
  NB,
  OUT,
  OUT_STRIDE,
} from "../../../src/spaces/nb101/wasm.js";

test("md5Into equals node:crypto for every length 0..300 (random bytes, dirty buffer)", () => {
  const rng = Rng.fromSeed("md5");
  const buf = md5Buffer(300);
  const out = new Int32Array(4);
  for (let len = 0; len <= 300; len++) {
    const src = new Uint8Array(len);
    for (let i = 0; i < len; i++) src[i] = rng.int(256);
    buf.bytes.fill(0xa5);
    buf.bytes.set(src);
    md5Into(buf, len, out, 0);
    assert.equal(
      Buffer.from(out.buffer).toString("hex"),
      createHash("md5").update(src).digest("hex"),
      `length ${len}`,
    );
  }
});

test("md5Into refuses a message larger than its buffer", () => {
  const buf = md5Buffer(10);
  assert.throws(() => md5Into(buf, 60, new Int32Array(4), 0), RangeError);
});

test("the 8- and 16-lane WebAssembly md5 equal node:crypto for lanes of different lengths", () => {
  const k = hashKernel();
  if (!k) return; // no WebAssembly SIMD here: the scalar md5 is used instead (tested above)
  const rng = Rng.fromSeed("md5x8");
  for (const lanes of [NARROW_LANES, LANES]) {
    for (let trial = 0; trial < 20; trial++) {
      const msgs: Uint8Array[] = [];
      let maxBlocks = 0;
      for (let L = 0; L < lanes; L++) {
        const len = rng.int(MAX_BLOCKS * 64 - 8);
        const m = Uint8Array.from({ length: len }, () => rng.int(256));
        msgs.push(m);
        const blocks = ((len + 8) >>> 6) + 1;
        const padded = new Uint8Array(blocks * 64);
        padded.set(m);
        padded[len] = 0x80;
        new DataView(padded.buffer).setUint32(blocks * 64 - 8, len * 8, true);
        const w = new Int32Array(padded.buffer);
        k.words.set(w, (MSG + L * LANE_BYTES) >> 2);
        k.words[(NB >> 2) + L] = blocks;
        maxBlocks = Math.max(maxBlocks, blocks);
      }
      if (lanes === LANES) k.md5x16(maxBlocks);
      else k.md5x8(maxBlocks);
      for (let L = 0; L < lanes; L++) {
        const d = new Int32Array(4);
        for (let w = 0; w < 4; w++) d[w] = k.words[((OUT + w * OUT_STRIDE) >> 2) + L];
        assert.equal(
          Buffer.from(d.buffer).toString("hex"),
          createHash("md5").update(msgs[L]).digest("hex"),
          `${lanes} lanes, lane ${L}`,
        );
      }
    }
  }
});
