// demo/hostile.html on a site owner's server: global CSS that unsets and hides everything, and a
// strict CSP allowing scripts and connections only from the site itself and the proxy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openWidgetPage, startE2e, type E2e } from "../helpers/e2e.js";
import { saveScreenshot, type PageProblems } from "../helpers/browser.js";
import type { WidgetDriver } from "../helpers/widget-driver.js";

describe("the hostile page (hostile global CSS, strict CSP)", () => {
  let e2e: E2e;
  let page: Page;
  let problems: PageProblems;
  let widget: WidgetDriver;

  beforeAll(async () => {
    e2e = await startE2e();
    ({ page, problems, widget } = await openWidgetPage(e2e.browser, { viewport: { width: 1280, height: 800 } }));
    await page.goto(e2e.site.demo("hostile.html"));
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it("still shows the launcher at a normal size in the corner", async () => {
    await widget.launcher.waitFor();
    const box = await widget.launcher.boundingBox();

    expect(box).not.toBeNull();
    expect(box!.width).toBeGreaterThanOrEqual(40);
    expect(box!.width).toBeLessThanOrEqual(96);
    expect(box!.height).toBeGreaterThanOrEqual(40);
    expect(box!.height).toBeLessThanOrEqual(96);
    expect(box!.x + box!.width).toBeGreaterThan(1280 - 120);
    expect(box!.y + box!.height).toBeGreaterThan(800 - 120);
    // Nothing of the page's covers it: a click at its centre lands on the launcher.
    const hit = await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.shadowRoot?.elementFromPoint(x, y)?.closest("button")?.getAttribute("aria-label"),
      { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 },
    );
    expect(hit).toBe("Open chat");
  });

  it("opens a usable panel and chats under the strict CSP", async () => {
    e2e.proxy.groq.reply("Still here, despite the stylesheet.");

    await widget.open();
    await widget.send("Can you hear me?");
    await widget.waitForReply("despite the stylesheet");

    const panel = await widget.dialog.boundingBox();
    expect(panel!.width).toBeGreaterThanOrEqual(280);
    expect(panel!.width).toBeLessThanOrEqual(1280);
    expect(panel!.height).toBeGreaterThanOrEqual(300);
    const textSize = await widget.input.evaluate((element) => getComputedStyle(element).fontSize);
    expect(parseFloat(textSize)).toBeLessThanOrEqual(20);
    await widget.settled();
    await saveScreenshot(page, "hostile-page");
  });

  it("causes no CSP violation and no error", async () => {
    expect(await problems.cspViolations()).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });

  it("really enforces the strict CSP (an inline script is refused and reported)", async () => {
    const ran = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = true";
      document.body.append(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false;
    });

    expect(ran).toBe(false);
    await expect.poll(async () => (await problems.cspViolations()).map((violation) => violation.directive)).toContain("script-src-elem");
  });
});
