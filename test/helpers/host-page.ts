// HTML for test host pages: a minimal site page embedding the widget with the README's script tag.

export interface HostPageOptions {
  proxyOrigin: string;
  title?: string;
  /** Extra or overriding `data-*` attributes of the script tag, e.g. `{ "data-theme": "dark" }`. */
  attributes?: Record<string, string>;
  body?: string;
  head?: string;
  /** The page's `<html lang>` (default `en`; `""` for none). */
  lang?: string;
}

export const defaultWidgetAttributes: Record<string, string> = {
  "data-title": "Ask Acme",
  "data-greeting": "Hi! How can I help?",
  "data-position": "right",
  "data-theme": "light",
  "data-accent": "#2563eb",
};

export function hostPage(options: HostPageOptions): string {
  const attributes = { ...defaultWidgetAttributes, ...options.attributes };
  const attributeText = Object.entries(attributes)
    .map(([name, value]) => `${name}="${escapeAttribute(value)}"`)
    .join(" ");
  return `<!doctype html>
<html${options.lang === "" ? "" : ` lang="${escapeAttribute(options.lang ?? "en")}"`}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(options.title ?? "Test host page")}</title>
${options.head ?? ""}
</head>
<body>
${options.body ?? "<main><h1>A site that embeds the widget</h1><p>Some content.</p></main>"}
<script src="${escapeAttribute(options.proxyOrigin)}/widget.js" async ${attributeText}></script>
</body>
</html>`;
}

function escapeText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
}

function escapeAttribute(text: string): string {
  return escapeText(text).replaceAll('"', "&quot;");
}
