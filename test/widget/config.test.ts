import { describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../widget/src/config";

const SRC = "https://chat.example.com/widget.js";

describe("parseConfig", () => {
  it("uses the script's own origin as the proxy URL, the defaults, and the language's own texts for everything unset", () => {
    const warn = vi.fn();
    expect(parseConfig({}, SRC, warn)).toEqual({
      proxyUrl: "https://chat.example.com",
      siteId: null,
      title: null,
      greeting: null,
      placeholder: null,
      lang: null,
      position: "right",
      theme: "auto",
      accent: "#2563eb",
      open: false,
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it("reads every data-* attribute of the script tag", () => {
    const config = parseConfig(
      {
        title: "Ask us",
        greeting: "Hello!",
        placeholder: "Ask anything",
        position: "left",
        theme: "dark",
        accent: "#0A0",
        open: "true",
        site: "shop",
        lang: "pt-BR",
        proxyUrl: "https://proxy.example.org/chat/",
      },
      SRC,
      vi.fn(),
    );
    expect(config).toMatchObject({
      title: "Ask us",
      greeting: "Hello!",
      placeholder: "Ask anything",
      position: "left",
      theme: "dark",
      accent: "#00aa00",
      open: true,
      siteId: "shop",
      lang: "pt-BR",
      proxyUrl: "https://proxy.example.org/chat",
    });
  });

  it("falls back to the defaults for invalid values with exactly one console warning", () => {
    const warn = vi.fn();
    const config = parseConfig(
      { theme: "purple", position: "top", accent: "red; background: url(x)", open: "yes", proxyUrl: "javascript:alert(1)", lang: "en_US" },
      SRC,
      warn,
    );
    expect(config).toMatchObject({ theme: "auto", position: "right", accent: "#2563eb", open: false, proxyUrl: "https://chat.example.com", lang: null });
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]?.[0]);
    for (const name of ["data-theme", "data-position", "data-accent", "data-open", "data-proxy-url", "data-lang"]) expect(message).toContain(name);
  });

  it("accepts values in any letter case and with surrounding spaces", () => {
    const warn = vi.fn();
    expect(parseConfig({ theme: " Light ", position: "LEFT" }, SRC, warn)).toMatchObject({ theme: "light", position: "left" });
    expect(warn).not.toHaveBeenCalled();
  });

  it("keeps an empty data-greeting (no greeting bubble) but never an empty title", () => {
    expect(parseConfig({ greeting: "", title: "  " }, SRC, vi.fn())).toMatchObject({ greeting: "", title: null });
  });

  it("rejects texts longer than 200 characters", () => {
    const warn = vi.fn();
    expect(parseConfig({ title: "x".repeat(201) }, SRC, warn).title).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
