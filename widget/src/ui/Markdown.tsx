import { useLayoutEffect, useRef } from "preact/hooks";
import { renderMarkdown } from "../markdown";

/** Appends the sanitised fragment itself, so the HTML is never re-parsed from a string. */
export function Markdown({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.replaceChildren(renderMarkdown(text));
  }, [text]);
  // dir=auto: a reply reads in its own direction (an English answer in an Arabic panel stays LTR).
  return <div class="cw-md" dir="auto" ref={ref} />;
}
