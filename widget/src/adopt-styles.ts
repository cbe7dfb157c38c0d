/**
 * Adds CSS to a shadow root. Constructable stylesheets are not subject to a page's
 * `style-src` CSP, so the widget keeps its looks on sites that forbid 'unsafe-inline';
 * browsers without them get a <style> element instead. Returns a function that removes the CSS.
 */
export function adoptStyles(shadow: ShadowRoot, css: string): () => void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
    return () => {
      shadow.adoptedStyleSheets = shadow.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
    };
  } catch {
    const style = document.createElement("style");
    style.textContent = css;
    shadow.prepend(style);
    return () => style.remove();
  }
}
