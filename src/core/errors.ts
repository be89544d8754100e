/**
 * Errors that reach the user as one line.
 *
 * Every error raised for bad input (a file, a line, a field, a knob) is a `LissnasError`. The CLI prints
 * its message on one line, without a stack trace, and exits with `exitCode`. Anything else that escapes
 * is a bug and is reported as such (still one line, exit 70).
 */
export class LissnasError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "LissnasError";
    this.exitCode = exitCode;
  }
}

/** A bad value given by the user: a command-line option, a config field or an argument. Exit code 2. */
export class UsageError extends LissnasError {
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}

/** A file that cannot be read or parsed. The message names the file and, where known, the line and field. */
export class DataError extends LissnasError {
  constructor(file: string, message: string, line?: number, field?: string) {
    const where = [
      file,
      line !== undefined ? `line ${line}` : undefined,
      field ? `field '${field}'` : undefined,
    ]
      .filter(Boolean)
      .join(", ");
    super(`${where}: ${message}`, 1);
    this.name = "DataError";
  }
}

/** An architecture string or genotype that is not valid in its space. */
export class ArchitectureError extends LissnasError {
  constructor(message: string) {
    super(message, 1);
    this.name = "ArchitectureError";
  }
}

/** Requires `cond`; otherwise throws a UsageError with `message`. */
export function requireThat(cond: boolean, message: string): asserts cond {
  if (!cond) throw new UsageError(message);
}
