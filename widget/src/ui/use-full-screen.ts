import { useEffect, useState } from "preact/hooks";

// Must match the phone breakpoint in styles/panel.css, where the panel fills the screen.
const FULL_SCREEN = "(max-width: 480px)";

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
