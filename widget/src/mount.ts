import { adoptStyles } from "./adopt-styles";
import { textColourOn } from "./contrast";
import launcherCss from "./styles/launcher.css?inline";
import type { WidgetConfig } from "./types";

export const HOST_ID = "chat-widget-root";

export interface Mount {
  host: HTMLElement;
  shadow: ShadowRoot;
  /** The themed wrapper every widget element lives in. */
  root: HTMLElement;
  /** Where the lazily loaded panel renders. */
  panelSlot: HTMLElement;
}

/** The Shadow DOM host: the page's CSS cannot reach inside, and ours never leaks out. */
export function createMount(config: WidgetConfig): Mount {
  const host = document.createElement("div");
  host.id = HOST_ID;
  const shadow = host.attachShadow({ mode: "open" });
  adoptStyles(shadow, launcherCss);
  // The accent is a validated hex colour, so writing it into CSS cannot inject rules.
  adoptStyles(shadow, `:host{--cw-accent:${config.accent};--cw-on-accent:${textColourOn(config.accent)}}`);

  const root = document.createElement("div");
  root.className = "cw";
  root.dataset.theme = config.theme;
  root.dataset.position = config.position;
  const panelSlot = document.createElement("div");
  panelSlot.className = "cw-panel-slot";
  root.append(panelSlot);
  shadow.append(root);
  return { host, shadow, root, panelSlot };
}
