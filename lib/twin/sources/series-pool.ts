import "server-only";
/**
 * A small pool of worker threads (series-worker.ts) for the embedded twin's expensive `/series`
 * reads: better-sqlite3 answers synchronously, so a read of a second on the main thread holds
 * sign-in, pages and light reads for that second. Each worker has its own read-only connection.
 * Jobs beyond the pool's size wait in order (the API's heavy-read line already admits no more
 * than TWINOPS_HEAVY_CONCURRENCY at once, the pool's size). A worker that dies fails its job and
 * is replaced by the next job.
 */
import { Worker } from "node:worker_threads";
import type { SeriesJob } from "./series-job";
import type { SeriesReply, SeriesRequest } from "./series-worker";

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
    // The Next build bundles the worker; under vitest its source is TypeScript, loaded by tsx's
    // require hook (Node 20 does not apply `--import tsx`'s module hooks inside worker threads).
    const worker = new Worker(new URL("./series-worker.ts", import.meta.url), process.env.VITEST ? { execArgv: ["--require", "tsx/cjs"] } : {});
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
