// Production HTTP server: Next's handler behind a plain node:http server that stamps each request with its socket
// peer address (x-switchyard-peer), which `next start` cannot give the app when a client sends x-forwarded-for.
// Plain JS run by bare node: Next must not load under the react-server condition the other scripts use.
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

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  req.headers["x-switchyard-peer"] = req.socket.remoteAddress ?? "";
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
