// What every view shares: the session, the API client and the query cache. Set once by main.js.
export const app = {
  session: null,
  api: null,
  queryClient: null,
  /** The organization the page works on. */
  get org() { return this.session.organization; },
};

/** Query keys, one place, so invalidation hits every view that shows the data. */
export const keys = {
  connectors: (org) => ['connectors', org],
  oauthMcps: (org) => ['oauth-mcps', org],
  assignments: (org, employeeId) => ['assignments', org, employeeId],
  integrations: (org) => ['integrations', org],
  teammateTools: (org, employeeId) => ['teammate-tools', org, employeeId],
  calls: (org, employeeId) => ['calls', org, employeeId],
};
