import { fmix32 } from "../core/hash.js";

const EMPTY = 0;
const TWO32 = 4294967296;

/** Slot hash of a non-negative integer key below 2^53 (its two 32-bit halves mixed by fmix32). */
function slotHash(key: number): number {
  const lo = key % TWO32;
  const hi = (key - lo) / TWO32;
  return fmix32((lo >>> 0) ^ fmix32((hi >>> 0) + 0x9e3779b9));
}

/**
 * A growable set of integer keys (non-negative integers below 2^53, the range of `SearchSpace.key`) that
 * numbers them 0, 1, 2… in insertion order: an open-addressing hash table (linear probing, power-of-two
 * capacity, load ≤ 0.7) whose slots hold `index + 1` in an `Int32Array`, over one `Float64Array` of keys.
 * No per-key objects: 10^7 keys cost 8 bytes each for the keys plus 4–8 bytes of slots (≈ 150 MB at most
 * while growing, ≈ 147 MB settled with `trim()`).
 */
export class KeyIndex {
  private keysArr: Float64Array;
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 16) {
    this.keysArr = new Float64Array(Math.max(4, expected));
    const cap = capacityFor(expected);
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /**
   * An index of `keys`, which must be distinct, numbered in array order; the array is adopted, not copied
   * (issue 17: a 10⁷-member result would otherwise hold its keys twice).
   */
  static fromDistinct(keys: Float64Array): KeyIndex {
    const index = new KeyIndex(0); // nothing sized for the keys: they are adopted and the table built once
    index.keysArr = keys;
    index.count = keys.length;
    index.rehash(capacityFor(keys.length));
    return index;
  }

  /** Number of keys. */
  get size(): number {
    return this.count;
  }

  /** The key numbered `i` (0 ≤ i < size). */
  keyAt(i: number): number {
    return this.keysArr[i];
  }

  /** The keys in insertion order (a view; valid until the next `add`). */
  keys(): Float64Array {
    return this.keysArr.subarray(0, this.count);
  }

  /** The number of `key`, or −1 when absent. */
  indexOf(key: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let s = slotHash(key) & mask;
    for (;;) {
      const v = slots[s];
      if (v === EMPTY) return -1;
      if (this.keysArr[v - 1] === key) return v - 1;
      s = (s + 1) & mask;
    }
  }

  has(key: number): boolean {
    return this.indexOf(key) >= 0;
  }

  /** Adds `key` if absent; returns its number (new or existing). */
  add(key: number): number {
    if ((this.count + 1) * 10 > this.slots.length * 7) this.rehash(this.slots.length * 2);
    const slots = this.slots;
    const mask = this.mask;
    let s = slotHash(key) & mask;
    for (;;) {
      const v = slots[s];
      if (v === EMPTY) break;
      if (this.keysArr[v - 1] === key) return v - 1;
      s = (s + 1) & mask;
    }
    if (this.count === this.keysArr.length) {
      const grown = new Float64Array(Math.max(8, Math.ceil(this.keysArr.length * 1.5)));
      grown.set(this.keysArr);
      this.keysArr = grown;
    }
    const i = this.count++;
    this.keysArr[i] = key;
    slots[s] = i + 1;
    return i;
  }

  /** Releases spare key capacity (after the last `add`). */
  trim(): void {
    if (this.keysArr.length > this.count) this.keysArr = this.keysArr.slice(0, Math.max(4, this.count));
  }

  /** Bytes held by the typed arrays. */
  byteLength(): number {
    return this.keysArr.byteLength + this.slots.byteLength;
  }

  private rehash(capacity: number): void {
    const slots = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < this.count; i++) {
      let s = slotHash(this.keysArr[i]) & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = i + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function capacityFor(n: number): number {
  let cap = 16;
  while (cap * 7 < n * 10) cap *= 2;
  return cap;
}
