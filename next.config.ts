import type { NextConfig } from "next";
import { API_CSP, STATIC_SECURITY_HEADERS } from "./lib/auth/security-headers";

const nextConfig: NextConfig = {
  // The NATS client keeps sockets and timers: load it from node_modules rather than bundling it.
  serverExternalPackages: [
    "@nats-io/transport-node",
    "@nats-io/jetstream",
    "@nats-io/kv",
    "@nats-io/nats-core",
  ],
  poweredByHeader: false,
  // No page uses next/image: with the optimizer off, /_next/image answers 404 instead of fetching and resizing
  // whatever URL it is given.
  images: { unoptimized: true },
  devIndicators: false,
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
