/**
 * Worker thread of the series pool (series-pool.ts): runs expensive `/series` reads with its own
 * read-only connection to the twin's SQLite file (WAL lets readers run beside the writer), so a
 * read of seconds never holds the main thread's event loop. Answers JSON text: a string crosses
 * threads as one copy, where objects would be cloned value by value on the main thread.
 */
import { parentPort } from "node:worker_threads";
import Database from "better-sqlite3";
import { runSeriesJob, type SeriesJob } from "./series-job";

export interface SeriesRequest {
  id: number;
  file: string;
  job: SeriesJob;
}

export type SeriesReply =
  | { id: number; ok: true; text: string }
  | { id: number; ok: false; name: string; message: string; code?: string };

const connections = new Map<string, Database.Database>();

function connection(file: string): Database.Database {
  let db = connections.get(file);
  if (!db?.open) {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    connections.set(file, db);
  }
  return db;
}

parentPort?.on("message", (req: SeriesRequest) => {
  let reply: SeriesReply;
  try {
    reply = { id: req.id, ok: true, text: runSeriesJob(connection(req.file), req.job) };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const code = (err as Error & { code?: unknown }).code;
    reply = { id: req.id, ok: false, name: err.name, message: err.message, ...(typeof code === "string" ? { code } : {}) };
  }
  parentPort?.postMessage(reply);
});
