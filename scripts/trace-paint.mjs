#!/usr/bin/env node
// Where the first-paint bench's pages spend their time before the first question is painted (a
// measurement, not a test; scripts/bench-paint.mjs times them). Each page is loaded cold in a
// fresh browser context under a Chromium trace, in rounds alternating the pages; for each load
// it sums, up to the frame with the first question on screen (a performance mark the watcher
// sets), the renderer main thread's busy time (its top-level tasks) and the time inside each
// kind of work (script compile and run, HTML parse, style, layout, paint, …, outermost events
// only), the other renderer threads' busy time (off-thread compile, …), and when each request
// started and ended. Prints each figure's median over the rounds.
// With TIMELINE=1 it also prints, for each page, the load nearest its median: the requests and
// the renderer main thread's tasks over 0.2 ms (what each was made of) in time order, up to the
// frame with the first question — to set two pages' timelines side by side.
// TRACE_DIR=<folder> keeps each load's trace there (<page>-<round>.json: Chromium's DevTools
// Performance panel opens them).
// Usage: [BEFORE=<revision>] [TIMELINE=1] [TRACE_DIR=<folder>] node scripts/trace-paint.mjs [rounds] [page …]
//        (default 11; pages: floor compiled lean, the variants nomodulepreload nowasmpreload
//        highhints modelfirst when named, with BEFORE before before-lean; after npm run build)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../tests/browser/harness.mjs';
import { beforePages, hintVariants, paintServer } from './paint-before.mjs';

const rounds = Number(process.argv[2] || 11);
const all = /** @type {Record<string, string>} */ ({
  floor: '/test/paint-floor.html',
  compiled: '/test/paint-widget.html',
  lean: '/test/paint-widget-lean.html',
});
// Variants of the page with every hint (scripts/paint-before.mjs), the ones named.
const variants = hintVariants(process.argv.slice(3));
for (const [name, url] of variants.pages) all[name] = url;
// BEFORE=<revision>: its pages too (scripts/paint-before.mjs).
const revision = process.env.BEFORE ? beforePages(process.env.BEFORE) : null;
for (const [name, url] of revision?.pages ?? []) all[name] = url;
const chosen = process.argv.slice(3);
const pages = Object.entries(all).filter(([name]) => !chosen.length || chosen.includes(name));

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink',
  'blink.user_timing',
  'loading',
  'toplevel',
  'netlog',
];

// The kinds of work, by trace event name (outermost of each kind only: a compile inside a
// script's run counts under both, the run's total and the compile).
const KINDS = {
  'script compile': ['v8.compile', 'v8.compileModule', 'V8.CompileCode', 'v8.produceModuleCache'],
  'script run': ['v8.evaluateModule', 'EvaluateScript', 'v8.run', 'FunctionCall', 'V8.Execute'],
  'parse HTML': ['ParseHTML'],
  'parse CSS': ['ParseAuthorStyleSheet'],
  style: ['UpdateLayoutTree', 'RecalculateStyles'],
  layout: ['Layout'],
  'pre-paint + paint': ['PrePaint', 'Paint'],
  'commit/layerize': ['Layerize', 'Commit', 'UpdateLayer', 'CompositeLayers'],
  'wasm compile': ['wasm.CompileLazy', 'wasm.SyncCompile', 'wasm.StartStreamingCompilation'],
  gc: ['MinorGC', 'MajorGC', 'V8.GCScavenger', 'V8.GCFinalizeMC', 'BlinkGC.AtomicPhase'],
  'animation frame': ['FireAnimationFrame'],
};
const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'ThreadPool_RunTask']);
const WRAPPERS = new Set([...TASKS, 'SequenceManager::DoIdleWork']);

function watchFirstQuestion() {
  const shown = () =>
    [...document.querySelectorAll('lead-qualifier, #floor')].some((host) =>
      host.shadowRoot?.querySelector('.field:not([hidden])'),
    );
  // Reported on the console once the frame is out: nothing is sent to the page while it loads
  // (as in scripts/bench-paint.mjs).
  const frame = () => {
    if (!shown()) return requestAnimationFrame(frame);
    performance.mark('lq-first-question');
    const ms = performance.now();
    setTimeout(() => console.debug(`trace-paint ${ms}`));
  };
  requestAnimationFrame(frame);
}

// Sum of the union of [start, end) intervals (outermost events only), in ms.
function covered(intervals) {
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of intervals) {
    if (s >= end) {
      total += e - s;
      end = e;
    } else if (e > end) {
      total += e - end;
      end = e;
    }
  }
  return total / 1000;
}

function analyse(events, pageMs) {
  const mark = events.find((e) => e.name === 'lq-first-question');
  if (!mark) throw new Error('trace-paint: no lq-first-question mark in the trace');
  const pid = mark.pid;
  const threads = new Map();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.pid === pid) threads.set(e.tid, e.args.name);
  const mainTid = [...threads].find(([, n]) => n === 'CrRendererMain')?.[0] ?? mark.tid;
  // The page's time origin: the mark's time in the trace less its performance.now().
  const t0 = mark.ts - pageMs * 1000;
  const end = mark.ts;
  const before = (e) => e.ph === 'X' && e.ts >= t0 && e.ts < end;
  const clip = (e) => [e.ts, Math.min(e.ts + (e.dur ?? 0), end)];
  const figures = { 'first question (trace)': (end - t0) / 1000 };
  const main = events.filter((e) => e.pid === pid && e.tid === mainTid && before(e));
  const tasks = main.filter((e) => TASKS.has(e.name));
  figures['main thread busy'] = covered(tasks.map(clip));
  // Its CPU time (a task's thread time): what the page asked of the CPU, whatever the load; of the
  // outermost tasks that ended before the mark (the one the mark is in is the frame's, whose
  // animation frame callback sets it), and by what each task ran (its outermost named event).
  const outermost = tasks
    .filter((e) => e.ts + (e.dur ?? 0) <= end)
    .filter((e) => !tasks.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur));
  figures['main thread CPU'] = outermost.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
  const inside = (task) =>
    main.find(
      (e) => !TASKS.has(e.name) && !WRAPPERS.has(e.name) && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur,
    )?.name ?? '(unnamed)';
  for (const task of outermost) {
    const key = `CPU: ${inside(task)}`;
    figures[key] = (figures[key] ?? 0) + (task.tdur ?? 0) / 1000;
  }
  for (const [kind, names] of Object.entries(KINDS))
    figures[kind] = covered(main.filter((e) => names.includes(e.name)).map(clip));
  // Self time by event name on the main thread (an event's time less its children's), the
  // biggest ones: what the busy time is made of, whatever its name.
  const stack = [];
  const self = new Map();
  for (const e of main.filter((x) => x.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const [s, t] = clip(e);
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - (t - s) / 1000);
    self.set(e.name, (self.get(e.name) ?? 0) + (t - s) / 1000);
    stack.push(e);
  }
  for (const [name, ms] of self) figures[`self: ${name}`] = ms;
  const others = events.filter(
    (e) => e.pid === pid && e.tid !== mainTid && before(e) && TASKS.has(e.name) && threads.has(e.tid),
  );
  figures['other renderer threads busy'] = covered(others.map(clip));
  figures['other renderer threads CPU'] = others.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
  // Every traced process's CPU in the same span (its threads' outermost tasks that began in it):
  // on two cores, what the browser, its network service or the GPU process does before the frame
  // is CPU the page's own threads wait for.
  const processes = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'process_name') processes.set(e.pid, e.args.name);
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !TASKS.has(e.name) || e.ts < t0 || e.ts >= end || e.dur === undefined) continue;
    const key = `${e.pid} ${e.tid}`;
    (byThread.get(key) ?? byThread.set(key, []).get(key)).push(e);
  }
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    let until = -Infinity;
    for (const e of list) {
      if (e.ts + e.dur <= until) continue; // inside the task before it
      until = e.ts + e.dur;
      const named = processes.get(e.pid);
      const name =
        e.pid === pid ? "the page's renderer" : ['Browser', 'GPU Process'].includes(named) ? named : 'other processes';
      const key = `CPU, every thread: ${name}`;
      figures[key] = (figures[key] ?? 0) + (e.tdur ?? 0) / 1000;
      figures['CPU, every thread: all processes'] =
        (figures['CPU, every thread: all processes'] ?? 0) + (e.tdur ?? 0) / 1000;
    }
  }
  // Requests: when each was sent and finished, relative to the navigation.
  const requests = new Map();
  for (const e of events) {
    if (e.name === 'ResourceSendRequest' && e.args?.data?.url?.startsWith('http://127.0.0.1'))
      requests.set(e.args.data.requestId, { url: e.args.data.url, start: e.ts });
    if (e.name === 'ResourceFinish' && requests.has(e.args?.data?.requestId))
      requests.get(e.args.data.requestId).end = e.ts;
  }
  for (const { url, start, end: done } of requests.values()) {
    const name = new URL(url).pathname.split('/').pop();
    figures[`  ${name} sent`] = (start - t0) / 1000;
    if (done) figures[`  ${name} done`] = (done - t0) / 1000;
  }
  return figures;
}

// The load's timeline (TIMELINE=1): requests and the main thread's tasks over 0.2 ms, each with
// what it was made of (its outermost named events, and the biggest events inside those), in ms
// from the navigation.
function timeline(events, pageMs) {
  const mark = events.find((e) => e.name === 'lq-first-question');
  const pid = mark.pid;
  const t0 = mark.ts - pageMs * 1000;
  const end = mark.ts;
  const at = (ts) => ((ts - t0) / 1000).toFixed(1).padStart(6);
  const mainTid = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args.name === 'CrRendererMain',
  )?.tid;
  const lines = [];
  const file = (u) => (typeof u === 'string' && u ? ` ${u.split('/').pop()}` : '');
  const describe = (e) => {
    const d = e.args?.data ?? e.args ?? {};
    const detail =
      file(d.url ?? d.fileName ?? d.scriptName) +
      (d.functionName ? ` ${d.functionName}` : '') +
      (d.type && typeof d.type === 'string' ? ` ${d.type}` : '');
    return `${e.name}${detail} ${(e.dur / 1000).toFixed(2)}`;
  };
  // The page's requests (the test server's), each event once (the browser may log it twice).
  const ids = new Map();
  for (const e of events)
    if (e.name === 'ResourceSendRequest' && e.args?.data?.url?.startsWith('http://127.0.0.1'))
      ids.set(e.args.data.requestId, file(e.args.data.url));
  const seen = new Set();
  for (const e of events) {
    const id = e.args?.data?.requestId;
    if (e.ts < t0 || e.ts > end || !ids.has(id) || seen.has(`${e.name} ${id}`)) continue;
    const what = {
      ResourceSendRequest: 'request sent',
      ResourceReceiveResponse: 'response',
      ResourceFinish: 'finished',
    }[e.name];
    if (!what) continue;
    seen.add(`${e.name} ${id}`);
    lines.push([e.ts, `${at(e.ts)}  ${what}${ids.get(id)}`]);
  }
  const main = events
    .filter((e) => e.pid === pid && e.tid === mainTid && e.ph === 'X' && e.dur !== undefined)
    .filter((e) => e.ts + e.dur >= t0 && e.ts < end)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // children of each event (nesting by time on one thread)
  const stack = [];
  const children = new Map();
  const roots = [];
  for (const e of main) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) (children.get(parent) ?? children.set(parent, []).get(parent)).push(e);
    else roots.push(e);
    stack.push(e);
  }
  const unwrap = (e) => (WRAPPERS.has(e.name) ? (children.get(e) ?? []).flatMap(unwrap) : [e]);
  for (const task of roots) {
    if (task.dur < 200) continue;
    const parts = unwrap(task)
      .filter((c) => c.dur >= 50)
      .map((c) => {
        const inner = (children.get(c) ?? [])
          .flatMap(unwrap)
          .filter((g) => g.dur >= 100)
          .sort((a, b) => b.dur - a.dur)
          .slice(0, 4)
          .map(describe);
        return describe(c) + (inner.length ? ` [${inner.join(', ')}]` : '');
      });
    lines.push([
      task.ts,
      `${at(task.ts)}  task ${(task.dur / 1000).toFixed(2)} ms (CPU ${((task.tdur ?? 0) / 1000).toFixed(2)}): ${parts.join('; ')}`,
    ]);
  }
  lines.push([end, `${at(end)}  first question's frame (mark)`]);
  return lines.sort((a, b) => a[0] - b[0]).map(([, l]) => l);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = await paintServer();
const browser = await launchBrowser({ args: ['--disable-gpu-vsync', '--disable-frame-rate-limit'] });
/** @type {Record<string, Record<string, number[]>>} */
const results = Object.fromEntries(pages.map(([name]) => [name, {}]));
/** @type {Record<string, Array<{ms: number, lines: string[]}>>} */
const timelines = {};
try {
  for (let round = 0; round <= rounds; round++) {
    for (const [name, url] of pages) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(watchFirstQuestion);
      const page = await context.newPage();
      await browser.startTracing(page, { categories: CATEGORIES });
      const painted = new Promise((resolve) =>
        page.on('console', (message) => {
          const [tag, ms] = message.text().split(' ');
          if (tag === 'trace-paint') resolve(Number(ms));
        }),
      );
      await page.goto(`${server.url}${url}`, { waitUntil: 'commit' });
      const ms = await painted;
      const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
      await context.close();
      if (round === 0) continue; // warms Chromium itself
      const traceEvents = trace.traceEvents ?? trace;
      if (process.env.TRACE_DIR)
        writeFileSync(path.join(process.env.TRACE_DIR, `${name}-${round}.json`), JSON.stringify(traceEvents));
      const figures = { 'first question (page)': ms, ...analyse(traceEvents, ms) };
      if (process.env.TIMELINE) (timelines[name] ??= []).push({ ms, lines: timeline(traceEvents, ms) });
      for (const [key, value] of Object.entries(figures)) (results[name][key] ??= []).push(value);
    }
  }
} finally {
  await browser.close();
  await server.close();
  revision?.remove();
  variants.remove();
}

// A task kind's CPU is 0 in a load without it.
const padded = (xs, key) => (key.startsWith('CPU') ? [...xs, ...Array(rounds - xs.length).fill(0)] : xs);
// Self-time rows: only those over 1 ms in some page.
const keys = [...new Set(Object.values(results).flatMap((r) => Object.keys(r)))].filter(
  (key) =>
    !/^(self|CPU): /.test(key) ||
    Object.values(results).some((r) => r[key] && median(r[key]) > (key.startsWith('CPU: ') ? 0.2 : 1)),
);
const width = Math.max(...keys.map((k) => k.length));
console.log(`median of ${rounds} cold loads each, ms from navigation (before the first question's frame)`);
console.log(`${''.padEnd(width)} ${pages.map(([n]) => n.padStart(10)).join(' ')}`);
for (const key of keys)
  console.log(
    `${key.padEnd(width)} ${pages
      .map(([n]) => (results[n][key] ? median(padded(results[n][key], key)).toFixed(1) : '—').padStart(10))
      .join(' ')}`,
  );

// TIMELINE=1: each page's load nearest its median.
for (const [name, loads] of Object.entries(timelines)) {
  const mid = median(loads.map((l) => l.ms));
  const nearest = loads.reduce((a, b) => (Math.abs(b.ms - mid) < Math.abs(a.ms - mid) ? b : a));
  console.log(`\n${name}: the load of ${nearest.ms.toFixed(1)} ms (median ${mid.toFixed(1)})`);
  for (const line of nearest.lines) console.log(line);
}
