// Honest limits: each 429 says which limit was hit, and the countdown from Retry-After
// re-enables the composer. The page's clock is Playwright's, so no test waits a real minute.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser.js";
import { startE2e, type E2e } from "../helpers/e2e.js";
import { hostPage } from "../helpers/host-page.js";
import { widgetOn, type WidgetDriver } from "../helpers/widget-driver.js";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function openWidgetWithFakeClock(e2e: E2e): Promise<{ page: Page; widget: WidgetDriver }> {
  const context = await browser.newContext();
  await context.clock.install();
  const page = await context.newPage();
  const widget = widgetOn(page);
  await page.goto(e2e.site.page("/", hostPage({ proxyOrigin: e2e.proxy.origin })));
  await widget.open();
  return { page, widget };
}

describe("the per-minute rate limit", () => {
  let e2e: E2e;
  let page: Page;
  let widget: WidgetDriver;

  beforeAll(async () => {
    e2e = await startE2e({ env: { RATE_LIMIT_PER_MINUTE: "2" } }, browser);
    ({ page, widget } = await openWidgetWithFakeClock(e2e));
  });

  afterAll(async () => {
    await e2e?.close();
  });

  /** The seconds in the notice "… try again in 42 s". */
  async function secondsShown(): Promise<number> {
    const text = await widget.dialog.getByText(/try again in \d+ s/).first().textContent();
    return Number(/try again in (\d+) s/.exec(text ?? "")![1]);
  }

  it("says the visitor is sending too fast, with a countdown, and disables the composer", async () => {
    e2e.proxy.groq.reply("First answer.");
    await widget.send("one");
    await widget.waitForReply("First answer.");
    e2e.proxy.groq.reply("Second answer.");
    await widget.send("two");
    await widget.waitForReply("Second answer.");

    await widget.send("three");

    await widget.dialog.getByText(/too fast/i).first().waitFor();
    await widget.dialog.getByText(/\d+\s*s/).first().waitFor();
    expect(await widget.sendButton.isDisabled()).toBe(true);
    expect(e2e.proxy.groq.requests).toHaveLength(2);
  });

  it("counts the wait down live", async () => {
    const before = await secondsShown();

    await page.clock.runFor(5_000);

    await expect.poll(secondsShown).toBeLessThan(before);
  });

  it("re-enables the composer when the countdown ends", async () => {
    await page.clock.runFor(61_000);

    await widget.dialog.getByText(/too fast/i).first().waitFor({ state: "detached" });
    await widget.input.fill("four");
    expect(await widget.sendButton.isEnabled()).toBe(true);
  });
});

describe("the daily quota", () => {
  let e2e: E2e;
  let widget: WidgetDriver;

  beforeAll(async () => {
    e2e = await startE2e({ env: { DAILY_QUOTA: "1" } }, browser);
    ({ widget } = await openWidgetWithFakeClock(e2e));
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it("says the site's daily limit is reached, distinct from the per-minute message", async () => {
    e2e.proxy.groq.reply("The only answer today.");
    await widget.send("one");
    await widget.waitForReply("The only answer today.");

    await widget.send("two");

    await widget.dialog.getByText(/daily chat limit/i).first().waitFor();
    expect(await widget.dialog.getByText(/too fast/i).count()).toBe(0);
    expect(await widget.sendButton.isDisabled()).toBe(true);
    expect(e2e.proxy.groq.requests).toHaveLength(1);
  });
});

describe("the visitor's daily quota", () => {
  let e2e: E2e;
  let widget: WidgetDriver;

  beforeAll(async () => {
    e2e = await startE2e({ env: { VISITOR_DAILY_QUOTA: "1" } }, browser);
    ({ widget } = await openWidgetWithFakeClock(e2e));
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it("says this visitor's daily limit is reached, with the wait until the next UTC day", async () => {
    e2e.proxy.groq.reply("Your one answer today.");
    await widget.send("one");
    await widget.waitForReply("Your one answer today.");

    await widget.send("two");

    await widget.dialog.getByText(/today's message limit/i).first().waitFor();
    expect(await widget.dialog.getByText(/daily chat limit|too fast/i).count()).toBe(0);
    expect(await widget.sendButton.isDisabled()).toBe(true);
    expect(e2e.proxy.groq.requests).toHaveLength(1);
  });
});
