/** The panel chunk's hashed file name, relative to widget.js; defined by widget/vite.config.ts. */
declare const __PANEL_CHUNK__: string;
