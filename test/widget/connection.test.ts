import { afterEach, describe, expect, it, vi } from "vitest";
import { isBrowserOnline, onBrowserOnline } from "../../widget/src/connection";

describe("connection", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is offline only when the browser says navigator.onLine is false", () => {
    const onLine = vi.spyOn(navigator, "onLine", "get");
    onLine.mockReturnValue(false);
    expect(isBrowserOnline()).toBe(false);
    onLine.mockReturnValue(true);
    expect(isBrowserOnline()).toBe(true);
    // A browser that does not know counts as online: the widget then just tries.
    onLine.mockReturnValue(undefined as unknown as boolean);
    expect(isBrowserOnline()).toBe(true);
  });

  it("calls the listener when the connection comes back, until unsubscribed", () => {
    const listener = vi.fn();
    const unsubscribe = onBrowserOnline(listener);
    dispatchEvent(new Event("online"));
    unsubscribe();
    dispatchEvent(new Event("online"));
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
