/**
 * The states the share-links page filters by. In a plain module, not the client table's: a server page that
 * imports a value from a "use client" module gets a client reference, not the array.
 */
export const linkStateFilters = ["any", "active", "inactive"] as const;
export type LinkStateFilter = (typeof linkStateFilters)[number];
