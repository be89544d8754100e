import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { LissnasError } from "../core/errors.js";

/**
 * Writes a file atomically: the content goes to a temporary file beside the target, which is then renamed
 * over it, so a reader (or a crash) never sees a half-written file. Parent folders are created.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const target = resolve(file);
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, target);
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
