// The admin page's only script (external, so the proxy's CSP `script-src 'self'` allows it).
// It keeps the token in sessionStorage (gone when the tab closes), fetches the overview with
// `Authorization: Bearer`, and draws one SVG per site with DOM calls: no innerHTML, so a site's
// name can never become markup.
const TOKEN_KEY = "chat-admin:token";
const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 44, right: 56, top: 16, bottom: 28 };

const form = document.getElementById("login");
const input = document.getElementById("token");
const status = document.getElementById("status");
const list = document.getElementById("sites");

form.addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, input.value);
  input.value = "";
  void load();
});

if (sessionStorage.getItem(TOKEN_KEY)) void load();

async function load() {
  status.textContent = "Loading…";
  const response = await fetch("/admin/api/overview", {
    headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ""}` },
  }).catch(() => undefined);
  if (!response || !response.ok) {
    if (response?.status === 401) sessionStorage.removeItem(TOKEN_KEY);
    list.replaceChildren();
    status.textContent = response?.status === 401 ? "That token is not right." : "The proxy did not answer; try again.";
    return;
  }
  const { models, sites } = await response.json();
  status.textContent = "";
  form.hidden = true;
  list.replaceChildren(modelSection(models), ...sites.map(siteSection));
}

function modelSection(models) {
  const section = element("section", { class: "models" });
  const line = element("p", { class: "meta" });
  const fallbacks = models.fallbacks.length > 0 ? `; then ${models.fallbacks.join(", ")}` : "";
  line.textContent = models.active ? `Answering with ${models.active}${fallbacks}.` : "No configured model is served: chat answers fail.";
  section.append(line);
  if (models.degraded) section.append(warning(models.degraded));
  return section;
}

function warning(sentence) {
  const node = element("p", { class: "warning", role: "alert" });
  node.textContent = `⚠ ${sentence}`;
  return node;
}

function siteSection(site) {
  const section = element("section", { "data-site": site.id });
  const title = element("h2");
  title.textContent = `${site.name} (${site.id})${site.enabled ? "" : " (disabled)"}`;
  const meta = element("p", { class: "meta" });
  const budget = site.monthlyTokenBudget === null ? "no monthly token budget" : `${site.monthTokens} of ${site.monthlyTokenBudget} tokens this month`;
  meta.textContent = `Model ${site.model ?? "none left"}. Daily quota ${site.dailyQuota} messages; ${budget}.`;
  section.append(title, meta);
  if (site.modelWarning) section.append(warning(site.modelWarning));
  section.append(chart(site));
  return section;
}

function chart(site) {
  const days = site.days;
  const maxMessages = Math.max(site.dailyQuota, ...days.map((day) => day.messages), 1);
  const maxTokens = Math.max(...days.map((day) => day.tokens), 1);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / days.length;
  const yMessages = (value) => PAD.top + plotHeight - (value / maxMessages) * plotHeight;
  const yTokens = (value) => PAD.top + plotHeight - (value / maxTokens) * plotHeight;

  const svg = svgElement("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img" });
  const label = svgElement("title");
  label.textContent = `${site.name}: messages and tokens per day over the last ${days.length} days, daily quota ${site.dailyQuota}`;
  svg.append(label);
  days.forEach((day, index) => {
    const top = yMessages(day.messages);
    const bar = svgElement("rect", { class: "bar", x: PAD.left + index * slot + 1, y: top, width: Math.max(slot - 2, 1), height: PAD.top + plotHeight - top });
    const tip = svgElement("title");
    tip.textContent = `${day.date}: ${day.messages} messages, ${day.tokens} tokens, ${day.refused} refused`;
    bar.append(tip);
    svg.append(bar);
  });
  const points = days.map((day, index) => `${PAD.left + (index + 0.5) * slot},${yTokens(day.tokens)}`).join(" ");
  svg.append(svgElement("polyline", { class: "tokens", points }));
  const quotaY = yMessages(site.dailyQuota);
  svg.append(svgElement("line", { class: "quota", x1: PAD.left, x2: WIDTH - PAD.right, y1: quotaY, y2: quotaY }));
  svg.append(
    text(PAD.left - 6, quotaY + 4, String(site.dailyQuota), "end"),
    text(PAD.left - 6, PAD.top + plotHeight, "0", "end"),
    text(WIDTH - PAD.right + 6, PAD.top + 8, `${maxTokens} tok`, "start"),
    text(PAD.left, HEIGHT - 8, days[0].date, "start"),
    text(WIDTH - PAD.right, HEIGHT - 8, days[days.length - 1].date, "end"),
    legend(),
  );
  return svg;
}

function legend() {
  const group = svgElement("g", { class: "legend" });
  group.append(text(PAD.left + 180, HEIGHT - 8, "bars: messages · purple: tokens · red dashes: daily quota", "start", "legend"));
  return group;
}

function text(x, y, content, anchor, className = "axis") {
  const node = svgElement("text", { x, y, "text-anchor": anchor, class: className });
  node.textContent = content;
  return node;
}

function element(name, attributes = {}) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function svgElement(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}
