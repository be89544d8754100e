import { readFileSync } from "node:fs";
import { DataError } from "../core/errors.js";
import { fmix32 } from "../core/hash.js";
import type { SearchSpace } from "../spaces/space.js";
import { writeFileAtomic } from "../store/atomic.js";
import { MemberSet } from "./member-set.js";
import { ProductSubspace } from "./product.js";

/** Value of the header's `format` field. */
export const SPACE_FILE_FORMAT = "lissnas-space";
export const SPACE_FILE_VERSION = 1;
const MAX_HEADER = 1 << 20;
/** Members unpacked per chunk of a "genotypes" payload (32 Ki: 1 MiB of DARTS genotypes). */
const CHUNK_MEMBERS = 1 << 15;
const FNV_OFFSET = 0x811c9dc5;

/**
 * Header of a shrunk-space file: the first line of the file, one JSON object.
 *
 * File format (version 1), documented in docs/shrink.md:
 * - line 1: this header as compact JSON, then `\n` (ASCII);
 * - then the payload, raw bytes:
 *   - `payload: "keys"` (member sets of spaces that decode keys): `count` canonical keys in ascending order,
 *     each an unsigned little-endian integer of `keyBytes` bytes (1–7, the fewest that hold the largest key);
 *   - `payload: "genotypes"` (member sets of spaces that cannot decode keys): `count` canonical genotypes,
 *     `genotypeLength` bytes each, in ascending key order;
 *   - `payload: "none"` (product sub-spaces): nothing; `allowed` lists the choices per position.
 * - `checksum`: hex of a 32-bit FNV-1a + fmix32 hash of the payload bytes (detects truncation and damage).
 */
export interface SpaceFileHeader {
  format: typeof SPACE_FILE_FORMAT;
  version: number;
  kind: "members" | "product";
  /** The base space's id, as `--space` names it ("nb201", "macro", "categorical:20x4"…). */
  space: string;
  genotypeLength: number;
  cardinalities: number[];
  /** Members (canonical classes) or product genotypes, as a decimal string. */
  count: string;
  payload: "keys" | "genotypes" | "none";
  keyBytes?: number;
  allowed?: number[][];
  checksum: string;
  /** Free-form provenance (command, seed, metric…); must be deterministic for byte-identical files. */
  meta?: Record<string, unknown>;
}

/** The header checksum of a payload: FNV-1a over the bytes, then fmix32 with the length, as 8 hex digits. */
export function payloadChecksum(bytes: Uint8Array): string {
  return checksumOf(fnv1a(FNV_OFFSET, bytes), bytes.length);
}

/** FNV-1a state `h` advanced over `bytes` (a payload hashed in pieces gives the same as in one). */
function fnv1a(h: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

function checksumOf(h: number, length: number): string {
  return fmix32(h ^ length)
    .toString(16)
    .padStart(8, "0");
}

/** Serialises a member set or product sub-space to the bytes of a version-1 file. */
export function encodeSpaceFile(
  space: MemberSet | ProductSubspace,
  meta?: Record<string, unknown>,
): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const c of encodeSpaceFileChunks(space, meta)) chunks.push(c.slice()); // chunks may be reused views
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The bytes of `encodeSpaceFile` as a sequence of chunks, the header line then the payload, for
 * `writeFileAtomic`: a 10⁷-member file is then never held whole (issue 17: 185–290 MB). A "genotypes"
 * payload is unpacked from the set's bit-packed store a block of members at a time into ONE reused buffer:
 * each chunk is valid only until the next is drawn (copy it to keep it). The sequence can be iterated again.
 */
export function encodeSpaceFileChunks(
  space: MemberSet | ProductSubspace,
  meta?: Record<string, unknown>,
): Iterable<Uint8Array> {
  const base = space.base;
  let payload: Iterable<Uint8Array>;
  let header: SpaceFileHeader;
  const common = {
    format: SPACE_FILE_FORMAT,
    version: SPACE_FILE_VERSION,
    space: base.id,
    genotypeLength: base.genotypeLength,
    cardinalities: Array.from(base.cardinalities),
  } as const;
  if (space instanceof ProductSubspace) {
    payload = [];
    header = {
      ...common,
      kind: "product",
      count: space.size().toString(),
      payload: "none",
      allowed: space.allowed.map((l) => Array.from(l)),
      checksum: payloadChecksum(new Uint8Array(0)),
    };
  } else {
    const n = space.count;
    if (space.packed) {
      // a set already in key order (LISSNAS's result is) is not copied sorted again; the payload is
      // unpacked twice, block by block: once for the checksum the header needs, once as it is written
      const set = space.keysAscending() ? space : space.sorted();
      payload = { [Symbol.iterator]: () => genotypeBlocks(set) };
      let h = FNV_OFFSET;
      for (const block of payload) h = fnv1a(h, block);
      header = {
        ...common,
        kind: "members",
        count: String(n),
        payload: "genotypes",
        checksum: checksumOf(h, n * base.genotypeLength),
      };
    } else {
      const keys = space.keys().sort();
      const maxKey = n > 0 ? keys[n - 1] : 0;
      let width = 1;
      while (width < 7 && maxKey >= 2 ** (8 * width)) width++;
      const bytes = new Uint8Array(n * width);
      for (let i = 0; i < n; i++) {
        let k = keys[i];
        for (let b = 0; b < width; b++) {
          const byte = k % 256;
          bytes[i * width + b] = byte;
          k = (k - byte) / 256;
        }
      }
      payload = [bytes];
      header = {
        ...common,
        kind: "members",
        count: String(n),
        payload: "keys",
        keyBytes: width,
        checksum: payloadChecksum(bytes),
      };
    }
  }
  if (meta) header.meta = meta;
  const head = new TextEncoder().encode(`${JSON.stringify(header)}\n`);
  return {
    *[Symbol.iterator]() {
      yield head;
      yield* payload;
    },
  };
}

/** The canonical genotypes of `set` in member order, CHUNK_MEMBERS at a time, in one reused buffer. */
function* genotypeBlocks(set: MemberSet): Generator<Uint8Array> {
  const n = set.count;
  const L = set.genotypeLength;
  const buf = new Uint8Array(Math.min(n, CHUNK_MEMBERS) * L);
  for (let start = 0; start < n; start += CHUNK_MEMBERS) {
    const end = Math.min(n, start + CHUNK_MEMBERS);
    yield set.genotypesInto(start, end, buf).subarray(0, (end - start) * L);
  }
}

/** Writes a shrunk space to `file` atomically (see `SpaceFileHeader` for the format). */
export function saveSpaceFile(
  file: string,
  space: MemberSet | ProductSubspace,
  meta?: Record<string, unknown>,
): void {
  writeFileAtomic(file, encodeSpaceFileChunks(space, meta));
}

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new DataError(file, `cannot read the space file (${code})`);
  }
}

function splitHeader(file: string, bytes: Uint8Array): { header: SpaceFileHeader; payload: Uint8Array } {
  const nl = bytes.subarray(0, MAX_HEADER).indexOf(10);
  if (nl < 0) throw new DataError(file, "not a lissnas space file (no header line)");
  let header: SpaceFileHeader;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, nl)));
  } catch {
    throw new DataError(file, "not a lissnas space file (the first line is not a JSON header)", 1);
  }
  if (typeof header !== "object" || header === null || header.format !== SPACE_FILE_FORMAT) {
    throw new DataError(file, `not a lissnas space file (format is not '${SPACE_FILE_FORMAT}')`, 1);
  }
  if (header.version !== SPACE_FILE_VERSION) {
    throw new DataError(
      file,
      `unsupported space file version ${header.version} (this lissnas reads ${SPACE_FILE_VERSION})`,
      1,
    );
  }
  return { header, payload: bytes.subarray(nl + 1) };
}

/** Reads only the header of a space file (to learn its base space before building it). */
export function readSpaceFileHeader(file: string): SpaceFileHeader {
  return splitHeader(file, readBytes(file)).header;
}

/**
 * Loads a shrunk space saved by `saveSpaceFile` for base space `base`. Every problem is a one-line
 * `DataError` naming the file: unreadable, not a space file, another space, wrong shape, truncated or
 * damaged payload, keys that are not canonical members of the base space, repeated members.
 */
export function loadSpaceFile(file: string, base: SearchSpace): MemberSet | ProductSubspace {
  const { header, payload } = splitHeader(file, readBytes(file));
  if (header.space !== base.id) {
    throw new DataError(
      file,
      `holds a space of '${header.space}', not '${base.id}' (use --space ${header.space})`,
      1,
    );
  }
  const cards = Array.from(base.cardinalities);
  if (
    header.genotypeLength !== base.genotypeLength ||
    !Array.isArray(header.cardinalities) ||
    header.cardinalities.join(",") !== cards.join(",")
  ) {
    throw new DataError(file, `its genotype shape does not match space ${base.id}`, 1, "cardinalities");
  }
  if (payloadChecksum(payload) !== header.checksum) {
    throw new DataError(file, "the payload is truncated or damaged (checksum mismatch)");
  }
  if (header.kind === "product") {
    if (!Array.isArray(header.allowed))
      throw new DataError(file, "a product space needs 'allowed'", 1, "allowed");
    try {
      return new ProductSubspace(base, header.allowed);
    } catch (e) {
      throw new DataError(file, (e as Error).message, 1, "allowed");
    }
  }
  if (header.kind !== "members") throw new DataError(file, `unknown kind '${header.kind}'`, 1, "kind");
  const n = Number(header.count);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new DataError(file, `bad member count '${header.count}'`, 1, "count");
  // The count must match the payload before anything is allocated for it (a header claiming 2^53 − 1
  // members is a format error, not an allocation failure).
  const perMember =
    header.payload === "genotypes"
      ? base.genotypeLength
      : header.payload === "keys"
        ? (header.keyBytes ?? 0)
        : 0;
  if (perMember > 0 && payload.length !== n * perMember) {
    throw new DataError(
      file,
      `the header counts ${header.count} members but the payload holds ${payload.length} bytes (${perMember} per member)`,
      1,
      "count",
    );
  }
  const set = new MemberSet(base, n);
  const L = base.genotypeLength;
  if (header.payload === "genotypes") {
    for (let i = 0; i < n; i++) {
      const g = payload.slice(i * L, (i + 1) * L);
      if (!base.isValid(g)) throw new DataError(file, `member ${i} is not a valid ${base.id} genotype`);
      if (!set.add(g)) throw new DataError(file, `member ${i} (${base.format(g)}) repeats an earlier member`);
    }
  } else if (header.payload === "keys") {
    if (set.packed)
      throw new DataError(file, `space ${base.id} cannot decode keys; the file should hold genotypes`);
    const w = header.keyBytes ?? 0;
    if (!Number.isInteger(w) || w < 1 || w > 7) throw new DataError(file, `bad keyBytes ${w}`, 1, "keyBytes");
    if (payload.length !== n * w)
      throw new DataError(file, `expected ${n * w} bytes of keys, found ${payload.length}`);
    for (let i = 0; i < n; i++) {
      let k = 0;
      for (let b = w - 1; b >= 0; b--) k = k * 256 + payload[i * w + b];
      let ok = false;
      try {
        ok = base.key(base.decodeKey!(k)) === k;
      } catch {
        ok = false;
      }
      if (!ok) throw new DataError(file, `member ${i}: ${k} is not a canonical key of ${base.id}`);
      if (!set.addKey(k)) throw new DataError(file, `member ${i}: key ${k} repeats an earlier member`);
    }
  } else {
    throw new DataError(file, `unknown payload '${header.payload}'`, 1, "payload");
  }
  set.trim();
  return set;
}
