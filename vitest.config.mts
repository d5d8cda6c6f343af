import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The slow fault suites (kill -9 of nats-server, clusters) are `*.fault.test.ts`, run by `npm run test:faults`.
const faults = process.env.SWITCHYARD_FAULTS === "1";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // `server-only` throws outside a React Server bundle; tests run server code directly.
      "server-only": fileURLToPath(new URL("./lib/testing/server-only-noop.ts", import.meta.url)),
    },
  },
  test: {
    include: [faults ? "**/*.fault.test.ts" : "**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ...(faults ? [] : ["**/*.fault.test.ts"])],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
