/**
 * The NB101 hash kernel in WebAssembly SIMD, assembled at load time by the shared assembler in src/core/wasm-asm.ts (no
 * toolchain, no binary blob in the repository).
 *
 * Why: the module hash is ~120 md5 blocks per cell, and an md5 block is a chain of 64 dependent steps —
 * ~150 ns in scalar JavaScript, which caps a scalar implementation at ~4–5× the Python reference (whose md5
 * is C). The vertex messages of a round are independent, so the kernel compresses 16 (or 8) at once, as
 * interleaved sets of four 32-bit lanes. On the development machine (AMD EPYC, Zen 5) a vector integer
 * operation has a latency of 2 cycles, so one md5 step costs ~11 cycles of latency but only ~10
 * operations: one set is latency-bound (~46 ns per lane-block), four sets fill the vector units
 * (~15 ns per lane-block; more sets spill registers and gain nothing). The kernel also builds the messages
 * and the hex digests (unaligned 16-byte copies), ranks each cell's vertices by hash and writes the
 * neighbour lists between rounds, so that a whole group of cells is one call.
 *
 * Step formulas (fewer operations and a shorter dependency on the newest state word b than the textbook
 * ones; all exact): F = d ^ (b & (c ^ d)); G's two disjoint halves added separately, (c & ~d) first;
 * H = b ^ (c ^ d); I = c ^ (b | ~d) = −(c ^ (d & ~b)) − 1, so round 4 subtracts c ^ (d & ~b) and its
 * constants are K − 1 (no vector NOT, which costs two instructions). The 64 steps stay a loop of 4
 * (a fully unrolled body is slower: spills, and V8 tiers a loop-free function up late).
 *
 * Functions:
 * - `md5x8(maxBlocks)` / `md5x16(maxBlocks)`: MD5 of the 8 (16) padded lane messages at
 *   `MSG + L·LANE_BYTES` (block counts at `NB + 4L`; a lane with fewer blocks keeps its state after its
 *   last one); final state word w (a, b, c, d) of lane L at `OUT + OUT_STRIDE·w + 4L`.
 * - `round(count, hexIn, hexOut, first)`: for jobs 0..count−1 (count ≤ MAX_JOBS), 16 at a time (the
 *   narrow md5 for a last group of ≤ 8): assembles the message described by job j's recipe at `REC + 16j`
 *   in a lane, pads it, runs the md5, stores the digest (little-endian words) at `DOUT + 16j`, and at
 *   `hexOut + DEST[j]` (u32 `DEST[j]` at `DEST + 4j`) a 48-byte slot: the 32 hex digits, then the sort
 *   key — the digest with each 8-byte half reversed, so that two u64 loads compare like the hex strings.
 *   Jobs should come longest first, so that the lanes of a group have similar block counts.
 * - `stage(count, n, tin, mode)`: ranks and writes the neighbour lists of a group (see `stageBody`).
 * - `cells(count, n)`: all rounds and the fingerprints of a group (see `cellsBody`).
 * Recipe (16 bytes): [0] 0 = vertex message, 1 = fingerprint message; [1] in-neighbour count k (for a
 * fingerprint: the vertex count n); [2] out-neighbour count m; [3] the vertex itself; [4..8) u32 offset
 * from `hexIn` of the slot of the cell's vertex 0 (vertex v's slot is `SLOT·v` bytes after it); [8..16)
 * vertex indices: the k in-neighbours then the m out-neighbours in hash order (for a fingerprint: all n
 * vertices in hash order). A vertex message is `in-hexes|out-hexes|own-hex`; a fingerprint is
 * `['h', 'h', …]`. With `first` set (the first round) the slots are those of the start table at `hexIn`:
 * the recipe bytes are start-slot indices, the vertex's own one after the neighbour lists (byte 8 + k + m).
 */
import { Asm, Simd, section, uleb, utf8 } from "../../core/wasm-asm.js";

/** Lanes of the widest md5 call (four sets of four). */
export const LANES = 16;
/** Lanes of the narrow md5 call (two sets of four), used for groups of ≤ 8 jobs. */
export const NARROW_LANES = 8;
/** Bytes per lane message (5 blocks at most, plus slack for 16-byte stores). */
export const LANE_BYTES = 384;
export const MAX_BLOCKS = 5;
export const MSG = 0;
export const NB = MSG + LANES * LANE_BYTES;
export const OUT = NB + 64;
/** Bytes between consecutive state words in `OUT`. */
export const OUT_STRIDE = 64;
const SAVE = OUT + 4 * OUT_STRIDE;
/** Transposed message words: word g of set s at `W + 64g + 16s`. */
const W = SAVE + 256;
const KTAB = W + 1024;
const GTAB = KTAB + 1024;
const HEXV = GTAB + 256;
/** Most recipes of one `round` call. */
export const MAX_JOBS = 1024;
export const REC = HEXV + 16;
export const DEST = REC + MAX_JOBS * 16;
export const DOUT = DEST + MAX_JOBS * 4;
/** Bytes of a vertex's slot: 32 hex digits, then the sort key (the digest, each 8-byte half reversed). */
export const SLOT = 48;
/** One slot where outputs nobody needs (fingerprints' hex) can go. */
export const SCRATCH = DOUT + MAX_JOBS * 16;
/** The two slot tables (one per round parity), MAX_JOBS slots each: slot c·n + v is vertex v of cell c. */
export const TABLE0 = SCRATCH + SLOT;
export const TABLE1 = TABLE0 + MAX_JOBS * SLOT;
/** The slots of the start hashes md5((out, in, label)), in hash order (filled by hash.ts). */
export const START_TABLE = TABLE1 + MAX_JOBS * SLOT;
export const MAX_STARTS = 256;
/** Per slot: the index in START_TABLE of the vertex's start hash (u8). */
export const SRANK = START_TABLE + MAX_STARTS * SLOT;
/** Per cell c of a group: its first edge (u32; cell c's edges are CEDGES[c] .. CEDGES[c + 1]). */
export const CEDGES = SRANK + MAX_JOBS;
/** Most edges of a group (at most 6 out of a vertex). */
export const MAX_EDGES = 6 * MAX_JOBS;
/**
 * Edge records, 8 bytes: [0] u, [1] x (the edge u → x, vertices of their cell), [2] x's in-neighbour mask,
 * [3] u's out-neighbour mask, [4..6) u16 address of x's in-list, [6..8) u16 address of u's out-list.
 */
export const EDGES = CEDGES + 4 * (MAX_JOBS + 2);
/** Scratch of `stage`: the sort keys (16 bytes per vertex), the masks of lower-ranked vertices, the values. */
const KEYS = EDGES + 8 * MAX_EDGES;
const LOWER = KEYS + 16 * 8;
const VALS = LOWER + 4 * 8;
/** Memory size in bytes (four pages). */
export const MEMORY_BYTES = 262144;
if (VALS + 8 > MEMORY_BYTES || REC + 16 * MAX_JOBS > 65536) throw new Error("nb101 kernel: memory layout");

// --- a minimal assembler --------------------------------------------------------------------------------

const I32_EQZ = 0x45;
const I32_LT_U = 0x49;
const I32_GT_U = 0x4b;
const I32_GE_U = 0x4f;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const I32_SHL = 0x74;
const I32_SHR_U = 0x76;
const SELECT = 0x1b;
const I32_EQ = 0x46;
const I64_EQ = 0x51;
const I64_LT_U = 0x54;
const I32_POPCNT = 0x69;
const I32_AND = 0x71;
const I32_OR = 0x72;
const I32_XOR = 0x73;
const I8X16_SWIZZLE = 0x0e;
const I32X4_SPLAT = 0x11;
const I32X4_REPLACE_LANE = 0x1c;
const I32X4_GT_S = 0x3b;
const V128_AND = 0x4e;
const V128_ANDNOT = 0x4f;
const V128_OR = 0x50;
const V128_XOR = 0x51;
const V128_BITSELECT = 0x52;
const I8X16_SHR_U = 0x6d;
const I32X4_SHL = 0xab;
const I32X4_SHR_U = 0xad;
const I32X4_ADD = 0xae;
const I32X4_SUB = 0xb1;

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
  load16(offset = 0): this {
    return this.mem(0x2f, 1, offset);
  }
  i64load(offset = 0): this {
    return this.mem(0x29, 3, offset);
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
  /** `while (local[i] < limit) { body(); }` as block/loop (the body must advance local[i]). */
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

/**
 * md5 over `sets` · 4 lanes (function of maxBlocks). Locals: 0 maxBlocks, 1 blk, 2 off, 3 step, 4–5 table
 * offsets (i32); then v128: the state (4 per set), t (1 per set), the lane mask, 8 transpose temporaries.
 */
function md5Body(sets: number): number[] {
  const c = new Code();
  const BLK = 1;
  const OFF = 2;
  const STEP = 3;
  const KOFF = 4;
  const GOFF = 5;
  const ST = (s: number, k: number) => 6 + s * 4 + k;
  const T = (s: number) => 6 + 4 * sets + s;
  const MASK = 6 + 5 * sets;
  const R = (j: number) => MASK + 1 + j;
  const TT = (j: number) => MASK + 5 + j;
  const KS = MASK + 9;
  const init = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476];
  for (let s = 0; s < sets; s++) for (let k = 0; k < 4; k++) c.v128splat(init[k]).set(ST(s, k));
  c.i32(0).set(BLK);
  c.whileLt(
    BLK,
    () => c.get(0),
    () => {
      c.get(BLK).i32(6).op(I32_SHL).set(OFF); // off = blk · 64
      // transpose: W[g][set] = word g of the set's four lanes (4×4 transposes of 16-byte loads)
      const i32Pairs = (a: number[]) => a.flatMap((w) => [w * 4, w * 4 + 1, w * 4 + 2, w * 4 + 3]);
      for (let s = 0; s < sets; s++) {
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
              .v128store(W + (g4 * 4 + i) * 64 + s * 16);
          }
        }
      }
      // the state at the block start goes to memory (fewer live vectors: no register spills)
      for (let s = 0; s < sets; s++) {
        for (let k = 0; k < 4; k++) {
          c.i32(0)
            .get(ST(s, k))
            .v128store(SAVE + (s * 4 + k) * 16);
        }
      }
      // 64 steps as 4 rounds × 4 loop iterations × 4 unrolled steps (the roles a, b, c, d rotate back every
      // 4 steps). A loop keeps the function small enough for V8's optimising register allocator (fully
      // unrolled, it spills and runs at half the speed).
      c.i32(0).set(STEP);
      for (let r = 0; r < 4; r++) {
        c.op(0x03, 0x40); // loop
        c.get(STEP).i32(4).op(I32_SHL).set(KOFF);
        c.get(STEP).i32(2).op(I32_SHL).set(GOFF);
        const names = [0, 1, 2, 3];
        for (let j = 0; j < 4; j++) {
          const sh = SHIFTS[r][j];
          const [A, B, C, D] = names;
          c.get(KOFF)
            .v128load(KTAB + j * 16)
            .set(KS);
          for (let s = 0; s < sets; s++) {
            // t = ((a + K) + W) ± f(b, c, d): the first two adds do not wait for the previous step
            c.get(ST(s, A)).get(KS).simd(I32X4_ADD);
            c.get(GOFF)
              .i32load(GTAB + j * 4)
              .v128load(W + s * 16)
              .simd(I32X4_ADD);
            if (r === 0) {
              // + (d ^ (b & (c ^ d)))
              c.get(ST(s, D)).get(ST(s, C)).get(ST(s, D)).simd(V128_XOR);
              c.get(ST(s, B)).simd(V128_AND).simd(V128_XOR).simd(I32X4_ADD);
            } else if (r === 1) {
              // + (c & ~d) + (b & d)
              c.get(ST(s, C)).get(ST(s, D)).simd(V128_ANDNOT).simd(I32X4_ADD);
              c.get(ST(s, B)).get(ST(s, D)).simd(V128_AND).simd(I32X4_ADD);
            } else if (r === 2) {
              // + (b ^ (c ^ d))
              c.get(ST(s, C)).get(ST(s, D)).simd(V128_XOR).get(ST(s, B)).simd(V128_XOR).simd(I32X4_ADD);
            } else {
              // − (c ^ (d & ~b)), the constant being K − 1
              c.get(ST(s, C)).get(ST(s, D)).get(ST(s, B)).simd(V128_ANDNOT).simd(V128_XOR);
              c.simd(I32X4_SUB);
            }
            c.set(T(s));
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
      for (let s = 0; s < sets; s++) {
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
    for (let s = 0; s < sets; s++) {
      c.i32(0)
        .get(ST(s, k))
        .v128store(OUT + k * OUT_STRIDE + s * 16);
    }
  }
  c.op(0x0b);
  return withLocals(
    [
      [5, 0x7f],
      [5 * sets + 10, 0x7b],
    ],
    c.b,
  );
}

/** Function indices in the module. */
const F_MD5X8 = 0;
const F_MD5X16 = 1;
const F_ROUND = 2;
const F_STAGE = 3;
const F_CELLS = 4;

/** round(count, hexIn, hexOut, first). Locals: 0–3 parameters; i32 4–21; v128 22–24. */
function roundBody(): number[] {
  const c = new Code();
  const HEX_IN = 1;
  const HEX_OUT = 2;
  const FIRST = 3;
  const L = 4;
  const REC_ = 5;
  const P = 6;
  const START = 7;
  const HB = 8;
  const K = 9;
  const M = 10;
  const I = 11;
  const V = 12;
  const LEN = 13;
  const BLOCKS = 14;
  const END = 15;
  const Q = 16;
  const MAXB = 17;
  const DST = 18;
  const G = 19;
  const LN = 20;
  const WIDE = 21;
  const X = 22;
  const HC = 23;
  const LC = 24;
  /** Copies the 32 hex bytes of vertex local[V] of the current cell to local[P]; P += 32. */
  const copyHex = () => {
    for (let h = 0; h < 2; h++) {
      c.get(P)
        .get(HB)
        .get(V)
        .i32(SLOT)
        .op(I32_MUL)
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
      // this group: LN = count − G lanes, at most 16; the narrow md5 when LN ≤ 8
      c.get(0).get(G).op(I32_SUB).set(LN);
      c.get(LN).i32(NARROW_LANES).op(I32_GT_U).set(WIDE);
      c.ifThen(
        () => c.get(LN).i32(LANES).op(I32_GT_U),
        () => c.i32(LANES).set(LN),
      );
      c.i32(0).set(MAXB);
      c.i32(0).set(L);
      c.whileLt(
        L,
        () => c.get(LN),
        () => {
          c.get(G).get(L).op(I32_ADD).i32(4).op(I32_SHL).i32(REC).op(I32_ADD).set(REC_);
          c.get(L).i32(LANE_BYTES).op(I32_MUL).i32(MSG).op(I32_ADD).set(START);
          c.get(START).set(P);
          // the cell's slots (in the first round: the start table, indexed by the recipe bytes)
          c.get(HEX_IN).i32(0).get(REC_).i32load(4).get(FIRST).op(SELECT).op(I32_ADD).set(HB);
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
              // own slot: byte 3, or in the first round the byte after the neighbour lists
              c.get(REC_).get(K).op(I32_ADD).get(M).op(I32_ADD).load8(8);
              c.get(REC_).load8(3).get(FIRST).op(SELECT).set(V);
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
      // idle lanes (up to 8 or 16): no blocks
      c.whileLt(
        L,
        () => c.get(WIDE).i32(3).op(I32_SHL).i32(NARROW_LANES).op(I32_ADD),
        () => {
          c.get(L).i32(2).op(I32_SHL).i32(0).i32store(NB);
          c.inc(L, 1);
        },
      );
      c.ifThen(
        () => c.get(WIDE),
        () => c.get(MAXB).call(F_MD5X16),
        () => c.get(MAXB).call(F_MD5X8),
      );
      c.i32(0).set(L);
      c.whileLt(
        L,
        () => c.get(LN),
        () => {
          c.get(L).i32(2).op(I32_SHL).set(Q); // 4L
          c.get(Q).i32load(OUT).simd(I32X4_SPLAT);
          for (let w = 1; w < 4; w++)
            c.get(Q)
              .i32load(OUT + OUT_STRIDE * w)
              .simd(I32X4_REPLACE_LANE)
              .op(w);
          c.set(X);
          c.get(G).get(L).op(I32_ADD).i32(4).op(I32_SHL).get(X).v128store(DOUT);
          // hex digits: high and low nibble of each byte through a 16-entry table, interleaved
          c.i32(0).v128load(HEXV).get(X).i32(4).simd(I8X16_SHR_U).simd(I8X16_SWIZZLE).set(HC);
          c.i32(0).v128load(HEXV).get(X);
          c.v128splat(0x0f0f0f0f).simd(V128_AND).simd(I8X16_SWIZZLE).set(LC);
          c.get(G).get(L).op(I32_ADD).i32(2).op(I32_SHL).i32load(DEST).get(HEX_OUT).op(I32_ADD).set(DST);
          const first: number[] = [];
          const second: number[] = [];
          for (let i = 0; i < 8; i++) first.push(i, 16 + i);
          for (let i = 8; i < 16; i++) second.push(i, 16 + i);
          c.get(DST).get(HC).get(LC).shuffle(first).v128store(0);
          c.get(DST).get(HC).get(LC).shuffle(second).v128store(16);
          // the sort key: each 8-byte half reversed (then read as u64 it compares like the digest bytes)
          c.get(DST).get(X).get(X).shuffle([7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8]);
          c.v128store(32);
          c.inc(L, 1);
        },
      );
      c.get(G).get(LN).op(I32_ADD).set(G);
    },
  );
  c.op(0x0b);
  return withLocals(
    [
      [18, 0x7f],
      [3, 0x7b],
    ],
    c.b,
  );
}

/**
 * stage(count, n, tin, mode): for each cell c < count of n vertices (slots c·n + v), ranks the vertices by
 * their sort keys (the slots of table `tin`; in the first round, mode 1, the start slots named by SRANK),
 * then writes, edge by edge, each neighbour at its place in the recipes' lists — its place in a list is the
 * number of that list's vertices ranked before it; in the first round the values written are the start-slot
 * indices. Mode 2 writes the fingerprint recipe of each cell instead (cell c: recipe c, all n vertices in
 * hash order, DEST 0). Ranking: 21 branch-free comparisons of 128-bit keys for 7 vertices, each giving one
 * bit of the masks `LOWER[v]` of the vertices ranked before v (equal keys: the higher index first).
 * Locals: 0–3 parameters; i32 4–13; i64 14–17; i32 18.
 */
function stageBody(): number[] {
  const c = new Code();
  const N = 1;
  const TIN = 2;
  const MODE = 3;
  const CELL = 4;
  const BASE = 5;
  const V = 6;
  const U = 7;
  const LV = 8;
  const LT = 9;
  const E = 10;
  const E1 = 11;
  const EA = 12;
  const RC = 13;
  const A0 = 14;
  const A1 = 15;
  const B0 = 16;
  const B1 = 17;
  const FIRST = 18;
  const lowerAt = (i: number) => c.get(i).i32(2).op(I32_SHL); // byte offset of LOWER[local i]
  c.get(MODE).i32(1).op(I32_EQ).set(FIRST);
  c.i32(0).set(CELL);
  c.whileLt(
    CELL,
    () => c.get(0),
    () => {
      c.get(CELL).get(N).op(I32_MUL).set(BASE);
      // keys, values, LOWER = 0
      c.i32(0).set(V);
      c.whileLt(
        V,
        () => c.get(N),
        () => {
          // first round: the start slot SRANK[slot] (value written: its index); else the slot in tin
          c.get(BASE).get(V).op(I32_ADD).load8(SRANK).set(U);
          c.get(V).get(U).get(V).get(FIRST).op(SELECT).store8(VALS);
          c.get(V).i32(4).op(I32_SHL);
          c.get(U).i32(SLOT).op(I32_MUL).i32(START_TABLE).op(I32_ADD);
          c.get(BASE).get(V).op(I32_ADD).i32(SLOT).op(I32_MUL).get(TIN).op(I32_ADD);
          c.get(FIRST).op(SELECT).v128load(32).v128store(KEYS);
          lowerAt(V).i32(0).i32store(LOWER);
          c.inc(V, 1);
        },
      );
      // ranks: LOWER[v] = vertices before v
      c.i32(1).set(V);
      c.whileLt(
        V,
        () => c.get(N),
        () => {
          c.get(V).i32(4).op(I32_SHL).i64load(KEYS).set(B0);
          c.get(V)
            .i32(4)
            .op(I32_SHL)
            .i64load(KEYS + 8)
            .set(B1);
          c.i32(0).set(LV);
          c.i32(0).set(U);
          c.whileLt(
            U,
            () => c.get(V),
            () => {
              c.get(U).i32(4).op(I32_SHL).i64load(KEYS).set(A0);
              c.get(U)
                .i32(4)
                .op(I32_SHL)
                .i64load(KEYS + 8)
                .set(A1);
              // lt = a0 < b0 | (a0 == b0 & a1 < b1): u before v
              c.get(A0).get(B0).op(I64_LT_U);
              c.get(A0).get(B0).op(I64_EQ).get(A1).get(B1).op(I64_LT_U).op(I32_AND);
              c.op(I32_OR).set(LT);
              c.get(LV).get(LT).get(U).op(I32_SHL).op(I32_OR).set(LV);
              lowerAt(U);
              lowerAt(U).i32load(LOWER).get(LT).i32(1).op(I32_XOR).get(V).op(I32_SHL).op(I32_OR);
              c.i32store(LOWER);
              c.inc(U, 1);
            },
          );
          lowerAt(V);
          lowerAt(V).i32load(LOWER).get(LV).op(I32_OR);
          c.i32store(LOWER);
          c.inc(V, 1);
        },
      );
      c.ifThen(
        () => c.get(MODE).i32(2).op(I32_EQ),
        () => {
          // fingerprint recipe
          c.get(CELL).i32(4).op(I32_SHL).i32(REC).op(I32_ADD).set(RC);
          c.get(RC).get(N).i32(8).op(I32_SHL).i32(1).op(I32_OR).i32store();
          c.get(RC).get(BASE).i32(SLOT).op(I32_MUL).i32store(4);
          c.get(CELL).i32(2).op(I32_SHL).i32(0).i32store(DEST);
          c.i32(0).set(V);
          c.whileLt(
            V,
            () => c.get(N),
            () => {
              c.get(RC);
              lowerAt(V).i32load(LOWER).op(I32_POPCNT).op(I32_ADD);
              c.get(V).store8(8);
              c.inc(V, 1);
            },
          );
        },
        () => {
          // edges u → x: u into x's in-list, x into u's out-list
          c.get(CELL).i32(2).op(I32_SHL).i32load(CEDGES).set(E);
          c.get(CELL)
            .i32(2)
            .op(I32_SHL)
            .i32load(CEDGES + 4)
            .set(E1);
          c.whileLt(
            E,
            () => c.get(E1),
            () => {
              c.get(E).i32(3).op(I32_SHL).i32(EDGES).op(I32_ADD).set(EA);
              c.get(EA).load8(0).set(U);
              c.get(EA).load8(1).set(V);
              c.get(EA).load16(4);
              c.get(EA).load8(2);
              lowerAt(U).i32load(LOWER).op(I32_AND).op(I32_POPCNT).op(I32_ADD);
              c.get(U).load8(VALS).store8();
              c.get(EA).load16(6);
              c.get(EA).load8(3);
              lowerAt(V).i32load(LOWER).op(I32_AND).op(I32_POPCNT).op(I32_ADD);
              c.get(V).load8(VALS).store8();
              c.inc(E, 1);
            },
          );
        },
      );
      c.inc(CELL, 1);
    },
  );
  c.op(0x0b);
  return withLocals(
    [
      [10, 0x7f],
      [4, 0x7e],
      [1, 0x7f],
    ],
    c.b,
  );
}

/**
 * cells(count, n): the whole hash of a group of `count` cells of n vertices, set up by hash.ts (SRANK,
 * CEDGES, EDGES, the vertex recipes and DEST): n rounds of `stage` + `round` between the slot tables (the
 * first reading the start table), then the fingerprints, whose digests end at `DOUT + 16c`.
 * Locals: 0–1 parameters; i32 2–4.
 */
function cellsBody(): number[] {
  const c = new Code();
  const N = 1;
  const R = 2;
  const TIN = 3;
  const ODD = 4;
  c.i32(0).set(R);
  c.whileLt(
    R,
    () => c.get(N),
    () => {
      c.get(R).i32(1).op(I32_AND).set(ODD);
      c.i32(TABLE1).i32(TABLE0).get(ODD).op(SELECT);
      c.i32(START_TABLE).get(R).op(SELECT).set(TIN); // round 0: the start table
      c.get(0).get(N).get(TIN).i32(0).i32(1).get(R).op(SELECT).call(F_STAGE);
      c.get(0).get(N).op(I32_MUL).get(TIN);
      c.i32(TABLE0).i32(TABLE1).get(ODD).op(SELECT);
      c.get(R).op(I32_EQZ).call(F_ROUND);
      c.inc(R, 1);
    },
  );
  c.i32(TABLE1).i32(TABLE0).get(N).i32(1).op(I32_AND).op(SELECT).set(TIN);
  c.get(0).get(N).get(TIN).i32(2).call(F_STAGE);
  c.get(0).get(TIN).i32(SCRATCH).i32(0).call(F_ROUND);
  c.op(0x0b);
  return withLocals([[3, 0x7f]], c.b);
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
  // type 0: (i32) -> (); type 1: (i32, i32, i32, i32) -> (); type 2: (i32, i32) -> ()
  section(out, 1, [3, 0x60, 1, 0x7f, 0, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 0, 0x60, 2, 0x7f, 0x7f, 0]);
  section(out, 3, [5, 0, 0, 1, 1, 2]); // md5x8, md5x16, round, stage, cells
  section(out, 5, [1, 0x00, MEMORY_BYTES >>> 16]); // memory 0
  const exports: Array<[string, number, number]> = [
    ["mem", 0x02, 0],
    ["md5x8", 0x00, F_MD5X8],
    ["md5x16", 0x00, F_MD5X16],
    ["round", 0x00, F_ROUND],
    ["stage", 0x00, F_STAGE],
    ["cells", 0x00, F_CELLS],
  ];
  section(out, 7, [exports.length, ...exports.flatMap(([name, kind, i]) => [...utf8(name), kind, i])]);
  const code: number[] = [5];
  for (const body of [md5Body(2), md5Body(4), roundBody(), stageBody(), cellsBody()]) {
    uleb(code, body.length);
    code.push(...body);
  }
  section(out, 10, code);
  return Uint8Array.from(out);
}

export interface Kernel {
  /** MD5 of the 8 lane messages (see the module comment). */
  md5x8(maxBlocks: number): void;
  /** MD5 of the 16 lane messages. */
  md5x16(maxBlocks: number): void;
  /** Assembles, hashes and hex-encodes the messages of `count` recipes. */
  round(count: number, hexIn: number, hexOut: number, first: number): void;
  /** Ranks the cells' vertices and writes the neighbour lists (or fingerprint recipes) for a round. */
  stage(count: number, n: number, tin: number, mode: number): void;
  /** All rounds and the fingerprints of a group of cells set up in memory. */
  cells(count: number, n: number): void;
  bytes: Uint8Array;
  words: Int32Array;
  /** The memory as unsigned words (the sort keys of the slots). */
  u32: Uint32Array;
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
      const k = (md5Constant(i) - (i >= 48 ? 1 : 0)) | 0; // round 4 subtracts: K − 1 (module comment)
      words.fill(k, (KTAB >> 2) + i * 4, (KTAB >> 2) + i * 4 + 4);
      words[(GTAB >> 2) + i] = wordOfStep(i) * 64;
    }
    bytes.set(new TextEncoder().encode("0123456789abcdef"), HEXV);
    cached = {
      md5x8: instance.exports.md5x8 as (n: number) => void,
      md5x16: instance.exports.md5x16 as (n: number) => void,
      round: instance.exports.round as (n: number, hexIn: number, hexOut: number, first: number) => void,
      stage: instance.exports.stage as (count: number, n: number, tin: number, mode: number) => void,
      cells: instance.exports.cells as (count: number, n: number) => void,
      bytes,
      words,
      u32: new Uint32Array(mem.buffer),
    };
  } catch {
    cached = null;
  }
  return cached;
}
