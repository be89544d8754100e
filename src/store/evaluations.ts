import { existsSync } from "node:fs";
import type Database from "better-sqlite3";
import { DataError, LissnasError } from "../core/errors.js";
import { lazy } from "../core/lazy.js";

/** better-sqlite3 (native, 13 CommonJS files), loaded when a store is first opened, not at import. */
const sqlite = lazy<typeof Database>("better-sqlite3");

/** Format tag and schema version kept in the `meta` table; another version is refused, never migrated. */
const FORMAT = "lissnas-evaluations";
const VERSION = 1;
/** How long a write waits for another process's write to finish before giving up (ms). */
const BUSY_TIMEOUT_MS = 5000;

/** One finished evaluation (space and evaluator identity are those the store is bound to). */
export interface EvaluationRecord {
  /** Canonical key of the architecture's class (`space.key`), as a decimal string. */
  key: string;
  /** The architecture evaluated, in the space's string format. */
  arch: string;
  status: "ok" | "failed";
  /** Finite metric values when ok; null when failed. */
  metrics: Record<string, number> | null;
  /** One-line reason when failed; null when ok. */
  error: string | null;
  attempts: number;
  /** Wall-clock seconds spent on it (all attempts). */
  seconds: number;
  /** When it finished (ISO 8601). */
  time: string;
}

export interface StoreStats {
  file: string;
  version: number;
  space: string;
  identity: string;
  evaluations: number;
  ok: number;
  failed: number;
  /** Sum of the evaluations' wall-clock seconds. */
  seconds: number;
  /** Earliest and latest `time` (ISO), null when empty. */
  first: string | null;
  last: string | null;
  /** Names of the metrics found in ok evaluations, sorted. */
  metrics: string[];
}

interface Row {
  key: string;
  arch: string;
  status: "ok" | "failed";
  metrics: string | null;
  error: string | null;
  attempts: number;
  seconds: number;
  time: string;
}

const SCHEMA = `
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE evaluations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  arch TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  metrics TEXT,
  error TEXT,
  attempts INTEGER NOT NULL,
  seconds REAL NOT NULL,
  time TEXT NOT NULL
);`;

/** Turns an SQLite failure into a one-line DataError naming the file. */
function storeError(file: string, e: unknown, doing: string): LissnasError {
  if (e instanceof LissnasError) return e;
  const code = (e as { code?: string }).code ?? "";
  const msg = String((e as Error).message ?? e).split("\n")[0];
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT" || code.startsWith("SQLITE_CORRUPT")) {
    return new DataError(file, `not a lissnas evaluation store or corrupt (${msg})`);
  }
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return new DataError(
      file,
      `store is locked by another process (${doing}; waited ${BUSY_TIMEOUT_MS / 1000} s)`,
    );
  }
  if (code.startsWith("SQLITE_CANTOPEN") || (!code && doing === "opening"))
    return new DataError(file, `cannot open the store (${msg})`);
  if (code.startsWith("SQLITE_READONLY")) return new DataError(file, `store is read-only (${msg})`);
  return new DataError(file, `store error while ${doing} (${code || msg})`);
}

/**
 * The durable evaluation store (`--store FILE`): an SQLite file (better-sqlite3) in WAL mode with
 * `synchronous=FULL`, so every `put` is on disk when it returns and survives `kill -9` or a power cut.
 * A store is *bound* to one space spec and one evaluator identity (kept in its `meta` table with the schema
 * version): opening it for another space or evaluator is a one-line error and the file is left untouched,
 * so two trainers' numbers never mix. Keys are unique: the first record of a key wins and a second `put`
 * for it is ignored (returns false) — a replayed evaluation is never overwritten. Several processes may
 * share one store (WAL: readers never block; a writer waits up to 5 s for another).
 */
export class EvaluationStore {
  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
    readonly space: string,
    readonly identity: string,
    readonly readOnly: boolean,
  ) {}

  /** Opens (creating if absent) a store bound to `bind`; a store bound to anything else is refused. */
  static open(
    file: string,
    bind: { space: string; identity: string },
    busyTimeoutMs = BUSY_TIMEOUT_MS,
  ): EvaluationStore {
    let db: Database.Database | undefined;
    try {
      const conn = new (sqlite())(file, { timeout: busyTimeoutMs });
      db = conn;
      let meta = readMeta(file, conn);
      if (meta === undefined) {
        conn.pragma("journal_mode = WAL");
        // IMMEDIATE: two processes creating one store at once serialise; the second finds the first's
        conn
          .transaction(() => {
            if (readMeta(file, conn) === undefined) createSchema(conn, bind);
          })
          .immediate();
        meta = readMeta(file, conn) as { space: string; identity: string };
      }
      if (meta.space !== bind.space || meta.identity !== bind.identity) {
        throw new DataError(
          file,
          `store is bound to space '${meta.space}' and evaluator '${meta.identity}', not space '${bind.space}' and evaluator '${bind.identity}' (use another --store)`,
        );
      }
      conn.pragma("journal_mode = WAL");
      conn.pragma("synchronous = FULL");
      return new EvaluationStore(file, conn, bind.space, bind.identity, false);
    } catch (e) {
      db?.close();
      throw storeError(file, e, "opening");
    }
  }

  /** Opens an existing store read-only (for `store stats|export`), whatever it is bound to. */
  static openReadOnly(file: string): EvaluationStore {
    if (!existsSync(file)) throw new DataError(file, "no such store");
    let db: Database.Database | undefined;
    try {
      db = new (sqlite())(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
      const meta = readMeta(file, db);
      if (meta === undefined) throw new DataError(file, "not a lissnas evaluation store (it is empty)");
      return new EvaluationStore(file, db, meta.space, meta.identity, true);
    } catch (e) {
      db?.close();
      throw storeError(file, e, "opening");
    }
  }

  get(key: string): EvaluationRecord | undefined {
    const row = this.run("reading", () =>
      this.db.prepare("SELECT * FROM evaluations WHERE key = ?").get(key),
    ) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /**
   * Commits one record; durable when it returns. The first record of a key wins: a second put for the
   * same key is ignored and returns false.
   */
  put(rec: EvaluationRecord): boolean {
    checkRecord(this.file, rec);
    const info = this.run("writing", () =>
      this.db
        .prepare(
          `INSERT OR IGNORE INTO evaluations (key, arch, status, metrics, error, attempts, seconds, time)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          rec.key,
          rec.arch,
          rec.status,
          rec.metrics === null ? null : JSON.stringify(rec.metrics),
          rec.error,
          rec.attempts,
          rec.seconds,
          rec.time,
        ),
    );
    return info.changes === 1;
  }

  /** Every record, in insertion order. */
  all(): EvaluationRecord[] {
    const rows = this.run("reading", () =>
      this.db.prepare("SELECT * FROM evaluations ORDER BY seq").all(),
    ) as Row[];
    return rows.map(fromRow);
  }

  count(): number {
    return (
      this.run("reading", () => this.db.prepare("SELECT COUNT(*) AS n FROM evaluations").get()) as {
        n: number;
      }
    ).n;
  }

  stats(): StoreStats {
    const s = this.run("reading", () =>
      this.db
        .prepare(
          `SELECT COUNT(*) AS n, COALESCE(SUM(status = 'ok'), 0) AS ok, COALESCE(SUM(status = 'failed'), 0) AS failed,
                  COALESCE(SUM(seconds), 0) AS seconds, MIN(time) AS first, MAX(time) AS last FROM evaluations`,
        )
        .get(),
    ) as {
      n: number;
      ok: number;
      failed: number;
      seconds: number;
      first: string | null;
      last: string | null;
    };
    const names = this.run("reading", () =>
      this.db
        .prepare(
          "SELECT DISTINCT j.key AS name FROM evaluations, json_each(evaluations.metrics) AS j WHERE evaluations.metrics IS NOT NULL ORDER BY name",
        )
        .all(),
    ) as Array<{ name: string }>;
    return {
      file: this.file,
      version: VERSION,
      space: this.space,
      identity: this.identity,
      evaluations: s.n,
      ok: s.ok,
      failed: s.failed,
      seconds: s.seconds,
      first: s.first,
      last: s.last,
      metrics: names.map((n) => n.name),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private run<T>(doing: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw storeError(this.file, e, doing);
    }
  }
}

function createSchema(db: Database.Database, bind: { space: string; identity: string }): void {
  db.exec(SCHEMA);
  const ins = db.prepare("INSERT INTO meta (name, value) VALUES (?, ?)");
  ins.run("format", FORMAT);
  ins.run("version", String(VERSION));
  ins.run("space", bind.space);
  ins.run("identity", bind.identity);
  ins.run("created", new Date().toISOString());
}

/**
 * Reads and checks the meta table: undefined for a brand-new (schema-less) database; a DataError for a
 * database that is not a lissnas store or has another schema version.
 */
function readMeta(file: string, db: Database.Database): { space: string; identity: string } | undefined {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
    name: string;
  }>;
  if (tables.length === 0) return undefined;
  if (!tables.some((t) => t.name === "meta") || !tables.some((t) => t.name === "evaluations")) {
    throw new DataError(file, "not a lissnas evaluation store (an SQLite file with other tables)");
  }
  const rows = db.prepare("SELECT name, value FROM meta").all() as Array<{ name: string; value: string }>;
  const meta = Object.fromEntries(rows.map((r) => [r.name, r.value]));
  if (meta.format !== FORMAT) throw new DataError(file, "not a lissnas evaluation store (no format tag)");
  if (meta.version !== String(VERSION)) {
    throw new DataError(
      file,
      `store schema version ${meta.version} is not supported (this lissnas reads version ${VERSION}); it was left unchanged`,
    );
  }
  if (meta.space === undefined || meta.identity === undefined) {
    throw new DataError(file, "not a lissnas evaluation store (no binding)");
  }
  return { space: meta.space, identity: meta.identity };
}

function fromRow(r: Row): EvaluationRecord {
  return {
    key: r.key,
    arch: r.arch,
    status: r.status,
    metrics: r.metrics === null ? null : (JSON.parse(r.metrics) as Record<string, number>),
    error: r.error,
    attempts: r.attempts,
    seconds: r.seconds,
    time: r.time,
  };
}

/** A record must be self-consistent: ok → finite metrics; failed → a reason. */
function checkRecord(file: string, r: EvaluationRecord): void {
  const bad = (why: string) => new LissnasError(`${file}: refusing to store evaluation ${r.key}: ${why}`);
  if (r.status === "ok") {
    if (r.metrics === null) throw bad("ok without metrics");
    for (const [k, v] of Object.entries(r.metrics)) {
      if (!Number.isFinite(v)) throw bad(`metric '${k}' is not finite`);
    }
  } else if (r.status === "failed") {
    if (!r.error) throw bad("failed without a reason");
  } else {
    throw bad(`unknown status '${r.status}'`);
  }
}
