/**
 * On phones the panel fills the screen; when the on-screen keyboard opens, only the visual
 * viewport shrinks, so its height and offset are mirrored into CSS variables the panel uses.
 */
export function trackVisualViewport(target: HTMLElement): () => void {
  const viewport = window.visualViewport;
  if (!viewport) return () => undefined;
  const sync = () => {
    target.style.setProperty("--cw-vvh", `${viewport.height}px`);
    target.style.setProperty("--cw-vvtop", `${viewport.offsetTop}px`);
  };
  sync();
  viewport.addEventListener("resize", sync);
  viewport.addEventListener("scroll", sync);
  return () => {
    viewport.removeEventListener("resize", sync);
    viewport.removeEventListener("scroll", sync);
  };
}
