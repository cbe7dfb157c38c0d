import { canonical } from "./i18n/choose";
import type { Position, Theme, WidgetConfig } from "./types";

type Attributes = Record<string, string | undefined>;

// Title, greeting and placeholder have no default here: the visitor's language supplies them.
export const DEFAULTS = {
  position: "right" as Position,
  theme: "auto" as Theme,
  accent: "#2563eb",
};

const THEMES: readonly string[] = ["light", "dark", "auto"];
const POSITIONS: readonly string[] = ["left", "right"];
// Hex only: the accent is written into a stylesheet and its contrast colour is computed from it.
const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const TEXT_LIMIT = 200;

/**
 * Turns the script tag's data-* attributes into a complete configuration. Site owners make typos,
 * so an invalid value never breaks the widget: it falls back to the default, and all problems are
 * reported together in one console warning.
 */
export function parseConfig(data: Attributes, scriptSrc: string, warn: (message: string) => void): WidgetConfig {
  const problems: string[] = [];
  const pick = <T extends string>(name: string, allowed: readonly string[], fallback: T): T => {
    const value = data[name]?.trim().toLowerCase();
    if (value === undefined || value === "") return fallback;
    if (allowed.includes(value)) return value as T;
    problems.push(`data-${name}="${data[name]}" (expected ${allowed.join(" | ")})`);
    return fallback;
  };
  const text = (name: string): string | null => {
    const value = data[name]?.trim();
    if (value === undefined) return null;
    if (value.length > TEXT_LIMIT) {
      problems.push(`data-${name} is longer than ${TEXT_LIMIT} characters`);
      return null;
    }
    return value;
  };

  const langValue = data.lang?.trim() || null;
  if (langValue && !canonical(langValue)) problems.push(`data-lang="${langValue}" (expected a language tag like de or pt-BR)`);

  const accentValue = data.accent?.trim();
  let accent = DEFAULTS.accent;
  if (accentValue) {
    if (HEX_COLOUR.test(accentValue)) accent = expandHex(accentValue);
    else problems.push(`data-accent="${accentValue}" (expected a hex colour like #2563eb)`);
  }

  const openValue = data.open?.trim().toLowerCase();
  if (openValue !== undefined && openValue !== "true" && openValue !== "false") {
    problems.push(`data-open="${data.open}" (expected true | false)`);
  }

  const config: WidgetConfig = {
    proxyUrl: proxyUrl(data.proxyUrl, scriptSrc, problems),
    siteId: data.site?.trim() || null,
    title: text("title") || null,
    // An empty greeting is a deliberate choice: no greeting bubble.
    greeting: text("greeting"),
    placeholder: text("placeholder"),
    lang: langValue && canonical(langValue) ? langValue : null,
    position: pick("position", POSITIONS, DEFAULTS.position),
    theme: pick("theme", THEMES, DEFAULTS.theme),
    accent,
    open: openValue === "true",
  };
  if (problems.length > 0) warn(`[chat-widget] ignoring invalid settings, using defaults: ${problems.join("; ")}`);
  return config;
}

function proxyUrl(value: string | undefined, scriptSrc: string, problems: string[]): string {
  const fallback = originOf(scriptSrc);
  const trimmed = value?.trim();
  if (!trimmed) return fallback;
  try {
    const url = new URL(trimmed, scriptSrc);
    if (url.protocol === "http:" || url.protocol === "https:") return url.href.replace(/\/+$/, "");
  } catch {
    // fall through to the warning
  }
  problems.push(`data-proxy-url="${trimmed}" (expected an http(s) URL)`);
  return fallback;
}

function originOf(src: string): string {
  try {
    return new URL(src).origin;
  } catch {
    return location.origin;
  }
}

function expandHex(hex: string): string {
  const digits = hex.slice(1).toLowerCase();
  return digits.length === 3 ? `#${[...digits].map((digit) => digit + digit).join("")}` : `#${digits}`;
}
