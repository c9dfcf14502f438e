import "server-only";
/**
 * A small pool of worker threads for the embedded twin's expensive `/series`
 * reads: better-sqlite3 answers synchronously, so a read of a second on the main thread holds
 * sign-in, pages and light reads for that second. Each worker has its own read-only connection.
 * Jobs beyond the pool's size wait in order (the API's heavy-read line already admits no more
 * than TWINOPS_HEAVY_CONCURRENCY at once, the pool's size). A worker that dies fails its job and
 * is replaced by the next job.
 */
import type { MessagePort } from "node:worker_threads";
import { Worker } from "node:worker_threads";
import type BetterSqlite3 from "better-sqlite3";
import { seriesKernel } from "../series";
import { seriesJobKernel, type SeriesJob } from "./series-job";

interface SeriesRequest {
  id: number;
  file: string;
  job: SeriesJob;
}

type SeriesReply = { id: number; ok: true; text: string } | { id: number; ok: false; name: string; message: string; code?: string };

/**
 * The worker thread's loop: a read-only connection per file (WAL lets readers run beside the
 * writer), a job per message, its JSON text back (a string crosses threads as one copy, where
 * objects would be cloned value by value on the main thread). Self-contained (sent as source).
 */
function serveSeriesJobs(
  port: MessagePort,
  Database: typeof BetterSqlite3,
  run: (db: BetterSqlite3.Database, job: SeriesJob) => string,
  lowerPriority: () => void,
): void {
  try {
    lowerPriority();
  } catch {
    // Not permitted here (some containers): the reads still run, at the thread's priority.
  }
  const connections = new Map<string, BetterSqlite3.Database>();
  port.on("message", (req: SeriesRequest) => {
    let reply: SeriesReply;
    try {
      let db = connections.get(req.file);
      if (!db?.open) {
        db = new Database(req.file, { readonly: true, fileMustExist: true });
        db.pragma("busy_timeout = 5000");
        connections.set(req.file, db);
      }
      reply = { id: req.id, ok: true, text: run(db, req.job) };
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const code = (err as Error & { code?: unknown }).code;
      reply = { id: req.id, ok: false, name: err.name, message: err.message, ...(typeof code === "string" ? { code } : {}) };
    }
    port.postMessage(reply);
  });
}

/**
 * Nice value of the worker threads (Linux: per thread; the main thread keeps its own). On a busy
 * machine the cores go to sign-in, pages and light reads first and expensive reads take what is
 * left; on an idle one they run at full speed. Measured with bench/flood.ts: at the main thread's
 * priority a worker took the cores the event loop needed, and light requests got slower, not faster.
 */
const WORKER_NICE = 10;

/**
 * What a worker runs: the same kernels the main thread buckets with, as source text. A bundler
 * cannot lose a worker entry this way (Turbopack copies `new Worker(new URL("./x.ts", …))` as a
 * raw asset), and tests need no TypeScript loader in the thread.
 */
const WORKER_SOURCE = `"use strict";
const { parentPort } = require("node:worker_threads");
const jobs = (${seriesJobKernel.toString()})((${seriesKernel.toString()})());
(${serveSeriesJobs.toString()})(parentPort, require("better-sqlite3"), jobs.runSeriesJob, () => require("node:os").setPriority(${WORKER_NICE}));`;

interface Task {
  job: SeriesJob;
  resolve: (text: string) => void;
  reject: (err: Error) => void;
}

/** A failure reported by a worker, as the error it was (name and code kept: `storeError` maps SQLite's). */
function workerError(r: Extract<SeriesReply, { ok: false }>): Error {
  const err = new Error(r.message) as Error & { code?: string };
  err.name = r.name;
  if (r.code !== undefined) err.code = r.code;
  return err;
}

export class SeriesPool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task & { id: number }>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  /** `file`: the twin's SQLite file; `size`: most workers (and reads) at once. */
  constructor(
    private readonly file: string,
    private readonly size: number,
  ) {}

  /** The job's series as JSON text, computed in a worker thread. */
  run(job: SeriesJob): Promise<string> {
    if (this.closed) return Promise.reject(new Error("the series pool is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  /** Workers started and jobs waiting (tests, diagnostics). */
  stats(): { workers: number; busy: number; waiting: number } {
    return { workers: this.workers.size, busy: this.busy.size, waiting: this.queue.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error("the series pool is closed"));
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const worker = this.idle.pop() ?? (this.workers.size < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const task = this.queue.shift()!;
      const id = this.nextId++;
      this.busy.set(worker, { ...task, id });
      worker.ref();
      worker.postMessage({ id, file: this.file, job: task.job } satisfies SeriesRequest);
    }
  }

  private spawn(): Worker {
    // `require` in an eval'd worker resolves from the working directory: the app's (next start).
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on("message", (r: SeriesReply) => {
      const task = this.busy.get(worker);
      if (!task || task.id !== r.id) return;
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if (r.ok) task.resolve(r.text);
      else task.reject(workerError(r));
      this.pump();
    });
    const gone = (err: Error) => {
      if (!this.workers.delete(worker)) return;
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      task?.reject(err);
      this.pump();
    };
    worker.on("error", gone);
    worker.on("exit", (code) => gone(new Error(`a series worker stopped (exit code ${code})`)));
    this.workers.add(worker);
    return worker;
  }
}
