// A pause of `ms` milliseconds. Plain setTimeout, so the same helper serves the Worker (workerd)
// and the Node side (origin, local tooling, bench, tests).
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
