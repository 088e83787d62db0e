// Where the PMS API is mounted, on the edge and on the origin alike. Route patterns in the
// contract (the role table, the origin's metrics) are relative to it.
export const API_PREFIX = "/api/v1/pms";
