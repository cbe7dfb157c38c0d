// What a site owner gets from the script tag: one widget however often it is included, the
// data-* options, and window.ChatWidget as the only global.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startE2e, type E2e } from "../helpers/e2e.js";
import { hostPage } from "../helpers/host-page.js";
import { luminance, panelBackground } from "../helpers/colours.js";
import { widgetOn } from "../helpers/widget-driver.js";

describe("the script tag", () => {
  let e2e: E2e;

  async function visit(html: string): Promise<Page> {
    const page = await (await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(e2e.site.page("/", html));
    await widgetOn(page).launcher.waitFor();
    return page;
  }

  beforeAll(async () => {
    e2e = await startE2e();
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it("draws one widget when the tag is included twice", async () => {
    const tag = `<script src="${e2e.proxy.origin}/widget.js" async data-title="Second copy"></script>`;
    const page = await visit(hostPage({ proxyOrigin: e2e.proxy.origin, body: `<main><h1>Twice</h1></main>${tag}` }));
    // `load` waits for both async scripts to have run.
    await page.waitForLoadState("load");

    expect(await page.locator("#chat-widget-root").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Open chat" }).count()).toBe(1);
  });

  it("starts open with data-open=true and sits bottom left with data-position=left", async () => {
    const page = await visit(
      hostPage({ proxyOrigin: e2e.proxy.origin, attributes: { "data-open": "true", "data-position": "left" } }),
    );
    const widget = widgetOn(page);

    await widget.input.waitFor();
    await widget.settled();

    const launcher = (await widget.launcher.boundingBox())!;
    const panel = (await widget.dialog.boundingBox())!;
    expect(launcher.x).toBeLessThan(100);
    expect(launcher.y + launcher.height).toBeGreaterThan(800 - 100);
    expect(panel.x).toBeLessThan(100);
  });

  it("keeps data-theme=dark dark on a light system, and data-theme=light light on a dark one", async () => {
    const backgrounds: Record<string, string> = {};
    for (const [theme, system] of [["dark", "light"], ["light", "dark"]] as const) {
      const page = await visit(hostPage({ proxyOrigin: e2e.proxy.origin, attributes: { "data-theme": theme } }));
      await page.emulateMedia({ colorScheme: system });
      const widget = widgetOn(page);
      await widget.open();
      backgrounds[theme] = await panelBackground(widget);
    }

    expect(luminance(backgrounds.dark!)).toBeLessThan(0.1);
    expect(luminance(backgrounds.light!)).toBeGreaterThan(0.8);
  });

  it("adds window.ChatWidget and no other global", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      // A symbol key is itself invisible to Object.getOwnPropertyNames.
      (window as unknown as Record<symbol, string[]>)[Symbol.for("e2e:globals")] = Object.getOwnPropertyNames(window);
    });
    await page.goto(e2e.site.page("/globals.html", hostPage({ proxyOrigin: e2e.proxy.origin })));
    const widget = widgetOn(page);
    await widget.open();

    const added = await page.evaluate(() => {
      const before = new Set((window as unknown as Record<symbol, string[]>)[Symbol.for("e2e:globals")]);
      return Object.getOwnPropertyNames(window).filter((name) => !before.has(name));
    });

    expect(added).toEqual(["ChatWidget"]);
  });

  it("is driven by window.ChatWidget: open(), close(), reset() and destroy()", async () => {
    const page = await visit(hostPage({ proxyOrigin: e2e.proxy.origin }));
    const widget = widgetOn(page);
    e2e.proxy.groq.reply("Scripted hello.");

    await page.evaluate(() => window.ChatWidget!.open());
    await widget.send("Hi from the API test");
    await widget.waitForReply("Scripted hello.");
    await page.evaluate(() => window.ChatWidget!.reset());
    await widget.log.getByText("Scripted hello.").waitFor({ state: "detached" });
    await page.evaluate(() => window.ChatWidget!.close());
    await widget.dialog.waitFor({ state: "hidden" });
    await page.evaluate(() => window.ChatWidget!.destroy());

    expect(await page.locator("#chat-widget-root").count()).toBe(0);
    expect(await page.evaluate(() => "ChatWidget" in window)).toBe(false);
  });

  it("works in a sandboxed iframe, where localStorage is blocked", async () => {
    const page = await e2e.browser.newPage();
    const inner = hostPage({ proxyOrigin: e2e.proxy.origin, title: "Sandboxed" }).replaceAll('"', "&quot;");
    await page.goto(e2e.site.page("/sandbox.html", `<!doctype html><title>Outer</title><iframe sandbox="allow-scripts" srcdoc="${inner}" width="600" height="700"></iframe>`));
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame())!;
    e2e.proxy.groq.reply("Hello, sandbox.");

    const storageBlocked = await frame.evaluate(() => {
      try {
        return localStorage.length < 0;
      } catch {
        return true;
      }
    });
    await frame.getByRole("button", { name: "Open chat" }).click();
    await frame.getByRole("textbox", { name: "Message" }).fill("Anyone home?");
    await frame.getByRole("textbox", { name: "Message" }).press("Enter");

    expect(storageBlocked).toBe(true);
    await frame.getByRole("log").getByText("Hello, sandbox.").waitFor();
    await page.close();
  });
});
