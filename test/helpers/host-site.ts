// A stand-in for a site owner's web server: it serves the pages that embed the widget from an
// origin other than the proxy's (http://localhost:<port> vs the proxy's http://127.0.0.1:<port>),
// so the widget runs cross-origin exactly as on a real site.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

export const demoDir = fileURLToPath(new URL("../../demo/", import.meta.url));

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

export interface HostSite {
  origin: string;
  /** Serves `html` at `path` (replacing any earlier page there; a query string is kept in the URL only) and returns its URL. */
  page(path: string, html: string): string;
  /** URL of a file of demo/, served with its script tag and CSP pointed at the proxy. */
  demo(file: string): string;
  close(): Promise<void>;
}

export async function startHostSite(proxyOrigin: string): Promise<HostSite> {
  const pages = new Map<string, string>();

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://host").pathname;
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      response.end(body);
    };
    const registered = pages.get(path);
    if (registered !== undefined) return send(200, contentTypes[".html"]!, registered);

    const file = normalize(join(demoDir, path === "/" ? "index.html" : path));
    const type = contentTypes[extname(file)];
    if (!file.startsWith(demoDir) || type === undefined) return send(404, "text/plain", "not found");
    readFile(file, "utf8").then(
      (text) => send(200, type, type === contentTypes[".html"] ? pointDemoAtProxy(text, proxyOrigin) : text),
      () => send(404, "text/plain", "not found"),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    page(path, html) {
      pages.set(new URL(path, origin).pathname, html);
      return origin + path;
    },
    demo: (file) => `${origin}/${file}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * The demo embeds the widget same-origin (`src="/widget.js"`, CSP `'self'`), as `npm start` serves
 * it. On a site owner's own server the script tag names the proxy, and a strict CSP allows the
 * proxy's origin for scripts and connections: this is that rewrite.
 */
export function pointDemoAtProxy(html: string, proxyOrigin: string): string {
  return html
    .replaceAll('src="/widget.js"', `src="${proxyOrigin}/widget.js"`)
    .replace(/(script-src|connect-src) 'self'/g, `$1 'self' ${proxyOrigin}`);
}
