/**
 * vitest globalSetup: one redis-server and one three-master Redis Cluster
 * for the whole run, their URIs handed to tests through inject(). Tests that
 * kill or freeze Redis start their own servers (see redis-process.ts), so
 * they never disturb files running beside them.
 */
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { RedisCluster, RedisServer } from "./redis-process.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUri: string;
    redisClusterUris: string[];
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [server, cluster] = await Promise.all([RedisServer.start(), RedisCluster.start(3)]);
  project.provide("redisUri", server.uri);
  project.provide("redisClusterUris", cluster.uris);
  return async () => {
    await Promise.all([server.destroy(), cluster.destroy()]);
  };
}
