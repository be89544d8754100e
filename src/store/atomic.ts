import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { LissnasError } from "../core/errors.js";

/**
 * Writes a file atomically: the content goes to a temporary file beside the target, is flushed to disk
 * (fsync), then renamed over the target, and the folder is fsynced so the rename itself survives a power
 * loss. A reader (or a crash, or `kill -9`) never sees a half-written file. Parent folders are created.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
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
    throw new LissnasError(
      `${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
}

/** Writes and fsyncs a new file. */
function writeDurably(file: string, content: string | Uint8Array): void {
  const fd = openSync(file, "wx");
  try {
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
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
