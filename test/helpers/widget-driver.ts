// The widget as a visitor sees it, found by role and accessible name (Playwright's locators pierce
// the open shadow root), so the e2e tests read like what a person does.
import type { Locator, Page } from "playwright-core";

export interface WidgetDriver {
  /** The shadow host the widget mounts on the page. */
  host: Locator;
  launcher: Locator;
  dialog: Locator;
  input: Locator;
  sendButton: Locator;
  stopButton: Locator;
  log: Locator;
  /** Clicks the launcher and resolves once the panel is open and its opening animation is over. */
  open(): Promise<void>;
  /** Resolves when every running CSS animation or transition in the widget has finished. */
  settled(): Promise<void>;
  /** Types `text` into the composer and sends it with Enter. */
  send(text: string): Promise<void>;
  /** Resolves when the reply containing `text` is shown and the widget is ready for the next message. */
  waitForReply(text: string): Promise<void>;
  /** "New conversation" from the conversation menu in the panel's header. */
  newConversation(): Promise<void>;
}

export function widgetOn(page: Page): WidgetDriver {
  const host = page.locator("#chat-widget-root");
  const dialog = page.getByRole("dialog");
  const driver: WidgetDriver = {
    host,
    launcher: page.getByRole("button", { name: "Open chat" }),
    dialog,
    input: dialog.getByRole("textbox", { name: "Message" }),
    sendButton: dialog.getByRole("button", { name: "Send" }),
    stopButton: dialog.getByRole("button", { name: "Stop generating" }),
    log: dialog.getByRole("log"),
    async open() {
      await driver.launcher.click();
      await driver.input.waitFor();
      await driver.settled();
    },
    async settled() {
      await host.evaluate(async (element) => {
        const animations = element.shadowRoot?.getAnimations() ?? [];
        await Promise.all(animations.map((animation) => animation.finished.catch(() => undefined)));
      });
    },
    async send(text) {
      await driver.input.fill(text);
      await driver.input.press("Enter");
    },
    async waitForReply(text) {
      await driver.log.getByText(text).first().waitFor();
      await driver.stopButton.waitFor({ state: "hidden" });
    },
    async newConversation() {
      await dialog.getByRole("button", { name: "Conversation options" }).click();
      await dialog.getByRole("menuitem", { name: "New conversation" }).click();
    },
  };
  return driver;
}
