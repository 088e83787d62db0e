// Node-side type checking (tsconfig.node.json) reaches the Worker's cache tables through the
// consistency checker (src/cache/tiers.ts, src/cache/write-table.ts); their type-only imports
// lead to the Worker's environment, which names a few Worker globals that @types/node lacks.
// Only these names are declared here, loosely: nothing Node-side uses them, the Worker's own
// check (tsconfig.json, which excludes this folder) types them for real.
interface Env {
  [name: string]: string;
}
type HeadersInit = ConstructorParameters<typeof Headers>[0];
type RequestInfo = Request | string;
