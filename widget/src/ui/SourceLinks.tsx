import type { Source } from "../api";
import { useI18n } from "./use-i18n";

// The links open in a new tab so the conversation stays; noopener noreferrer keeps the opened
// page from reaching back into the host page or learning where the visitor came from.
export function SourceLinks({ sources }: { sources: readonly Source[] }) {
  const { text } = useI18n();
  return (
    <div class="cw-sources">
      <p class="cw-sources-label">{text.sources}</p>
      <ul aria-label={text.sources}>
        {sources.map((source) => (
          <li key={source.url}>
            <a href={source.url} target="_blank" rel="noopener noreferrer" dir="auto">
              {source.title}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
