// A site owner's web server for the grounding tests, on 127.0.0.1: a dozen topical pages that
// share navigation and a promo line (boilerplate), a sitemap, a page over 1 MiB, a page that
// never answers, redirects within the site and to elsewhere, and a JSON file. Pages carry an
// ETag and Last-Modified and answer 304 when unchanged; every response sets a cookie, so a test
// can check none comes back. A second server, `forbidden`, stands for every host the proxy must
// never reach: it only counts connections.
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface Topic {
  path: string;
  title: string;
  heading: string;
  text: string;
  /** A visitor's question this page answers best. */
  question: string;
}

export const TOPICS: Topic[] = [
  { path: "/", title: "Acme Kettle Pro", heading: "The kettle that knows your tea", text: "Acme Kettle Pro heats water to the exact degree your leaves want and pours without a drip. Brushed steel body, gooseneck spout.", question: "What is the Kettle Pro made of? Is it steel?" },
  { path: "/pricing.html", title: "Pricing", heading: "Plans and prices", text: "The Kettle Pro costs $129. Kettle Pro with Care costs $159. Prices include VAT.", question: "How much does the kettle cost?" },
  { path: "/shipping.html", title: "Shipping", heading: "Where we ship", text: "We deliver to the United States, Canada, the European Union and the United Kingdom. Orders leave our warehouse within two business days; delivery takes three to seven days.", question: "Do you deliver to Canada?" },
  { path: "/returns.html", title: "Returns and refunds", heading: "Returning a kettle", text: "Send it back within 30 days for a full refund. We email a prepaid label; the money reaches your card within five days of the parcel arriving.", question: "Can I get a refund if I don't like it?" },
  { path: "/warranty.html", title: "Warranty", heading: "Two years of cover", text: "Every kettle has a two-year warranty against defects; Kettle Care extends it to five years and covers accidental damage. Claims go through the claim form with the serial printed on the base.", question: "How long is the warranty?" },
  { path: "/descaling.html", title: "Descaling", heading: "Removing limescale", text: "Hard water leaves limescale. Once a month, boil a mix of water and citric acid, leave it for twenty minutes, then rinse twice.", question: "How do I remove limescale?" },
  { path: "/temperatures.html", title: "Brewing temperatures", heading: "The right heat for each tea", text: "Green tea and gyokuro want 70 to 80 degrees Celsius; oolong 85 to 90; black tea and herbal infusions a full boil at 100.", question: "What temperature is right for green tea?" },
  { path: "/app.html", title: "The Acme app", heading: "Pairing over Bluetooth", text: "Install the Acme app on your phone, hold the kettle's dial for three seconds until it blinks, then tap Pair in the app. The app schedules boils and saves presets.", question: "How do I pair the app with my phone?" },
  { path: "/safety.html", title: "Safety", heading: "Automatic shut-off", text: "The kettle switches itself off when it boils dry or is lifted from the base, and the handle stays cool to the touch.", question: "Does it switch off by itself when it boils dry?" },
  { path: "/contact.html", title: "Contact us", heading: "Talk to a person", text: "Phone our support team on +1 555 0100, weekdays 9 to 17 Eastern time, or write to help@acme.test.", question: "What is your support phone number?" },
  { path: "/tea-club.html", title: "Tea Club", heading: "A subscription of loose-leaf tea", text: "Two bags of loose-leaf tea every month for $19. Skip or cancel your subscription any time from your account.", question: "Can I cancel my tea subscription?" },
  { path: "/specs.html", title: "Specifications", heading: "Technical data", text: "Capacity 1.2 litres. Power 1800 watts in the US, 2200 watts in Europe. Weight 1.1 kilograms.", question: "What is its capacity in litres?" },
  { path: "/careers.html", title: "Careers", heading: "Work with us", text: "We are hiring firmware engineers and a customer support lead in Berlin and remotely. Send your CV to jobs@acme.test.", question: "Are you hiring engineers?" },
];

export const PROMO = "Free delivery on every order over $50, and 30 days to change your mind.";

export function topicPage(topic: Topic, extra = ""): string {
  const nav = TOPICS.map((other) => `<a href="${other.path}">${other.title}</a>`).join(" ");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${topic.title} – Acme Kettle</title></head><body>
<header><nav>${nav}</nav></header>
<main><article>
<h1>${topic.heading}</h1>
<p>${topic.text}</p>
<p>${topic.text.split(". ").reverse().join(". ")}</p>
${extra}
<p class="promo">${PROMO}</p>
</article></main>
<footer><p>© 2026 Acme Kettle Co. ${nav}</p></footer>
</body></html>`;
}

export interface KnowledgeSite {
  origin: string;
  url(path: string): string;
  /** Requests per path, in order. */
  requests: { path: string; headers: IncomingHttpHeaders }[];
  /** Resolves when the next request for `path` arrives. */
  nextRequest(path: string): Promise<void>;
  setPage(path: string, html: string): void;
  close(): Promise<void>;
}

export interface ForbiddenServer {
  origin: string;
  connections(): number;
  close(): Promise<void>;
}

export async function startForbiddenServer(): Promise<ForbiddenServer> {
  let connections = 0;
  const server = createServer((_request, response) => response.end("<html><title>Internal</title><p>secret admin panel</p></html>"));
  server.on("connection", () => connections++);
  const origin = await listen(server);
  return { origin, connections: () => connections, close: () => close(server) };
}

/** `elsewhere`: where /away redirects (the forbidden server's origin). */
export async function startKnowledgeSite(elsewhere: string): Promise<KnowledgeSite> {
  const pages = new Map(TOPICS.map((topic) => [topic.path, topicPage(topic)]));
  const requests: KnowledgeSite["requests"] = [];
  const waiting: { path: string; arrived: () => void }[] = [];
  const lastModified = new Date(Date.UTC(2026, 0, 1)).toUTCString();
  let origin = "";

  const sitemap = () =>
    `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${[
      ...TOPICS.map((topic) => origin + topic.path),
      `${origin}/huge.html`,
      `${origin}/hang.html`,
      `${origin}/away`,
      `${origin}/data.json`,
      `${elsewhere}/internal.html`,
    ]
      .map((url) => `<url><loc>${url}</loc></url>`)
      .join("")}</urlset>`;

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://site").pathname;
    requests.push({ path, headers: request.headers });
    for (const waiter of waiting.filter((candidate) => candidate.path === path)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.arrived();
    }
    response.setHeader("Set-Cookie", "visitor=tracked; Path=/");
    if (path === "/hang.html") return; // never answers
    if (path === "/away") return redirect(`${elsewhere}/internal.html`);
    if (path === "/old-pricing") return redirect("/pricing.html");
    if (path === "/loop") return redirect("/loop");
    if (path === "/sitemap.xml") return send(200, "application/xml", sitemap());
    if (path === "/sitemap-index.xml") {
      return send(200, "application/xml", `<sitemapindex><sitemap><loc>${origin}/sitemap.xml</loc></sitemap><sitemap><loc>${elsewhere}/sitemap.xml</loc></sitemap></sitemapindex>`);
    }
    if (path === "/data.json") return send(200, "application/json", '{"price":129}');
    if (path === "/huge.html") return send(200, "text/html", `<html><body><p>${"tea ".repeat(400_000)}</p></body></html>`);
    const html = pages.get(path);
    if (html === undefined) return send(404, "text/html", "<p>not found</p>");
    const etag = `"${createHash("sha256").update(html).digest("hex").slice(0, 16)}"`;
    if (request.headers["if-none-match"] === etag) {
      response.writeHead(304, { ETag: etag });
      return response.end();
    }
    response.setHeader("ETag", etag);
    response.setHeader("Last-Modified", lastModified);
    send(200, "text/html; charset=utf-8", html);

    function send(status: number, type: string, body: string) {
      response.writeHead(status, { "Content-Type": type });
      response.end(body);
    }
    function redirect(location: string) {
      response.writeHead(302, { Location: location });
      response.end();
    }
  });
  origin = await listen(server);
  return {
    origin,
    url: (path) => origin + path,
    requests,
    nextRequest: (path) => new Promise((arrived) => waiting.push({ path, arrived })),
    setPage: (path, html) => pages.set(path, html),
    close: () => close(server),
  };
}

const sockets = new WeakMap<Server, Set<Socket>>();

async function listen(server: Server): Promise<string> {
  const open = new Set<Socket>();
  sockets.set(server, open);
  server.on("connection", (socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// The hanging page keeps its socket open: close it by hand.
async function close(server: Server): Promise<void> {
  for (const socket of sockets.get(server) ?? []) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
