// Production HTTP server: Next's handler behind a plain node:http server that stamps each request with its socket
// peer address (x-switchyard-peer), which `next start` cannot give the app when a client sends x-forwarded-for.
// Plain JS run by bare node: Next must not load under the react-server condition the other scripts use.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import next from "next";

function arg(flag, fallback) {
  const i = process.argv.indexOf(flag);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const port = Number(arg("-p", process.env.PORT || "3000"));
const hostname = arg("-H", process.env.HOST || "127.0.0.1");
// Tells lib/auth/addresses.ts that x-switchyard-peer is genuine in this process.
process.env.SWITCHYARD_PEER_STAMPED = "1";
// The port actually served, for the configuration's `port` (mode none answers only Host localhost:PORT), as
// `next start` and `next dev` do.
process.env.PORT = String(port);

// The configuration as built, handed over the way Next's own standalone server.js does: loading next.config.ts at
// run time would compile it with SWC, a native module that alone adds ~26 MB to the server's resident memory.
const { config } = JSON.parse(readFileSync(".next/required-server-files.json", "utf8"));
process.env["__NEXT_PRIVATE_STANDALONE_CONFIG"] = JSON.stringify(config);
const app = next({ dev: false, hostname, port, conf: config });
const handle = app.getRequestHandler();
await app.prepare();

// Requests being answered, for lib/core/request-priority.ts: a poll's background steps wait while there are any.
// Event streams stay open for as long as a tab does, so they are not counted.
const inFlight = { count: 0 };
globalThis[Symbol.for("switchyard.requestsInFlight")] = inFlight;
const isEventStream = (req) =>
  (req.headers.accept ?? "").includes("text/event-stream") || /\/events(\?|$)/.test(req.url ?? "");

const server = createServer((req, res) => {
  req.headers["x-switchyard-peer"] = req.socket.remoteAddress ?? "";
  if (!isEventStream(req)) {
    inFlight.count++;
    res.once("close", () => inFlight.count--);
  }
  void handle(req, res);
});
server.listen(port, hostname, () => console.log(`Switchyard listening on http://${hostname}:${port}`));

let closing = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
