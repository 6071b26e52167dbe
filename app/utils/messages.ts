// Words of the inbox shared by the server and the pages.

export const inboxViews = ["unassigned", "mine", "all"] as const;
export type InboxView = (typeof inboxViews)[number];
/** The state filter: open (waiting for either side), one state, overdue, or everything. */
export const inboxStateFilters = ["open", "awaiting_municipality", "awaiting_resident", "overdue", "closed", "any"] as const;
export type InboxStateFilter = (typeof inboxStateFilters)[number];
