// The panel's icons: decorative, so hidden from assistive tech (the buttons carry the names).

const stroke = { fill: "none", stroke: "currentColor", "stroke-width": 2, "stroke-linecap": "round", "stroke-linejoin": "round" } as const;

export const SendIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path {...stroke} d="M12 19V5M5.5 11.5 12 5l6.5 6.5" />
  </svg>
);

export const StopIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <rect x="7" y="7" width="10" height="10" rx="2" fill="currentColor" />
  </svg>
);

export const CloseIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path {...stroke} d="M6 6l12 12M18 6 6 18" />
  </svg>
);

export const MoreIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <circle cx="5" cy="12" r="1.8" fill="currentColor" />
    <circle cx="12" cy="12" r="1.8" fill="currentColor" />
    <circle cx="19" cy="12" r="1.8" fill="currentColor" />
  </svg>
);

export const SparkIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path fill="currentColor" d="M12 2.5l2.1 6.1 6.4 1.9-6.4 1.9L12 18.5l-2.1-6.1-6.4-1.9 6.4-1.9zM18.5 15l.9 2.4 2.4.9-2.4.9-.9 2.3-.9-2.3-2.4-.9 2.4-.9z" />
  </svg>
);

export const NewChatIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path {...stroke} d="M12 5v14M5 12h14" />
  </svg>
);
