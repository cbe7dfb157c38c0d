/** The panel chunk's hashed file name, relative to widget.js; defined by widget/vite.config.ts. */
declare const __PANEL_CHUNK__: string;
/** Every shipped language: its table's hashed chunk and the launcher's label in it; defined by widget/vite.config.ts. */
declare const __LANGUAGES__: Record<string, readonly [chunk: string, openChat: string]>;
