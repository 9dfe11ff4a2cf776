// Driver side of the runtime benchmarks: times a runtime's process from the
// outside by the CPU time its threads consumed (/proc/<pid>/task/*/schedstat,
// nanoseconds), because workerd freezes the clock inside a request and a
// shared machine makes wall time depend on the neighbours. Contenders are
// interleaved within each round; the table shows the median over rounds.
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

/** Nanoseconds of CPU used so far by every thread of the given processes. */
export function cpuNanos(pids) {
  let total = 0;
  for (const pid of pids) {
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // exited
    }
    for (const tid of tasks) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // the thread ended between the listing and the read
      }
    }
  }
  return total;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const fmt = (x) =>
  x === undefined
    ? "–"
    : x >= 10_000
      ? `${Math.round(x / 1000)}k`
      : x >= 1000
        ? `${(x / 1000).toFixed(1)}k`
        : x.toFixed(0);

/**
 * Runs every (row, column) cell: `run(row, column, n)` performs n operations
 * in the runtime and `pids()` names the runtime's processes. A cell's batch
 * size is calibrated once to about `sliceMs` of CPU.
 */
export async function measure({ rows, columns, cells, run, pids, rounds, sliceMs, log }) {
  const timed = async (row, column, n) => {
    const before = cpuNanos(pids());
    await run(row, column, n);
    return (cpuNanos(pids()) - before) / 1e6; // ms
  };
  const batch = new Map();
  const key = (row, column) => `${row}\u0000${column}`;
  for (const row of rows) {
    for (const column of columns) {
      if (!cells[column].includes(row)) continue;
      let n = 4;
      let ms = await timed(row, column, n);
      while (ms < sliceMs / 4 && n < 1 << 22) {
        n *= 4;
        ms = await timed(row, column, n);
      }
      batch.set(key(row, column), Math.max(1, Math.round((n * sliceMs) / Math.max(ms, 0.001))));
    }
    log?.(`calibrated ${row}`);
  }
  const samples = new Map();
  for (let r = 0; r < rounds; r++) {
    for (const row of rows) {
      for (const column of columns) {
        if (!cells[column].includes(row)) continue;
        const n = batch.get(key(row, column));
        const ms = await timed(row, column, n);
        const list = samples.get(key(row, column)) ?? [];
        list.push((n * 1000) / ms);
        samples.set(key(row, column), list);
      }
    }
    log?.(`round ${r + 1}/${rounds}`);
  }
  const result = {};
  for (const row of rows) {
    result[row] = {};
    for (const column of columns) {
      const list = samples.get(key(row, column));
      result[row][column] = list && median(list);
    }
  }
  return result;
}

/**
 * A ratio rounded down to two decimals: the targets are "at least", so a row
 * printed as 1.00 is at least 1.00 (0.997 prints as 0.99, not 1.00).
 */
export const fmtRatio = (ratio) => (Math.floor(ratio * 100 + 1e-9) / 100).toFixed(2);
/** A Markdown table: ops/s per column, then ours / each raw column. */
export function table(rows, columns, result, oursColumns) {
  const raw = columns.filter((c) => !oursColumns.includes(c));
  const head = ["operation", ...columns.map((c) => `${c} ops/s`)];
  for (const o of oursColumns) for (const r of raw) head.push(`${o} / ${r}`);
  const lines = [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`];
  for (const row of rows) {
    const cells = [row, ...columns.map((c) => fmt(result[row][c]))];
    for (const o of oursColumns) {
      for (const r of raw) {
        const a = result[row][o];
        const b = result[row][r];
        cells.push(a && b ? fmtRatio(a / b) : "–");
      }
    }
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

/** CPU model and count, for the header of a run. */
export function machine() {
  const list = cpus();
  return `${list[0]?.model ?? "unknown CPU"} x${list.length}`;
}

/** `--name value` from argv, or the fallback. */
export function option(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}
