/** The longest message the proxy accepts (it answers 413 MESSAGE_TOO_LONG above it). */
export const MAX_MESSAGE_LENGTH = 2000;
