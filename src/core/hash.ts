/**
 * Small, fast, non-cryptographic hashes used to derive seeds and compact keys.
 *
 * `hash32` is FNV-1a over UTF-16 code units followed by the murmur3 32-bit finaliser (fmix32), so that
 * nearby strings ("run-1", "run-2") give unrelated seeds. Reference: Fowler–Noll–Vo; Appleby, MurmurHash3.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** murmur3's 32-bit finaliser: a bijection on uint32 with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
