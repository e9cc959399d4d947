/** The CLI's exit statuses: 0 done, 2 a person's mistake (the message says what to fix). */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
