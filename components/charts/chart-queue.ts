/**
 * Chart work one piece per task. Drawing an ECharts chart (setOption, resize) is synchronous and
 * costs tens of milliseconds; when a live refetch or a layout change reaches every chart of a page
 * at once, doing them together made one long task that blocked input (issue 19: total blocking
 * time). Queued here, each piece runs in a task of its own, in the order asked, with input and
 * paint free to run between them.
 */
const jobs: (() => void)[] = [];
let scheduled = false;

function runNext(): void {
  scheduled = false;
  const job = jobs.shift();
  if (jobs.length > 0) schedule();
  job?.();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(runNext, 0);
}

/** Queues `job` for a task of its own; returns a cancel function (a no-op once it has run). */
export function enqueueChartWork(job: () => void): () => void {
  jobs.push(job);
  schedule();
  return () => {
    const i = jobs.indexOf(job);
    if (i >= 0) jobs.splice(i, 1);
  };
}
