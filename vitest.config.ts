import { defineConfig } from "vitest/config";

// Two cores on CI machines: keep the worker pool small and predictable.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
