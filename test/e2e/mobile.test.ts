// On a phone (390×844) the panel fills the screen, and the composer stays in view when the
// on-screen keyboard takes the bottom of the viewport.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { openWidgetPage, startE2e, type E2e } from "../helpers/e2e.js";
import { hostPage } from "../helpers/host-page.js";
import { saveScreenshot } from "../helpers/browser.js";
import type { WidgetDriver } from "../helpers/widget-driver.js";
import { luminance, panelBackground } from "../helpers/colours.js";

const phone = { width: 390, height: 844 };
// About what iOS and Android keyboards leave of an 844 px tall screen.
const heightWithKeyboard = 844 - 336;

describe("on a phone", () => {
  let e2e: E2e;
  let context: BrowserContext;
  let page: Page;
  let widget: WidgetDriver;

  beforeAll(async () => {
    e2e = await startE2e();
    context = await e2e.browser.newContext({ viewport: phone, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    ({ page, widget } = await openWidgetPage(context));
    await page.goto(
      e2e.site.page(
        "/",
        hostPage({
          proxyOrigin: e2e.proxy.origin,
          attributes: { "data-theme": "auto" },
          // Somewhere for Tab to escape to, were the full-screen panel not holding it.
          body: '<main><h1>A site that embeds the widget</h1><p><a href="/more">More about us</a></p></main>',
        }),
      ),
    );
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it("opens the panel over the whole screen with 16 px text in the composer", async () => {
    await widget.launcher.tap();
    await widget.input.waitFor();
    await widget.settled();

    const panel = await widget.dialog.boundingBox();
    expect(panel).toEqual({ x: 0, y: 0, width: phone.width, height: phone.height });
    const fontSize = await widget.input.evaluate((element) => getComputedStyle(element).fontSize);
    expect(parseFloat(fontSize)).toBeGreaterThanOrEqual(16);
  });

  it("keeps the composer above the keyboard when only the visual viewport shrinks (iOS, Android Chrome)", async () => {
    e2e.proxy.groq.reply("Yes, it ships with a US, EU or UK base.");
    await widget.send("Which plugs does it ship with?");
    await widget.waitForReply("ships with a US, EU or UK base");
    await widget.input.tap();

    // Mobile browsers overlay the keyboard: the layout viewport (and 100vh) stays 844 px tall,
    // only visualViewport shrinks and fires `resize`. Chromium cannot do that headless, so the
    // page's visualViewport is made to report it.
    await page.evaluate((height) => {
      Object.defineProperty(window.visualViewport!, "height", { configurable: true, get: () => height });
      window.visualViewport!.dispatchEvent(new Event("resize"));
    }, heightWithKeyboard);

    await expectComposerAbove(heightWithKeyboard);
    expect(await page.evaluate(() => window.innerHeight)).toBe(phone.height);
    await page.evaluate(() => {
      delete (window.visualViewport as unknown as Record<string, unknown>).height;
      window.visualViewport!.dispatchEvent(new Event("resize"));
    });
  });

  it("keeps the composer above the keyboard when the whole viewport shrinks (interactive-widget=resizes-content)", async () => {
    await page.setViewportSize({ width: phone.width, height: heightWithKeyboard });

    await expectComposerAbove(heightWithKeyboard);
    await page.setViewportSize(phone);
  });

  async function expectComposerAbove(keyboardTop: number): Promise<void> {
    // The widget follows visualViewport's resize event, which may fire on the next frame: poll.
    await page.waitForFunction(
      ({ input, height }) => input!.getBoundingClientRect().bottom <= height,
      { input: await widget.input.elementHandle(), height: keyboardTop },
      { polling: "raf", timeout: 5000 },
    );
    const composer = await widget.input.boundingBox();
    const send = await widget.sendButton.boundingBox();
    expect(composer!.y).toBeGreaterThanOrEqual(0);
    expect(composer!.y + composer!.height).toBeLessThanOrEqual(keyboardTop);
    expect(send!.y + send!.height).toBeLessThanOrEqual(keyboardTop);
  }

  it("keeps Tab inside the full-screen panel, which covers the page", async () => {
    const hasFocus = (locator: Locator) => locator.evaluate((element) => (element.getRootNode() as ShadowRoot).activeElement === element);
    const menuButton = widget.dialog.getByRole("button", { name: "Conversation options" });
    await widget.input.focus();
    expect(await widget.dialog.getAttribute("aria-modal")).toBe("true");

    // The composer is the panel's last control while the send button is disabled (empty draft).
    await page.keyboard.press("Tab");
    expect(await hasFocus(menuButton)).toBe(true);
    await page.keyboard.press("Shift+Tab");
    expect(await hasFocus(widget.input)).toBe(true);
  });

  it("follows the phone's light or dark mode (data-theme=auto)", async () => {
    const backgrounds: Record<string, string> = {};
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await widget.settled();
      backgrounds[colorScheme] = await panelBackground(widget);
      await saveScreenshot(page, `mobile-${colorScheme}`);
    }

    expect(luminance(backgrounds.dark!)).toBeLessThan(luminance(backgrounds.light!));
  });
});
