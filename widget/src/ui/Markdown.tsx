import { useLayoutEffect, useRef } from "preact/hooks";
import { renderMarkdown } from "../markdown";

/** Appends the sanitised fragment itself, so the HTML is never re-parsed from a string. */
export function Markdown({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.replaceChildren(renderMarkdown(text));
  }, [text]);
  return <div class="cw-md" ref={ref} />;
}
