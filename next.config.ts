import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The NATS client keeps sockets and timers: load it from node_modules rather than bundling it.
  serverExternalPackages: ["@nats-io/transport-node", "@nats-io/jetstream", "@nats-io/kv", "@nats-io/nats-core"],
  poweredByHeader: false,
  devIndicators: false,
};

export default nextConfig;
