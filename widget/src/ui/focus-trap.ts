const FOCUSABLE = 'a[href], button:not(:disabled), textarea, [tabindex="0"]';

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
