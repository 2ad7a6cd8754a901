/** How many items one page of any list holds (`limit`): shared with the web app, which imports this file. */
export const PAGE_LIMIT = { default: 20, max: 100 } as const;
