// Reading the widget's colours from a real browser, to tell light from dark.
import type { WidgetDriver } from "./widget-driver.js";

/** The dialog's computed background, e.g. `rgb(255, 255, 255)`. */
export function panelBackground(widget: WidgetDriver): Promise<string> {
  return widget.dialog.evaluate((element) => getComputedStyle(element).backgroundColor);
}

/** Relative luminance (WCAG) of a computed `rgb()`/`rgba()` colour, 0 (black) to 1 (white). */
export function luminance(colour: string): number {
  const channels = colour.match(/[\d.]+/g)?.slice(0, 3).map(Number);
  if (channels?.length !== 3) throw new Error(`not an rgb() colour: ${colour}`);
  const [r, g, b] = channels.map((channel) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
