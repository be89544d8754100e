import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname, resolve } from "node:path";
import { LissnasError } from "../core/errors.js";

/**
 * Writes a file atomically: the content goes to a temporary file beside the target, is flushed to disk
 * (fsync), then renamed over the target, and the folder is fsynced so the rename itself survives a power
 * loss. A reader (or a crash, or `kill -9`) never sees a half-written file. Parent folders are created.
 */
export function writeFileAtomic(
  file: string,
  content: string | Uint8Array | Iterable<string | Uint8Array>,
): void {
  const target = resolve(file);
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeDurably(tmp, content);
    renameSync(tmp, target);
    syncFolder(dirname(target));
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was created (e.g. a parent is a file): nothing to clean up
    }
    throw new LissnasError(`${file}: cannot write (${writeFailure(e as NodeJS.ErrnoException)})`);
  }
}

/** Writes and fsyncs a new file, from one buffer or a sequence of chunks (streamed: never all in memory). */
function writeDurably(file: string, content: string | Uint8Array | Iterable<string | Uint8Array>): void {
  const fd = openSync(file, "wx");
  try {
    const chunks = typeof content === "string" || content instanceof Uint8Array ? [content] : content;
    for (const chunk of chunks) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Fsyncs a folder so a rename into it is durable (a no-op where folders cannot be opened, e.g. Windows). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // folders cannot be fsynced on every platform; the rename is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Checks, before any work, that `file` can be written: its nearest existing ancestor folder is writable and
 * nothing in the way is a file where a folder is needed (or a folder where the file goes). One-line error.
 */
export function checkWritable(file: string): void {
  const target = resolve(file);
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new LissnasError(`${file}: cannot write (a folder is in the way)`);
  }
  let dir = dirname(target);
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) {
    throw new LissnasError(`${file}: cannot write (${dir} is a file, not a folder)`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new LissnasError(`${file}: cannot write (${dir} is read-only)`);
  }
}

/** Why a write failed, in words rather than errno codes. */
function writeFailure(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ENOTDIR":
    case "EEXIST":
      return "a file is in the way of a folder on its path";
    case "EISDIR":
      return "a folder is in the way";
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return "the folder is read-only";
    case "ENOSPC":
      return "the disk is full";
    default:
      return e.code ?? e.message;
  }
}
