/**
 * Structured server logs: one JSON object per line, `{"t":ISO,"level":…,"msg":…,…fields}`,
 * debug and info to stdout, warn and error to stderr, filtered by TWINOPS_LOG_LEVEL (default
 * info). Logging never throws: circular, deep, or hostile fields are replaced, not fatal, so a
 * log call in an error path cannot become a second error.
 */
import { env } from "@/lib/config/env";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  /** `log.error("…", { err })` records the error's name, message, stack (and cause). */
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (a request id, a component name). */
  child(fields: LogFields): Logger;
}

/** Receives one finished line (no trailing newline) and the level that picks its stream. */
export type LogWriter = (line: string, level: LogLevel) => void;

export interface LoggerOptions {
  /** The lowest level written, or a function asked on each line (the process logger's). */
  level?: LogLevel | (() => LogLevel);
  write?: LogWriter;
  now?: () => Date;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const RESERVED = new Set(["t", "level", "msg"]);
/** Nesting below this is summarised: a log line is not a heap dump. */
const MAX_DEPTH = 8;
/** Longest array or object (in entries) logged in full. */
const MAX_ENTRIES = 100;
const UNSERIALISABLE = "[Unserialisable]";

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && Object.hasOwn(RANK, value);
}

/** Node's console writes log/info to stdout and warn/error to stderr, one line per call. */
const consoleWriter: LogWriter = (line, level) => {
  if (level === "warn" || level === "error") console.error(line);
  else console.log(line);
};

/** One property; a throwing getter reads as a marker instead of failing the whole line. */
function read(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return UNSERIALISABLE;
  }
}

function serialiseError(err: Error, stack: object[]): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  if (err.stack !== undefined) out.stack = err.stack;
  // Extra own properties (code, status, errno…) help more than they cost.
  for (const key of Object.keys(err)) {
    if (key === "name" || key === "message" || key === "stack") continue;
    out[key] = toJsonValue(read(err, key), stack);
  }
  if (err.cause !== undefined) out.cause = toJsonValue(err.cause, stack);
  return out;
}

/**
 * A JSON-safe copy of `value`. `stack` holds the objects being visited (ancestors), so a value
 * that appears twice side by side is logged twice, and only a true cycle becomes "[Circular]".
 */
function toJsonValue(value: unknown, stack: object[]): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return value.toString();
    case "undefined":
      return undefined;
    case "symbol":
      return value.toString();
    case "function":
      return `[Function ${value.name || "anonymous"}]`;
  }
  if (value === null) return null;
  const obj = value as object;
  if (stack.includes(obj)) return "[Circular]";
  if (stack.length >= MAX_DEPTH) return "[Truncated]";
  stack.push(obj);
  try {
    if (obj instanceof Error) return serialiseError(obj, stack);
    if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? "Invalid Date" : obj.toISOString();
    if (obj instanceof Map) return toJsonValue(Object.fromEntries([...obj].slice(0, MAX_ENTRIES)), stack);
    if (obj instanceof Set) return toJsonValue([...obj].slice(0, MAX_ENTRIES), stack);
    if (Array.isArray(obj)) {
      const items = obj.slice(0, MAX_ENTRIES).map((v) => toJsonValue(v, stack) ?? null);
      if (obj.length > MAX_ENTRIES) items.push(`[${obj.length - MAX_ENTRIES} more]`);
      return items;
    }
    if (ArrayBuffer.isView(obj)) return `[${obj.constructor.name} ${obj.byteLength} bytes]`;
    const toJSON: unknown = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return toJsonValue(toJSON.call(obj), stack);
    const out: Record<string, unknown> = {};
    const keys = Object.keys(obj);
    for (const key of keys.slice(0, MAX_ENTRIES)) {
      const v = toJsonValue(read(obj, key), stack);
      if (v !== undefined) out[key] = v;
    }
    if (keys.length > MAX_ENTRIES) out["…"] = `${keys.length - MAX_ENTRIES} more keys`;
    return out;
  } catch {
    // A throwing getter or toJSON, a revoked proxy: say so rather than fail the log call.
    return UNSERIALISABLE;
  } finally {
    stack.pop();
  }
}

/** The JSON line for one record; exported for tests. Never throws. */
export function formatLine(t: Date, level: LogLevel, msg: string, fields: LogFields | undefined): string {
  const record: Record<string, unknown> = { t: t.toISOString(), level, msg: String(msg) };
  if (fields) {
    let keys: string[];
    try {
      keys = Object.keys(fields);
    } catch {
      keys = [];
    }
    for (const key of keys) {
      const v = toJsonValue(read(fields, key), []);
      // A field must not overwrite the envelope; keep it under another name instead.
      if (v !== undefined) record[RESERVED.has(key) ? `field.${key}` : key] = v;
    }
  }
  return JSON.stringify(record);
}

/** A logger writing to `write` (default: the console) at `level` and above. */
export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const { level: minLevel = "info" } = options;
  const write = options.write ?? consoleWriter;
  const now = options.now ?? (() => new Date());
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (RANK[level] < RANK[typeof minLevel === "function" ? minLevel() : minLevel]) return;
    const t = now();
    let line: string;
    try {
      line = formatLine(t, level, msg, fields ? { ...bound, ...fields } : bound);
    } catch {
      // Fields that cannot even be spread (a hostile proxy): keep the message.
      line = JSON.stringify({ t: t.toISOString(), level, msg: String(msg), logError: "fields not serialisable" });
    }
    try {
      write(line, level);
    } catch {
      // A closed stdout (EPIPE) must not take a request down with it.
    }
  };
  return {
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

let processLevel: LogLevel | undefined;

/**
 * TWINOPS_LOG_LEVEL, read on the first line logged. Info while the environment is invalid: a log
 * line must not throw, and start-up (instrumentation.ts) then stops naming the bad variable.
 */
function levelOfProcess(): LogLevel {
  if (processLevel) return processLevel;
  try {
    processLevel = env().TWINOPS_LOG_LEVEL;
    return processLevel;
  } catch {
    return "info";
  }
}

/** The process logger (TWINOPS_LOG_LEVEL, lib/config/env.ts). */
export const log: Logger = createLogger({ level: levelOfProcess });
