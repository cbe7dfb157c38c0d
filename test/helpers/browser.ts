// One Chromium per e2e test file, from @sparticuz/chromium (the binary ships inside the npm
// package: no apt, no download at test time), driven by playwright-core.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import chromium from "@sparticuz/chromium";
import { chromium as playwright, type Browser, type Page } from "playwright-core";

export const artifactsDir = fileURLToPath(new URL("../artifacts/", import.meta.url));

// @sparticuz/chromium's defaults are tuned for AWS Lambda. These would make the tests lie:
// --disable-web-security turns off CORS and the same-origin policy our cross-origin tests rely
// on, --allow-running-insecure-content weakens mixed-content checks, and --single-process
// crashes when a test opens a second browser context.
const unsafeForTests = new Set([
  "--disable-web-security",
  "--allow-running-insecure-content",
  "--disable-site-isolation-trials",
  "--single-process",
]);

// @sparticuz/chromium ships a Linux x64 binary only; on macOS or Windows, CHROMIUM_PATH names a
// local Chrome or Chromium instead (its own defaults need none of the Lambda flags).
export async function launchBrowser(): Promise<Browser> {
  const localChromium = process.env.CHROMIUM_PATH;
  const executablePath = localChromium ?? (await chromium.executablePath());
  const args = [
    ...(localChromium ? [] : chromium.args.filter((arg) => !unsafeForTests.has(arg))),
    // Tests never touch the network: every host name but the local test servers fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
  ];
  return playwright.launch({ executablePath, args, headless: true });
}

export interface CspViolation {
  directive: string;
  blockedURI: string;
  sample: string;
}

/** What went wrong in a page, collected from the moment it is watched. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  /** `securitypolicyviolation` events of the current document (read from the page). */
  cspViolations(): Promise<CspViolation[]>;
}

/**
 * Starts collecting console errors, uncaught errors, dialogs (dismissed, so nothing blocks) and
 * CSP violations. Call before the first navigation: the CSP listener is an init script, which
 * Chromium runs before any page script and regardless of the page's own CSP.
 */
export async function watchPage(page: Page): Promise<PageProblems> {
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    Object.defineProperty(window, "__e2eCspViolations", { value: seen });
    // Capture phase on document: violations inside the widget's shadow root are composed events.
    document.addEventListener(
      "securitypolicyviolation",
      (event) => seen.push({ directive: event.effectiveDirective, blockedURI: event.blockedURI, sample: event.sample }),
      true,
    );
  });
  return {
    consoleErrors,
    pageErrors,
    dialogs,
    cspViolations: () =>
      page.evaluate(() => (window as unknown as { __e2eCspViolations: CspViolation[] }).__e2eCspViolations),
  };
}

/** Saves a PNG to test/artifacts/ (gitignored) and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const path = `${artifactsDir}${name}.png`;
  await page.screenshot({ path });
  return path;
}
