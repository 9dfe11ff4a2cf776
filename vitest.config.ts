import { defineConfig } from "vitest/config";

// Two cores on CI machines: keep the worker pool small and predictable.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 2,
    // One redis-server and one 3-master cluster for the run (the list tests).
    globalSetup: ["test/setup/redis.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
