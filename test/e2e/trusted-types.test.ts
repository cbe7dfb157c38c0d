// A host page under the policy `require-trusted-types-for 'script'`, as sites
// hardened against DOM XSS are: the widget loads its panel, renders markdown replies and stays
// safe there without tripping the page's Trusted Types enforcement.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openWidgetPage, startE2e, type E2e } from "../helpers/e2e.js";
import { hostPage } from "../helpers/host-page.js";
import type { PageProblems } from "../helpers/browser.js";
import type { WidgetDriver } from "../helpers/widget-driver.js";

const TRUSTED_TYPES_CSP = "require-trusted-types-for 'script'";

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e();
});

afterAll(async () => {
  await e2e?.close();
});

describe("a host page that enforces Trusted Types", () => {
  let page: Page;
  let problems: PageProblems;
  let widget: WidgetDriver;

  beforeAll(async () => {
    ({ page, problems, widget } = await openWidgetPage(e2e.browser));
    // A <meta> policy: Trusted Types enforce the same from one as from a header, and a page
    // fulfilled through page.route() loses its address space (Chromium then blocks the proxy).
    const head = `<meta http-equiv="Content-Security-Policy" content="${TRUSTED_TYPES_CSP}">`;
    const url = e2e.site.page("/trusted-types.html", hostPage({ proxyOrigin: e2e.proxy.origin, head }));
    await page.goto(url);
  });

  it("opens the panel and renders a markdown reply", async () => {
    e2e.proxy.groq.reply("Here is **bold** and a [link](https://example.com/docs).");

    await widget.open();
    await widget.send("Show me markdown");
    await widget.waitForReply("bold");

    expect(await widget.log.locator("strong").getByText("bold").count()).toBe(1);
    expect(await widget.log.getByRole("link", { name: "link" }).getAttribute("href")).toBe("https://example.com/docs");
  });

  it("causes no Trusted Types violation and no error", async () => {
    expect(await problems.cspViolations()).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });

  it("really enforces Trusted Types (a plain string into innerHTML is refused)", async () => {
    const refused = await page.evaluate(() => {
      try {
        document.createElement("div").innerHTML = "<b>x</b>";
        return false;
      } catch (error) {
        return error instanceof TypeError;
      }
    });

    expect(refused).toBe(true);
  });
});

describe("a Trusted Types page that uses DOMPurify itself and allow-lists policy names", () => {
  it("renders replies through the widget's own policy, not a second \"dompurify\" one", async () => {
    const { page, problems, widget } = await openWidgetPage(await e2e.browser.newContext());
    // The page's own DOMPurify has made its "dompurify" policy before the widget loads.
    const head = `<meta http-equiv="Content-Security-Policy" content="${TRUSTED_TYPES_CSP}; trusted-types dompurify chat-widget">
<script>trustedTypes.createPolicy("dompurify", { createHTML: (html) => html });</script>`;
    await page.goto(e2e.site.page("/tt-allow-list.html", hostPage({ proxyOrigin: e2e.proxy.origin, head })));
    e2e.proxy.groq.reply("Rendered *despite* the allow-list.");

    await widget.open();
    await widget.send("Hello");
    await widget.waitForReply("despite");

    expect(await widget.log.locator("em").getByText("despite").count()).toBe(1);
    expect(await problems.cspViolations()).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    await page.context().close();
  });
});
