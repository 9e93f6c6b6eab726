/**
 * Response header carrying the server's calendar day (YYYY-MM-DD, China
 * time). No imports: the SPA's first script reads it.
 */
export const SERVER_TODAY_HEADER = "x-server-today";
