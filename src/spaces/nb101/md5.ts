/**
 * MD5 (RFC 1321) over bytes held in a caller-owned buffer, written for the NB101 module hash.
 *
 * Why hand-written rather than `node:crypto`: the NAS-Bench-101 hash of one cell is ~57 md5 calls on
 * messages of 10–250 bytes. `createHash("md5")` costs about 1.5 µs per call in object creation and the
 * crossing into C++ (measured: 17k cells/s, 1.8× the Python reference, far from the ≥ 20× target); this
 * version works in place on one preallocated `Uint8Array`/`Int32Array` pair, allocates nothing and stays
 * inside JIT-compiled code (~50k cells/s). It is the scalar engine; the default engine is the 16-lane
 * WebAssembly SIMD kernel of wasm.ts. `test/spaces/nb101/md5.test.ts` checks both against `node:crypto`.
 *
 * Words are read through an `Int32Array` view, so the platform must be little-endian (as MD5's word
 * order); `LITTLE_ENDIAN` says whether it is, and callers fall back to `node:crypto` when it is not.
 */

/** Whether typed-array words are little-endian on this platform. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A scratch message buffer: bytes and the same memory as 32-bit words. */
export interface Md5Buffer {
  bytes: Uint8Array;
  words: Int32Array;
}

/** A buffer for messages of up to `capacity` bytes (rounded up to whole padded blocks). */
export function md5Buffer(capacity: number): Md5Buffer {
  const size = (Math.ceil((capacity + 9) / 64) * 64) | 0;
  const bytes = new Uint8Array(size);
  return { bytes, words: new Int32Array(bytes.buffer) };
}

/**
 * MD5 of `buf.bytes[0..len)`, written as four little-endian words (the digest bytes in order) into
 * `out[at..at+4)`. Pads the buffer in place (bytes after `len` are overwritten).
 */
export function md5Into(buf: Md5Buffer, len: number, out: Int32Array, at: number): void {
  const bytes = buf.bytes;
  const w = buf.words;
  const blocks = ((len + 8) >>> 6) + 1;
  const end = blocks << 4; // in words
  if (end << 2 > bytes.length) throw new RangeError(`md5: message of ${len} bytes exceeds the buffer`);
  bytes[len] = 0x80;
  for (let i = len + 1; i & 3; i++) bytes[i] = 0;
  for (let i = (len >>> 2) + 1; i < end - 2; i++) w[i] = 0;
  w[end - 2] = len << 3;
  w[end - 1] = len >>> 29;
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let o = 0; o < end; o += 16) {
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    let t = 0;
    t = (a + ((b & c) | (~b & d)) + w[o + 0] + -680876936) | 0;
    a = (b + ((t << 7) | (t >>> 25))) | 0;
    t = (d + ((a & b) | (~a & c)) + w[o + 1] + -389564586) | 0;
    d = (a + ((t << 12) | (t >>> 20))) | 0;
    t = (c + ((d & a) | (~d & b)) + w[o + 2] + 606105819) | 0;
    c = (d + ((t << 17) | (t >>> 15))) | 0;
    t = (b + ((c & d) | (~c & a)) + w[o + 3] + -1044525330) | 0;
    b = (c + ((t << 22) | (t >>> 10))) | 0;
    t = (a + ((b & c) | (~b & d)) + w[o + 4] + -176418897) | 0;
    a = (b + ((t << 7) | (t >>> 25))) | 0;
    t = (d + ((a & b) | (~a & c)) + w[o + 5] + 1200080426) | 0;
    d = (a + ((t << 12) | (t >>> 20))) | 0;
    t = (c + ((d & a) | (~d & b)) + w[o + 6] + -1473231341) | 0;
    c = (d + ((t << 17) | (t >>> 15))) | 0;
    t = (b + ((c & d) | (~c & a)) + w[o + 7] + -45705983) | 0;
    b = (c + ((t << 22) | (t >>> 10))) | 0;
    t = (a + ((b & c) | (~b & d)) + w[o + 8] + 1770035416) | 0;
    a = (b + ((t << 7) | (t >>> 25))) | 0;
    t = (d + ((a & b) | (~a & c)) + w[o + 9] + -1958414417) | 0;
    d = (a + ((t << 12) | (t >>> 20))) | 0;
    t = (c + ((d & a) | (~d & b)) + w[o + 10] + -42063) | 0;
    c = (d + ((t << 17) | (t >>> 15))) | 0;
    t = (b + ((c & d) | (~c & a)) + w[o + 11] + -1990404162) | 0;
    b = (c + ((t << 22) | (t >>> 10))) | 0;
    t = (a + ((b & c) | (~b & d)) + w[o + 12] + 1804603682) | 0;
    a = (b + ((t << 7) | (t >>> 25))) | 0;
    t = (d + ((a & b) | (~a & c)) + w[o + 13] + -40341101) | 0;
    d = (a + ((t << 12) | (t >>> 20))) | 0;
    t = (c + ((d & a) | (~d & b)) + w[o + 14] + -1502002290) | 0;
    c = (d + ((t << 17) | (t >>> 15))) | 0;
    t = (b + ((c & d) | (~c & a)) + w[o + 15] + 1236535329) | 0;
    b = (c + ((t << 22) | (t >>> 10))) | 0;
    t = (a + ((b & d) | (c & ~d)) + w[o + 1] + -165796510) | 0;
    a = (b + ((t << 5) | (t >>> 27))) | 0;
    t = (d + ((a & c) | (b & ~c)) + w[o + 6] + -1069501632) | 0;
    d = (a + ((t << 9) | (t >>> 23))) | 0;
    t = (c + ((d & b) | (a & ~b)) + w[o + 11] + 643717713) | 0;
    c = (d + ((t << 14) | (t >>> 18))) | 0;
    t = (b + ((c & a) | (d & ~a)) + w[o + 0] + -373897302) | 0;
    b = (c + ((t << 20) | (t >>> 12))) | 0;
    t = (a + ((b & d) | (c & ~d)) + w[o + 5] + -701558691) | 0;
    a = (b + ((t << 5) | (t >>> 27))) | 0;
    t = (d + ((a & c) | (b & ~c)) + w[o + 10] + 38016083) | 0;
    d = (a + ((t << 9) | (t >>> 23))) | 0;
    t = (c + ((d & b) | (a & ~b)) + w[o + 15] + -660478335) | 0;
    c = (d + ((t << 14) | (t >>> 18))) | 0;
    t = (b + ((c & a) | (d & ~a)) + w[o + 4] + -405537848) | 0;
    b = (c + ((t << 20) | (t >>> 12))) | 0;
    t = (a + ((b & d) | (c & ~d)) + w[o + 9] + 568446438) | 0;
    a = (b + ((t << 5) | (t >>> 27))) | 0;
    t = (d + ((a & c) | (b & ~c)) + w[o + 14] + -1019803690) | 0;
    d = (a + ((t << 9) | (t >>> 23))) | 0;
    t = (c + ((d & b) | (a & ~b)) + w[o + 3] + -187363961) | 0;
    c = (d + ((t << 14) | (t >>> 18))) | 0;
    t = (b + ((c & a) | (d & ~a)) + w[o + 8] + 1163531501) | 0;
    b = (c + ((t << 20) | (t >>> 12))) | 0;
    t = (a + ((b & d) | (c & ~d)) + w[o + 13] + -1444681467) | 0;
    a = (b + ((t << 5) | (t >>> 27))) | 0;
    t = (d + ((a & c) | (b & ~c)) + w[o + 2] + -51403784) | 0;
    d = (a + ((t << 9) | (t >>> 23))) | 0;
    t = (c + ((d & b) | (a & ~b)) + w[o + 7] + 1735328473) | 0;
    c = (d + ((t << 14) | (t >>> 18))) | 0;
    t = (b + ((c & a) | (d & ~a)) + w[o + 12] + -1926607734) | 0;
    b = (c + ((t << 20) | (t >>> 12))) | 0;
    t = (a + (b ^ c ^ d) + w[o + 5] + -378558) | 0;
    a = (b + ((t << 4) | (t >>> 28))) | 0;
    t = (d + (a ^ b ^ c) + w[o + 8] + -2022574463) | 0;
    d = (a + ((t << 11) | (t >>> 21))) | 0;
    t = (c + (d ^ a ^ b) + w[o + 11] + 1839030562) | 0;
    c = (d + ((t << 16) | (t >>> 16))) | 0;
    t = (b + (c ^ d ^ a) + w[o + 14] + -35309556) | 0;
    b = (c + ((t << 23) | (t >>> 9))) | 0;
    t = (a + (b ^ c ^ d) + w[o + 1] + -1530992060) | 0;
    a = (b + ((t << 4) | (t >>> 28))) | 0;
    t = (d + (a ^ b ^ c) + w[o + 4] + 1272893353) | 0;
    d = (a + ((t << 11) | (t >>> 21))) | 0;
    t = (c + (d ^ a ^ b) + w[o + 7] + -155497632) | 0;
    c = (d + ((t << 16) | (t >>> 16))) | 0;
    t = (b + (c ^ d ^ a) + w[o + 10] + -1094730640) | 0;
    b = (c + ((t << 23) | (t >>> 9))) | 0;
    t = (a + (b ^ c ^ d) + w[o + 13] + 681279174) | 0;
    a = (b + ((t << 4) | (t >>> 28))) | 0;
    t = (d + (a ^ b ^ c) + w[o + 0] + -358537222) | 0;
    d = (a + ((t << 11) | (t >>> 21))) | 0;
    t = (c + (d ^ a ^ b) + w[o + 3] + -722521979) | 0;
    c = (d + ((t << 16) | (t >>> 16))) | 0;
    t = (b + (c ^ d ^ a) + w[o + 6] + 76029189) | 0;
    b = (c + ((t << 23) | (t >>> 9))) | 0;
    t = (a + (b ^ c ^ d) + w[o + 9] + -640364487) | 0;
    a = (b + ((t << 4) | (t >>> 28))) | 0;
    t = (d + (a ^ b ^ c) + w[o + 12] + -421815835) | 0;
    d = (a + ((t << 11) | (t >>> 21))) | 0;
    t = (c + (d ^ a ^ b) + w[o + 15] + 530742520) | 0;
    c = (d + ((t << 16) | (t >>> 16))) | 0;
    t = (b + (c ^ d ^ a) + w[o + 2] + -995338651) | 0;
    b = (c + ((t << 23) | (t >>> 9))) | 0;
    t = (a + (c ^ (b | ~d)) + w[o + 0] + -198630844) | 0;
    a = (b + ((t << 6) | (t >>> 26))) | 0;
    t = (d + (b ^ (a | ~c)) + w[o + 7] + 1126891415) | 0;
    d = (a + ((t << 10) | (t >>> 22))) | 0;
    t = (c + (a ^ (d | ~b)) + w[o + 14] + -1416354905) | 0;
    c = (d + ((t << 15) | (t >>> 17))) | 0;
    t = (b + (d ^ (c | ~a)) + w[o + 5] + -57434055) | 0;
    b = (c + ((t << 21) | (t >>> 11))) | 0;
    t = (a + (c ^ (b | ~d)) + w[o + 12] + 1700485571) | 0;
    a = (b + ((t << 6) | (t >>> 26))) | 0;
    t = (d + (b ^ (a | ~c)) + w[o + 3] + -1894986606) | 0;
    d = (a + ((t << 10) | (t >>> 22))) | 0;
    t = (c + (a ^ (d | ~b)) + w[o + 10] + -1051523) | 0;
    c = (d + ((t << 15) | (t >>> 17))) | 0;
    t = (b + (d ^ (c | ~a)) + w[o + 1] + -2054922799) | 0;
    b = (c + ((t << 21) | (t >>> 11))) | 0;
    t = (a + (c ^ (b | ~d)) + w[o + 8] + 1873313359) | 0;
    a = (b + ((t << 6) | (t >>> 26))) | 0;
    t = (d + (b ^ (a | ~c)) + w[o + 15] + -30611744) | 0;
    d = (a + ((t << 10) | (t >>> 22))) | 0;
    t = (c + (a ^ (d | ~b)) + w[o + 6] + -1560198380) | 0;
    c = (d + ((t << 15) | (t >>> 17))) | 0;
    t = (b + (d ^ (c | ~a)) + w[o + 13] + 1309151649) | 0;
    b = (c + ((t << 21) | (t >>> 11))) | 0;
    t = (a + (c ^ (b | ~d)) + w[o + 4] + -145523070) | 0;
    a = (b + ((t << 6) | (t >>> 26))) | 0;
    t = (d + (b ^ (a | ~c)) + w[o + 11] + -1120210379) | 0;
    d = (a + ((t << 10) | (t >>> 22))) | 0;
    t = (c + (a ^ (d | ~b)) + w[o + 2] + 718787259) | 0;
    c = (d + ((t << 15) | (t >>> 17))) | 0;
    t = (b + (d ^ (c | ~a)) + w[o + 9] + -343485551) | 0;
    b = (c + ((t << 21) | (t >>> 11))) | 0;
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  out[at] = a0;
  out[at + 1] = b0;
  out[at + 2] = c0;
  out[at + 3] = d0;
}
