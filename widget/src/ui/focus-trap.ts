import { useEffect, useState } from "preact/hooks";

// Must match the phone breakpoint in styles/panel.css, where the panel fills the screen.
const FULL_SCREEN = "(max-width: 480px)";
const FOCUSABLE = 'a[href], button:not(:disabled), textarea, [tabindex="0"]';

/** On phones the panel covers the page: it is modal there, so Tab must stay inside it. */
function isFullScreen(): boolean {
  return typeof matchMedia === "function" && matchMedia(FULL_SCREEN).matches;
}

/** Whether the panel fills the screen now; follows rotation and resizing. */
export function useFullScreen(): boolean {
  const [fullScreen, setFullScreen] = useState(isFullScreen);
  useEffect(() => {
    if (typeof matchMedia !== "function") return;
    const query = matchMedia(FULL_SCREEN);
    const sync = () => setFullScreen(query.matches);
    query.addEventListener("change", sync);
    return () => query.removeEventListener("change", sync);
  }, []);
  return fullScreen;
}

/** Tab from the last control goes to the first, Shift+Tab from the first (or the panel) to the last. */
export function keepTabInside(event: KeyboardEvent, container: HTMLElement): void {
  if (event.key !== "Tab") return;
  // Filtered from every element rather than queried with the selector list, which some DOMs
  // (jsdom's) do not return in document order.
  const focusable = [...container.querySelectorAll<HTMLElement>("*")].filter((element) => element.matches(FOCUSABLE));
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  const from = event.target;
  const wraps = event.shiftKey ? from === first || from === container : from === last;
  if (!wraps) return;
  event.preventDefault();
  (event.shiftKey ? last : first).focus();
}
