/** Every calendar query starts with this key: a change to the calendar invalidates them all at once. */
export const CALENDAR_KEY = ["calendar"] as const;
