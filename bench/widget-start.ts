// Widget start cost in headless Chromium: the proxy (offline provider) serves dist/widget, a host
// site on another origin serves the README's script tag, and every sample is a fresh browser
// context (empty cache and storage). The baseline is the same page without the widget, measured
// in the same run, taking turns with it:
//   launcher: from widget.js arriving (its resource timing responseEnd, after which it runs) to
//             the animation frame in which the launcher has a box; baseline: from an inline
//             script to the next frame, the least any script-drawn element costs.
//   open:     from a click on the launcher (no hover before it, so the panel chunk is not
//             preloaded: the worst case) to the frame in which the composer is focused and
//             writable; baseline: from a click on the empty page to the next frame.
//   long tasks: PerformanceObserver('longtask') from the first byte of the page. The target counts
//             those that overlap the widget's own time (widget.js requested → launcher painted);
//             the rest of the load is reported next to the empty page's, which shows how often
//             a busy machine alone makes one.
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../test/helpers/browser.js";
import { startE2eProxy } from "../test/helpers/e2e-proxy.js";
import { hostPage } from "../test/helpers/host-page.js";
import { startHostSite } from "../test/helpers/host-site.js";
import type { Figure } from "./lib/result.js";
import { median, spread } from "./lib/stats.js";

const SUITE = "widget start";
const SAMPLES = 20;
const LONG_TASK_MS = 50;

interface Sample {
  /** Launcher painted (widget) or next frame after an inline script (empty page), from script start. */
  draw: number;
  loadEvent: number;
  /** Click to panel interactive (widget) or to the next frame (empty page). */
  open: number;
  /** Long tasks overlapping the widget's start (widget page) or the inline script's (empty page). */
  longTasksStarting: number[];
  /** Every long task before the click. */
  longTasksLoading: number[];
  longTasksOpening: number[];
}

interface BenchState {
  longTasks: { start: number; duration: number }[];
  scriptRan?: number;
  drawnAt?: number;
}

declare global {
  interface Window {
    __bench: BenchState;
  }
}

export async function widgetStart(): Promise<Figure[]> {
  const proxy = await startE2eProxy({ offline: true });
  const site = await startHostSite(proxy.origin);
  const browser = await launchBrowser();
  try {
    const withWidget = site.page("/with-widget.html", hostPage({ proxyOrigin: proxy.origin }));
    const empty = site.page("/empty.html", withoutWidget(hostPage({ proxyOrigin: proxy.origin })));
    const widgetSamples: Sample[] = [];
    const emptySamples: Sample[] = [];
    // One discarded pair first: the browser's own first-use costs are nobody's.
    await sample(browser, empty, false);
    await sample(browser, withWidget, true);
    for (let i = 0; i < SAMPLES; i++) {
      emptySamples.push(await sample(browser, empty, false));
      widgetSamples.push(await sample(browser, withWidget, true));
    }
    return figures(widgetSamples, emptySamples);
  } finally {
    await browser.close();
    await site.close();
    await proxy.close();
  }
}

/** The same page with the widget's script tag replaced by an inline script that draws nothing. */
function withoutWidget(html: string): string {
  const tag = /<script src="[^"]*\/widget\.js"[^>]*><\/script>/;
  if (!tag.test(html)) throw new Error("the host page has no widget script tag to remove");
  return html.replace(tag, "<script>window.__bench.scriptRan = performance.now();</script>");
}

async function sample(browser: Browser, url: string, hasWidget: boolean): Promise<Sample> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // tsx (esbuild keepNames) wraps named inner functions in __name(), which pages lack.
    await page.addInitScript("window.__name = (fn) => fn;");
    await page.addInitScript(instrument);
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction(() => window.__bench.drawnAt !== undefined);
    const loading = await page.evaluate(readLoad);
    const open = await page.evaluate(hasWidget ? openPanel : clickEmptyPage);
    const longTasks = await longTasksOf(page);
    const startedAt = hasWidget ? loading.widgetRequested : loading.scriptRan;
    return {
      draw: loading.drawnAt - (hasWidget ? loading.widgetArrived : loading.scriptRan),
      loadEvent: loading.loadEvent,
      open: open.ms,
      longTasksStarting: longTasks
        .filter((task) => task.start < loading.drawnAt && task.start + task.duration > startedAt)
        .map((task) => task.duration),
      longTasksLoading: longTasks.filter((task) => task.start < open.startedAt).map((task) => task.duration),
      longTasksOpening: longTasks.filter((task) => task.start >= open.startedAt).map((task) => task.duration),
    };
  } finally {
    await context.close();
  }
}

// Runs in the page before any of its scripts.
function instrument(): void {
  const state: BenchState = { longTasks: [] };
  window.__bench = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });
  // Checked in every animation frame: what is in the DOM then is painted in that frame.
  const watch = () => {
    const launcher = document.getElementById("chat-widget-root")?.shadowRoot?.querySelector(".cw-launcher");
    const drawn = launcher ? launcher.getBoundingClientRect().width > 0 : state.scriptRan !== undefined;
    if (drawn) state.drawnAt = performance.now();
    else requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}

function readLoad() {
  const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
  const widget = performance.getEntriesByType("resource").find((entry) => entry.name.endsWith("/widget.js")) as PerformanceResourceTiming | undefined;
  return {
    drawnAt: window.__bench.drawnAt!,
    scriptRan: window.__bench.scriptRan ?? Number.NaN,
    widgetRequested: widget?.startTime ?? Number.NaN,
    widgetArrived: widget?.responseEnd ?? Number.NaN,
    loadEvent: navigation.loadEventStart,
  };
}

function openPanel(): Promise<{ ms: number; startedAt: number }> {
  const root = document.getElementById("chat-widget-root")!.shadowRoot!;
  const startedAt = performance.now();
  root.querySelector<HTMLButtonElement>(".cw-launcher")!.click();
  return new Promise((resolve) => {
    const check = () => {
      const active = root.activeElement;
      if (active instanceof HTMLTextAreaElement && !active.readOnly && !active.disabled) resolve({ ms: performance.now() - startedAt, startedAt });
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

function clickEmptyPage(): Promise<{ ms: number; startedAt: number }> {
  const startedAt = performance.now();
  document.body.click();
  return new Promise((resolve) => requestAnimationFrame(() => resolve({ ms: performance.now() - startedAt, startedAt })));
}

async function longTasksOf(page: Page): Promise<BenchState["longTasks"]> {
  // The observer reports a task after it ends; one more frame lets the last one arrive.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
  return page.evaluate(() => window.__bench.longTasks);
}

function figures(widget: Sample[], empty: Sample[]): Figure[] {
  const of = (samples: Sample[], pick: (sample: Sample) => number) => samples.map(pick);
  const longest = (samples: Sample[], pick: (sample: Sample) => number[]) => Math.max(0, ...samples.flatMap(pick));
  const count = (samples: Sample[], pick: (sample: Sample) => number[]) => samples.flatMap(pick).length;
  const startingLongest = longest(widget, (sample) => sample.longTasksStarting);
  const loadTasks = (samples: Sample[]) =>
    `${count(samples, (sample) => sample.longTasksLoading)}, longest ${longest(samples, (sample) => sample.longTasksLoading).toFixed(0)} ms`;
  return [
    {
      suite: SUITE,
      name: "widget.js arrived → launcher painted",
      value: median(of(widget, (sample) => sample.draw)),
      unit: "ms",
      baseline: { name: "empty page: inline script → next frame", value: median(of(empty, (sample) => sample.draw)) },
      spread: spread(of(widget, (sample) => sample.draw)),
      note: "frames come every 16.7 ms",
    },
    {
      suite: SUITE,
      name: "page load event",
      value: median(of(widget, (sample) => sample.loadEvent)),
      unit: "ms",
      baseline: { name: "empty page", value: median(of(empty, (sample) => sample.loadEvent)) },
      spread: spread(of(widget, (sample) => sample.loadEvent)),
      note: "from navigation start; the async script delays the load event",
    },
    {
      suite: SUITE,
      name: "first click → panel interactive (chunk not preloaded)",
      value: median(of(widget, (sample) => sample.open)),
      unit: "ms",
      baseline: { name: "empty page: click → next frame", value: median(of(empty, (sample) => sample.open)) },
      spread: spread(of(widget, (sample) => sample.open)),
      note: `long tasks while opening: ${count(widget, (sample) => sample.longTasksOpening)}, longest ${longest(widget, (sample) => sample.longTasksOpening).toFixed(0)} ms`,
    },
    {
      suite: SUITE,
      name: "longest main-thread task while the widget starts",
      value: startingLongest,
      unit: "ms",
      baseline: { name: "empty page, inline script → next frame", value: longest(empty, (sample) => sample.longTasksStarting) },
      note:
        `0 = no task over ${LONG_TASK_MS} ms in ${widget.length} loads; long tasks anywhere in the load: ` +
        `widget page ${loadTasks(widget)}, empty page ${loadTasks(empty)}`,
      target: { text: `none over ${LONG_TASK_MS} ms`, met: startingLongest <= LONG_TASK_MS },
    },
  ];
}
