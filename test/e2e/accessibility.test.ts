// Keyboard-only use and axe-core on the open panel, in light and dark.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { startE2e, type E2e } from "../helpers/e2e.js";
import { hostPage } from "../helpers/host-page.js";
import { saveScreenshot } from "../helpers/browser.js";
import { seriousAxeViolations } from "../helpers/axe.js";
import { luminance, panelBackground } from "../helpers/colours.js";
import { widgetOn, type WidgetDriver } from "../helpers/widget-driver.js";

/**
 * Resolves once `locator` has focus inside its own (shadow) root while its host has the page's
 * focus; fails after 5 s. Focus moves in effects after a render, hence the polling.
 */
async function waitForFocus(locator: Locator): Promise<void> {
  await locator.page().waitForFunction(
    (element) => {
      const root = element!.getRootNode() as Document | ShadowRoot;
      return root.activeElement === element && (root === document || document.activeElement === (root as ShadowRoot).host);
    },
    await locator.elementHandle(),
    { timeout: 5000 },
  );
}

describe("keyboard and screen-reader use", () => {
  let e2e: E2e;

  /** A fresh visitor (own context, so own session) on a page with the widget in auto theme. */
  async function visit(): Promise<{ page: Page; widget: WidgetDriver }> {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const widget = widgetOn(page);
    await page.goto(
      e2e.site.page("/", hostPage({ proxyOrigin: e2e.proxy.origin, attributes: { "data-theme": "auto" } })),
    );
    await widget.launcher.waitFor();
    return { page, widget };
  }

  beforeAll(async () => {
    e2e = await startE2e();
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it("works with the keyboard alone: Tab to the launcher, Enter opens, Enter sends, Escape closes", async () => {
    const { page, widget } = await visit();
    e2e.proxy.groq.reply("Happy to help with the keyboard only.");

    await page.keyboard.press("Tab");
    await waitForFocus(widget.launcher);
    await page.keyboard.press("Enter");
    await widget.input.waitFor();
    await waitForFocus(widget.input);
    await page.keyboard.type("Can I use this without a mouse?");
    await page.keyboard.press("Enter");
    await widget.waitForReply("Happy to help with the keyboard only.");
    await page.keyboard.press("Escape");

    await widget.dialog.waitFor({ state: "hidden" });
    await waitForFocus(widget.launcher);
    expect(await widget.launcher.getAttribute("aria-expanded")).toBe("false");
  });

  it("has no serious or critical axe violations in the open panel, light or dark", async () => {
    const { page, widget } = await visit();
    e2e.proxy.groq.reply("Sure: see [the manual](https://example.com/manual) and use **80 °C** for green tea.");
    await widget.open();
    await widget.send("Any tips?");
    await widget.waitForReply("use 80 °C for green tea");
    const backgrounds: Record<string, string> = {};

    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await widget.settled();
      backgrounds[colorScheme] = await panelBackground(widget);
      expect(await seriousAxeViolations(page), colorScheme).toEqual([]);
      await saveScreenshot(page, `desktop-${colorScheme}`);
    }

    expect(luminance(backgrounds.dark!)).toBeLessThan(luminance(backgrounds.light!));
  });
});
