import { describe, expect, it } from "vitest";
import { withFields } from "./cache-response.ts";

describe("withFields", () => {
  const fields = { cached: true, cache_age_seconds: 3 };

  it("splices the fields into a cached object body, equal to parsing and re-stringifying it", () => {
    for (const body of ['{"a":1,"b":[1,2]}', ' {"a":{"x":"}"}}\n', "{}", "{ }"]) {
      const spliced = withFields(body, fields, true);
      expect(JSON.parse(spliced)).toEqual({ ...JSON.parse(body), ...fields });
      expect(withFields(body, fields)).toBe(JSON.stringify({ ...JSON.parse(body), ...fields }));
    }
  });

  it("lets the edge's fields win over keys the origin sent", () => {
    expect(JSON.parse(withFields('{"cached":false,"a":1}', fields, true))).toEqual({
      a: 1,
      cached: true,
      cache_age_seconds: 3,
    });
  });

  it("leaves arrays, scalars and non-JSON unchanged", () => {
    expect(withFields("[1,2]", fields, true)).toBe("[1,2]");
    expect(withFields("[1,2]", fields)).toBe("[1,2]");
    expect(withFields("not json", fields)).toBe("not json");
    expect(withFields('"text"', fields, true)).toBe('"text"');
  });
});
