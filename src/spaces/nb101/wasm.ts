/**
 * The NB101 hash kernel in WebAssembly SIMD, assembled at load time by the shared assembler in src/core/wasm-asm.ts (no
 * toolchain, no binary blob in the repository).
 *
 * Why: the module hash is ~120 md5 blocks per cell, and an md5 block is a chain of 64 dependent steps —
 * ~150 ns in scalar JavaScript, which caps a scalar implementation at ~4–5× the Python reference (whose md5
 * is C). The vertex messages of a round are independent, so the kernel compresses 8 at once (two interleaved
 * sets of four 32-bit lanes, which also hides the step latency), and builds the messages and the hex
 * digests itself (unaligned 16-byte copies), leaving JavaScript only the sorting and the bookkeeping.
 *
 * Functions:
 * - `md5x8(maxBlocks)`: MD5 of the 8 padded lane messages at `MSG + L·LANE_BYTES` (block counts at
 *   `NB + 4L`; a lane with fewer blocks keeps its state after its last one); final state word w (a, b, c,
 *   d) of lane L at `OUT + 32w + 4L`.
 * - `round(count)`: for jobs 0..count−1 (count ≤ MAX_JOBS), 8 at a time: assembles the message described
 *   by job j's recipe at `REC + 16j` in a lane, pads it, runs `md5x8`, stores the digest at `DOUT + 16j`
 *   and its 32 hex digits at the address `DEST[j]` (u32 at `DEST + 4j`). Jobs should come longest first,
 *   so that the 8 lanes of a group have similar block counts.
 * Recipe (16 bytes): [0] 0 = vertex message, 1 = fingerprint message; [1] in-neighbour count k (for a
 * fingerprint: the vertex count n); [2] out-neighbour count m; [3] the vertex itself; [4..8) u32 address of
 * the hex of the cell's vertex 0 (vertex v's hex is 32·v bytes after it); [8..16) vertex indices: the k
 * in-neighbours then the m out-neighbours in hash order (for a fingerprint: all n vertices in hash order).
 * A vertex message is `in-hexes|out-hexes|own-hex`; a fingerprint is `['h', 'h', …]`.
 */
import { Asm, Simd, section, uleb, utf8 } from "../../core/wasm-asm.js";

export const LANES = 8;
/** Bytes per lane message (5 blocks at most, plus slack for 16-byte stores). */
export const LANE_BYTES = 384;
export const MAX_BLOCKS = 5;
export const MSG = 0;
export const NB = MSG + LANES * LANE_BYTES;
export const OUT = NB + 32;
const SAVE = OUT + 128;
const W = SAVE + 128;
const KTAB = W + 512;
const GTAB = KTAB + 1024;
const HEXV = GTAB + 256;
/** Most recipes of one `round` call. */
export const MAX_JOBS = 1024;
export const REC = HEXV + 16;
export const DEST = REC + MAX_JOBS * 16;
export const DOUT = DEST + MAX_JOBS * 4;
/** 32 bytes where hex digests nobody needs (fingerprints) can go. */
export const SCRATCH = DOUT + MAX_JOBS * 16;
/** Start of the free memory (hex tables, owned by hash.ts). */
export const FREE = SCRATCH + 32;
/** Memory size in bytes (two pages). */
export const MEMORY_BYTES = 131072;

// --- a minimal assembler --------------------------------------------------------------------------------

const I32_EQZ = 0x45;
const I32_LT_U = 0x49;
const I32_GT_U = 0x4b;
const I32_GE_U = 0x4f;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_SHL = 0x74;
const I32_SHR_U = 0x76;
const I8X16_SWIZZLE = 0x0e;
const I32X4_SPLAT = 0x11;
const I32X4_REPLACE_LANE = 0x1c;
const I32X4_GT_S = 0x3b;
const V128_NOT = 0x4d;
const V128_AND = 0x4e;
const V128_OR = 0x50;
const V128_XOR = 0x51;
const V128_BITSELECT = 0x52;
const I8X16_SHR_U = 0x6d;
const I32X4_SHL = 0xab;
const I32X4_SHR_U = 0xad;
const I32X4_ADD = 0xae;

/** The shared assembler (src/core/wasm-asm.ts) plus the few forms the md5 kernel uses. */
class Code extends Asm {
  i32load(offset = 0): this {
    return this.i32Load(offset);
  }
  load8(offset = 0): this {
    return this.mem(0x2d, 0, offset);
  }
  i32store(offset = 0): this {
    return this.i32Store(offset);
  }
  store8(offset = 0): this {
    return this.mem(0x3a, 0, offset);
  }
  v128load(offset = 0): this {
    return this.simdMem(Simd.v128Load, 0, offset);
  }
  v128store(offset = 0): this {
    return this.simdMem(Simd.v128Store, 0, offset);
  }
  v128splat(x: number): this {
    const bytes: number[] = [];
    for (let i = 0; i < 4; i++) for (let k = 0; k < 4; k++) bytes.push((x >>> (8 * k)) & 0xff);
    return this.v128Const(bytes);
  }
  /** local[i] += k */
  inc(i: number, k: number): this {
    return this.get(i).i32(k).op(I32_ADD).set(i);
  }
  /** `while (local[i] < local[limit]) { body(); }` as block/loop (the body must advance local[i]). */
  whileLt(i: number, limit: () => void, body: () => void): this {
    this.op(0x02, 0x40, 0x03, 0x40);
    this.get(i);
    limit();
    this.op(I32_GE_U, 0x0d, 1); // br_if 1: exit
    body();
    this.op(0x0c, 0, 0x0b, 0x0b); // br 0; end loop; end block
    return this;
  }
  ifThen(cond: () => void, then: () => void, otherwise?: () => void): this {
    cond();
    this.op(0x04, 0x40);
    then();
    if (otherwise) {
      this.op(0x05);
      otherwise();
    }
    this.op(0x0b);
    return this;
  }
}

const SHIFTS = [
  [7, 12, 17, 22],
  [5, 9, 14, 20],
  [4, 11, 16, 23],
  [6, 10, 15, 21],
];

function md5Constant(i: number): number {
  return Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0;
}

/** Message word g of step i. */
function wordOfStep(i: number): number {
  const r = i >> 4;
  return r === 0 ? i : r === 1 ? (5 * i + 1) % 16 : r === 2 ? (3 * i + 5) % 16 : (7 * i) % 16;
}

/** md5x8(maxBlocks). Locals: 0 maxBlocks, 1 blk, 2 off, 3 step, 4–5 table offsets (i32); 6–24 v128. */
function md5x8Body(): number[] {
  const c = new Code();
  const BLK = 1;
  const OFF = 2;
  const STEP = 3;
  const KOFF = 4;
  const GOFF = 5;
  const ST = (s: number, k: number) => 6 + s * 4 + k;
  const T = (s: number) => 14 + s;
  const MASK = 16;
  const R = (j: number) => 17 + j;
  const TT = (j: number) => 21 + j;
  const init = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476];
  for (let s = 0; s < 2; s++) for (let k = 0; k < 4; k++) c.v128splat(init[k]).set(ST(s, k));
  c.i32(0).set(BLK);
  c.whileLt(
    BLK,
    () => c.get(0),
    () => {
      c.get(BLK).i32(6).op(I32_SHL).set(OFF); // off = blk · 64
      // transpose: W[g][set] = word g of the set's four lanes (4×4 transposes of 16-byte loads)
      const i32Pairs = (a: number[]) => a.flatMap((w) => [w * 4, w * 4 + 1, w * 4 + 2, w * 4 + 3]);
      for (let s = 0; s < 2; s++) {
        for (let g4 = 0; g4 < 4; g4++) {
          for (let j = 0; j < 4; j++) {
            c.get(OFF)
              .v128load(MSG + (s * 4 + j) * LANE_BYTES + g4 * 16)
              .set(R(j));
          }
          c.get(R(0))
            .get(R(1))
            .shuffle(i32Pairs([0, 4, 1, 5]))
            .set(TT(0));
          c.get(R(0))
            .get(R(1))
            .shuffle(i32Pairs([2, 6, 3, 7]))
            .set(TT(1));
          c.get(R(2))
            .get(R(3))
            .shuffle(i32Pairs([0, 4, 1, 5]))
            .set(TT(2));
          c.get(R(2))
            .get(R(3))
            .shuffle(i32Pairs([2, 6, 3, 7]))
            .set(TT(3));
          for (let i = 0; i < 4; i++) {
            const lo = i < 2 ? TT(0) : TT(1);
            const hi = i < 2 ? TT(2) : TT(3);
            const pick = i % 2 === 0 ? [0, 1, 4, 5] : [2, 3, 6, 7];
            c.i32(0)
              .get(lo)
              .get(hi)
              .shuffle(i32Pairs(pick))
              .v128store(W + ((g4 * 4 + i) * 2 + s) * 16);
          }
        }
      }
      // the state at the block start goes to memory (fewer live vectors: no register spills)
      for (let s = 0; s < 2; s++) {
        for (let k = 0; k < 4; k++) {
          c.i32(0)
            .get(ST(s, k))
            .v128store(SAVE + (s * 4 + k) * 16);
        }
      }
      // 64 steps as 4 rounds × 4 loop iterations × 4 unrolled steps (the roles a, b, c, d rotate back every
      // 4 steps). A loop keeps the function small enough for V8's optimising register allocator.
      c.i32(0).set(STEP);
      for (let r = 0; r < 4; r++) {
        c.op(0x03, 0x40); // loop
        c.get(STEP).i32(4).op(I32_SHL).set(KOFF);
        c.get(STEP).i32(2).op(I32_SHL).set(GOFF);
        const names = [0, 1, 2, 3];
        for (let j = 0; j < 4; j++) {
          const sh = SHIFTS[r][j];
          const [A, B, C, D] = names;
          for (let s = 0; s < 2; s++) {
            // t = ((a + K) + W) + F: the first two adds do not wait for the previous step
            c.get(ST(s, A));
            c.get(KOFF)
              .v128load(KTAB + j * 16)
              .simd(I32X4_ADD);
            c.get(GOFF)
              .i32load(GTAB + j * 4)
              .v128load(W + s * 16)
              .simd(I32X4_ADD);
            if (r === 0) c.get(ST(s, C)).get(ST(s, D)).get(ST(s, B)).simd(V128_BITSELECT);
            else if (r === 1) c.get(ST(s, B)).get(ST(s, C)).get(ST(s, D)).simd(V128_BITSELECT);
            else if (r === 2) c.get(ST(s, B)).get(ST(s, C)).simd(V128_XOR).get(ST(s, D)).simd(V128_XOR);
            else c.get(ST(s, C)).get(ST(s, B)).get(ST(s, D)).simd(V128_NOT).simd(V128_OR).simd(V128_XOR);
            c.simd(I32X4_ADD).set(T(s));
            c.get(ST(s, B));
            c.get(T(s)).i32(sh).simd(I32X4_SHL);
            c.get(T(s))
              .i32(32 - sh)
              .simd(I32X4_SHR_U);
            c.simd(V128_OR).simd(I32X4_ADD).set(ST(s, A));
          }
          names[0] = D;
          names[1] = A;
          names[2] = B;
          names[3] = C;
        }
        c.inc(STEP, 4);
        c.get(STEP)
          .i32((r + 1) * 16)
          .op(I32_LT_U, 0x0d, 0); // br_if 0: next iteration
        c.op(0x0b);
      }
      // add the saved state on the lanes still inside their message
      for (let s = 0; s < 2; s++) {
        c.i32(0)
          .v128load(NB + s * 16)
          .get(BLK)
          .simd(I32X4_SPLAT)
          .simd(I32X4_GT_S)
          .set(MASK);
        for (let k = 0; k < 4; k++) {
          const at = SAVE + (s * 4 + k) * 16;
          c.get(ST(s, k)).i32(0).v128load(at).simd(I32X4_ADD).i32(0).v128load(at).get(MASK);
          c.simd(V128_BITSELECT).set(ST(s, k));
        }
      }
      c.inc(BLK, 1);
    },
  );
  for (let k = 0; k < 4; k++) {
    for (let s = 0; s < 2; s++) {
      c.i32(0)
        .get(ST(s, k))
        .v128store(OUT + k * 32 + s * 16);
    }
  }
  c.op(0x0b);
  return withLocals(
    [
      [5, 0x7f],
      [19, 0x7b],
    ],
    c.b,
  );
}

/** round(count). Locals: 0 count; i32 1–17; v128 18–20. */
function roundBody(): number[] {
  const c = new Code();
  const L = 1;
  const REC_ = 2;
  const P = 3;
  const START = 4;
  const HB = 5;
  const K = 6;
  const M = 7;
  const I = 8;
  const V = 9;
  const LEN = 10;
  const BLOCKS = 11;
  const END = 12;
  const Q = 13;
  const MAXB = 14;
  const DST = 15;
  const G = 16;
  const LN = 17;
  const X = 18;
  const HC = 19;
  const LC = 20;
  /** Copies the 32 hex bytes of vertex local[V] of the current cell to local[P]; P += 32. */
  const copyHex = () => {
    for (let h = 0; h < 2; h++) {
      c.get(P)
        .get(HB)
        .get(V)
        .i32(5)
        .op(I32_SHL)
        .op(I32_ADD)
        .v128load(h * 16)
        .v128store(h * 16);
    }
    c.inc(P, 32);
  };
  const putChar = (ch: number) => {
    c.get(P).i32(ch).store8();
    c.inc(P, 1);
  };
  c.i32(0).set(G);
  c.whileLt(
    G,
    () => c.get(0),
    () => {
      // this group: lanes LN = min(8, count − G)
      c.get(0)
        .get(G)
        .op(I32_SUB)
        .i32(LANES)
        .get(0)
        .get(G)
        .op(I32_SUB)
        .i32(LANES)
        .op(I32_LT_U)
        .op(0x1b)
        .set(LN);
      c.i32(0).set(MAXB);
      c.i32(0).set(L);
      c.whileLt(
        L,
        () => c.get(LN),
        () => {
          c.get(G).get(L).op(I32_ADD).i32(4).op(I32_SHL).i32(REC).op(I32_ADD).set(REC_);
          c.get(L).i32(LANE_BYTES).op(0x6c).i32(MSG).op(I32_ADD).set(START); // i32.mul
          c.get(START).set(P);
          c.get(REC_).i32load(4).set(HB);
          c.get(REC_).load8(1).set(K);
          c.ifThen(
            () => c.get(REC_).load8(0).op(I32_EQZ),
            () => {
              // vertex message: in-hexes '|' out-hexes '|' own hex
              c.get(REC_).load8(2).set(M);
              c.i32(0).set(I);
              c.whileLt(
                I,
                () => c.get(K),
                () => {
                  c.get(REC_).get(I).op(I32_ADD).load8(8).set(V);
                  copyHex();
                  c.inc(I, 1);
                },
              );
              putChar(124);
              c.i32(0).set(I);
              c.whileLt(
                I,
                () => c.get(M),
                () => {
                  c.get(REC_).get(K).op(I32_ADD).get(I).op(I32_ADD).load8(8).set(V);
                  copyHex();
                  c.inc(I, 1);
                },
              );
              putChar(124);
              c.get(REC_).load8(3).set(V);
              copyHex();
            },
            () => {
              // fingerprint: ['h0', 'h1', …]
              putChar(91);
              c.i32(0).set(I);
              c.whileLt(
                I,
                () => c.get(K),
                () => {
                  c.ifThen(
                    () => c.get(I),
                    () => {
                      putChar(44);
                      putChar(32);
                    },
                  );
                  putChar(39);
                  c.get(REC_).get(I).op(I32_ADD).load8(8).set(V);
                  copyHex();
                  putChar(39);
                  c.inc(I, 1);
                },
              );
              putChar(93);
            },
          );
          // MD5 padding
          c.get(P).get(START).op(I32_SUB).set(LEN);
          c.get(P).i32(0x80).store8();
          c.get(LEN).i32(8).op(I32_ADD).i32(6).op(I32_SHR_U).i32(1).op(I32_ADD).set(BLOCKS);
          c.get(BLOCKS).i32(6).op(I32_SHL).get(START).op(I32_ADD).set(END);
          c.get(P).i32(1).op(I32_ADD).set(Q);
          c.whileLt(
            Q,
            () => c.get(END).i32(8).op(I32_SUB),
            () => {
              c.get(Q).v128splat(0).v128store();
              c.inc(Q, 16);
            },
          );
          c.get(END).i32(8).op(I32_SUB).get(LEN).i32(3).op(I32_SHL).i32store();
          c.get(END).i32(4).op(I32_SUB).i32(0).i32store();
          c.get(L).i32(2).op(I32_SHL).get(BLOCKS).i32store(NB);
          c.ifThen(
            () => c.get(BLOCKS).get(MAXB).op(I32_GT_U),
            () => c.get(BLOCKS).set(MAXB),
          );
          c.inc(L, 1);
        },
      );
      // idle lanes: no blocks
      c.whileLt(
        L,
        () => c.i32(LANES),
        () => {
          c.get(L).i32(2).op(I32_SHL).i32(0).i32store(NB);
          c.inc(L, 1);
        },
      );
      c.get(MAXB).op(0x10, 0); // call md5x8
      c.i32(0).set(L);
      c.whileLt(
        L,
        () => c.get(LN),
        () => {
          c.get(L).i32(2).op(I32_SHL).set(Q); // 4L
          c.get(Q).i32load(OUT).simd(I32X4_SPLAT);
          for (let w = 1; w < 4; w++)
            c.get(Q)
              .i32load(OUT + 32 * w)
              .simd(I32X4_REPLACE_LANE)
              .op(w);
          c.set(X);
          c.get(G).get(L).op(I32_ADD).i32(4).op(I32_SHL).get(X).v128store(DOUT);
          // hex digits: high and low nibble of each byte through a 16-entry table, interleaved
          c.i32(0).v128load(HEXV).get(X).i32(4).simd(I8X16_SHR_U).simd(I8X16_SWIZZLE).set(HC);
          c.i32(0).v128load(HEXV).get(X);
          c.v128splat(0x0f0f0f0f).simd(V128_AND).simd(I8X16_SWIZZLE).set(LC);
          c.get(G).i32(2).op(I32_SHL).get(Q).op(I32_ADD).i32load(DEST).set(DST);
          const first: number[] = [];
          const second: number[] = [];
          for (let i = 0; i < 8; i++) first.push(i, 16 + i);
          for (let i = 8; i < 16; i++) second.push(i, 16 + i);
          c.get(DST).get(HC).get(LC).shuffle(first).v128store(0);
          c.get(DST).get(HC).get(LC).shuffle(second).v128store(16);
          c.inc(L, 1);
        },
      );
      c.inc(G, LANES);
    },
  );
  c.op(0x0b);
  return withLocals(
    [
      [17, 0x7f],
      [3, 0x7b],
    ],
    c.b,
  );
}

function withLocals(groups: Array<[number, number]>, code: number[]): number[] {
  const out: number[] = [];
  uleb(out, groups.length);
  for (const [n, t] of groups) {
    uleb(out, n);
    out.push(t);
  }
  return [...out, ...code];
}

/** The module's bytes. */
export function kernelModule(): Uint8Array<ArrayBuffer> {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  section(out, 1, [1, 0x60, 1, 0x7f, 0]); // type 0: (i32) -> ()
  section(out, 3, [2, 0, 0]); // functions 0 and 1 have type 0
  section(out, 5, [1, 0x00, MEMORY_BYTES >>> 16]); // memory 0
  section(out, 7, [3, ...utf8("mem"), 0x02, 0, ...utf8("md5x8"), 0x00, 0, ...utf8("round"), 0x00, 1]);
  const code: number[] = [2];
  for (const body of [md5x8Body(), roundBody()]) {
    uleb(code, body.length);
    code.push(...body);
  }
  section(out, 10, code);
  return Uint8Array.from(out);
}

export interface Kernel {
  /** MD5 of the 8 lane messages (see the module comment). */
  md5x8(maxBlocks: number): void;
  /** Assembles, hashes and hex-encodes the messages of `count` recipes. */
  round(count: number): void;
  bytes: Uint8Array;
  words: Int32Array;
}

let cached: Kernel | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is unavailable (callers then use scalar md5). */
export function hashKernel(): Kernel | null {
  if (cached !== undefined) return cached;
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(kernelModule()), {});
    const mem = instance.exports.mem as WebAssembly.Memory;
    const words = new Int32Array(mem.buffer);
    const bytes = new Uint8Array(mem.buffer);
    for (let i = 0; i < 64; i++) {
      words.fill(md5Constant(i), (KTAB >> 2) + i * 4, (KTAB >> 2) + i * 4 + 4);
      words[(GTAB >> 2) + i] = wordOfStep(i) * 32;
    }
    bytes.set(new TextEncoder().encode("0123456789abcdef"), HEXV);
    cached = {
      md5x8: instance.exports.md5x8 as (n: number) => void,
      round: instance.exports.round as (n: number) => void,
      bytes,
      words,
    };
  } catch {
    cached = null;
  }
  return cached;
}
