const SVG_NS = "http://www.w3.org/2000/svg";
const CHAT_ICON =
  "M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.5c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z";
const CHEVRON_ICON = "M6 9.5l6 6 6-6";

function icon(path: string, className: string, filled: boolean): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", className);
  const shape = document.createElementNS(SVG_NS, "path");
  shape.setAttribute("d", path);
  if (filled) shape.setAttribute("fill", "currentColor");
  else {
    shape.setAttribute("fill", "none");
    shape.setAttribute("stroke", "currentColor");
    shape.setAttribute("stroke-width", "2.2");
    shape.setAttribute("stroke-linecap", "round");
    shape.setAttribute("stroke-linejoin", "round");
  }
  svg.append(shape);
  return svg;
}

/** Plain DOM, not Preact: the launcher is all the first load draws, so it stays tiny. */
export function createLauncher(label: string): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "cw-launcher";
  button.setAttribute("aria-label", label);
  button.setAttribute("aria-expanded", "false");
  button.append(icon(CHAT_ICON, "cw-launcher-chat", true), icon(CHEVRON_ICON, "cw-launcher-close", false));
  return button;
}
