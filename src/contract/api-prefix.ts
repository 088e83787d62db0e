/** Where the PMS API is mounted, at the edge and at the origin. */
export const API_PREFIX = "/api/v1/pms";
