/**
 * A minimal WebAssembly binary writer, shared by the hand-assembled kernels (the GBDT's bit-sliced
 * prediction, src/predictors/bitsliced.ts; NB101's md5, src/spaces/nb101/wasm.ts): instructions are appended
 * as bytes to an `Asm`, functions are packed into a module by `wasmModule`. Opcodes are those of the
 * WebAssembly 2.0 core and fixed-width SIMD specifications. Written by hand because the kernels are built at
 * load time from TypeScript, with no toolchain and no binary file in the repository.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Opcodes (one byte) of the core instructions used. */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  brTable: 0x0e,
  call: 0x10,
  i32Load: 0x28,
  f32Load: 0x2a,
  f64Load: 0x2b,
  i32Store: 0x36,
  f64Store: 0x39,
  i32Store16: 0x3b,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  f64Add: 0xa0,
} as const;

/** Opcodes (after the 0xfd prefix) of the SIMD instructions used. */
export const Simd = {
  v128Load: 0x00,
  v128Store: 0x0b,
  v128Const: 0x0c,
  i8x16Shuffle: 0x0d,
  i32x4Splat: 0x11,
  i32x4ExtractLane: 0x1b,
  f32x4Splat: 0x13,
  f32x4Ge: 0x46,
  v128And: 0x4e,
  v128Xor: 0x51,
  v128Bitselect: 0x52,
  load32Lane: 0x56,
  load32Zero: 0x5c,
  i8x16Bitmask: 0x64,
  i8x16NarrowI16x8S: 0x65,
  i16x8NarrowI32x4S: 0x85,
  i16x8ExtendLowI8x16U: 0x89,
  i16x8ExtendHighI8x16U: 0x8a,
  i16x8Shl: 0x8b,
  i32x4ExtendLowI16x8U: 0xa9,
  i32x4ExtendHighI16x8U: 0xaa,
  i32x4Add: 0xae,
  i64x2Shl: 0xcb,
  i64x2ShrU: 0xcd,
} as const;

export function uleb(out: number[], v: number): void {
  let x = v >>> 0;
  do {
    let b = x & 0x7f;
    x >>>= 7;
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
}

export function sleb(out: number[], v: number): void {
  let x = v | 0;
  for (;;) {
    const b = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

/** Appends instructions as bytes; every method returns `this`, so code reads as a chain. */
export class Asm {
  readonly b: number[] = [];

  op(...bytes: number[]): this {
    for (const x of bytes) this.b.push(x);
    return this;
  }
  get(i: number): this {
    this.b.push(0x20);
    uleb(this.b, i);
    return this;
  }
  set(i: number): this {
    this.b.push(0x21);
    uleb(this.b, i);
    return this;
  }
  tee(i: number): this {
    this.b.push(0x22);
    uleb(this.b, i);
    return this;
  }
  i32(v: number): this {
    this.b.push(0x41);
    sleb(this.b, v);
    return this;
  }
  call(f: number): this {
    this.b.push(Op.call);
    uleb(this.b, f);
    return this;
  }
  br(depth: number): this {
    this.b.push(Op.br);
    uleb(this.b, depth);
    return this;
  }
  brIf(depth: number): this {
    this.b.push(Op.brIf);
    uleb(this.b, depth);
    return this;
  }
  brTable(labels: number[], fallback: number): this {
    this.b.push(Op.brTable);
    uleb(this.b, labels.length);
    for (const l of labels) uleb(this.b, l);
    uleb(this.b, fallback);
    return this;
  }
  /** `block` / `loop` / `if` without a result. */
  begin(kind: number): this {
    this.b.push(kind, 0x40);
    return this;
  }
  end(): this {
    this.b.push(Op.end);
    return this;
  }
  /** A memory instruction: opcode bytes, then the memarg (log2 alignment, constant offset). */
  mem(code: number, align: number, offset: number): this {
    this.b.push(code);
    uleb(this.b, align);
    uleb(this.b, offset);
    return this;
  }
  i32Load(offset = 0): this {
    return this.mem(Op.i32Load, 2, offset);
  }
  i32Store(offset = 0): this {
    return this.mem(Op.i32Store, 2, offset);
  }
  f32Load(offset = 0): this {
    return this.mem(Op.f32Load, 2, offset);
  }
  f64Load(offset = 0): this {
    return this.mem(Op.f64Load, 3, offset);
  }
  f64Store(offset = 0): this {
    return this.mem(Op.f64Store, 3, offset);
  }
  i32Store16(offset = 0): this {
    return this.mem(Op.i32Store16, 1, offset);
  }
  /** A SIMD instruction without immediates. */
  simd(code: number): this {
    this.b.push(0xfd);
    uleb(this.b, code);
    return this;
  }
  simdMem(code: number, align: number, offset: number): this {
    this.b.push(0xfd);
    uleb(this.b, code);
    uleb(this.b, align);
    uleb(this.b, offset);
    return this;
  }
  v128Load(offset = 0): this {
    return this.simdMem(Simd.v128Load, 4, offset);
  }
  v128Store(offset = 0): this {
    return this.simdMem(Simd.v128Store, 4, offset);
  }
  load32Zero(offset: number): this {
    return this.simdMem(Simd.load32Zero, 2, offset);
  }
  load32Lane(offset: number, lane: number): this {
    this.simdMem(Simd.load32Lane, 2, offset);
    this.b.push(lane);
    return this;
  }
  /** A SIMD instruction with a lane index. */
  lane(code: number, lane: number): this {
    this.simd(code);
    this.b.push(lane);
    return this;
  }
  /** A v128 constant from 16 bytes. */
  v128Const(bytes: ArrayLike<number>): this {
    this.simd(Simd.v128Const);
    for (let i = 0; i < 16; i++) this.b.push(bytes[i] & 0xff);
    return this;
  }
  /** A v128 constant whose two 64-bit lanes are both `hi · 2³² + lo`. */
  v128I64(hi: number, lo: number): this {
    const bytes: number[] = [];
    for (let lane = 0; lane < 2; lane++) {
      for (let k = 0; k < 4; k++) bytes.push((lo >>> (8 * k)) & 0xff);
      for (let k = 0; k < 4; k++) bytes.push((hi >>> (8 * k)) & 0xff);
    }
    return this.v128Const(bytes);
  }
  shuffle(lanes: readonly number[]): this {
    this.simd(Simd.i8x16Shuffle);
    for (const l of lanes) this.b.push(l);
    return this;
  }
}

export interface WasmFunc {
  params: number[];
  results: number[];
  /** Types of the locals after the parameters. */
  locals: number[];
  body: Asm;
  /** Export name, when exported. */
  name?: string;
}

/** Appends a module section: its id, its byte length, its content. */
export function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  uleb(out, content.length);
  for (const x of content) out.push(x);
}

/** A name as the binary format writes it: byte length, then UTF-8 bytes. */
export function utf8(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  const out: number[] = [];
  uleb(out, bytes.length);
  return [...out, ...bytes];
}

/** A module of `funcs` (function i has index i) and one memory of `pages` 64 KiB pages, exported as "mem". */
export function wasmModule(funcs: WasmFunc[], pages: number): Uint8Array<ArrayBuffer> {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(types, funcs.length);
  for (const f of funcs) {
    types.push(0x60);
    uleb(types, f.params.length);
    types.push(...f.params);
    uleb(types, f.results.length);
    types.push(...f.results);
  }
  section(out, 1, types);
  const fsec: number[] = [];
  uleb(fsec, funcs.length);
  for (let i = 0; i < funcs.length; i++) uleb(fsec, i);
  section(out, 3, fsec);
  const msec = [1, 0x00];
  uleb(msec, pages);
  section(out, 5, msec);
  const exported = funcs.map((f, i) => [f.name, i] as const).filter(([n]) => n !== undefined);
  const esec: number[] = [];
  uleb(esec, exported.length + 1);
  esec.push(...utf8("mem"), 0x02, 0);
  for (const [n, i] of exported) {
    esec.push(...utf8(n as string), 0x00);
    uleb(esec, i);
  }
  section(out, 7, esec);
  const code: number[] = [];
  uleb(code, funcs.length);
  for (const f of funcs) {
    const body: number[] = [];
    const groups: Array<[number, number]> = [];
    for (const t of f.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    uleb(body, groups.length);
    for (const [n, t] of groups) {
      uleb(body, n);
      body.push(t);
    }
    for (const x of f.body.b) body.push(x);
    body.push(Op.end);
    uleb(code, body.length);
    for (const x of body) code.push(x);
  }
  section(out, 10, code);
  return Uint8Array.from(out);
}
