// Runs the reference tus server from npm (@tus/server with its file store) so the Rushes
// client can be checked against an implementation other than our own.
//
// Usage: node tests/interop/tus-server.mjs DIR
// Listens on a free loopback port, prints `{"endpoint": "http://127.0.0.1:PORT/files"}` once
// ready, stores uploads in DIR (each upload's bytes in DIR/<id>), and runs until killed.

import { Server } from "@tus/server";
import { FileStore } from "@tus/file-store";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node tests/interop/tus-server.mjs DIR");
  process.exit(2);
}

const server = new Server({
  path: "/files",
  datastore: new FileStore({ directory: dir }),
});
const http = server.listen({ host: "127.0.0.1", port: 0 }, () => {
  const { port } = http.address();
  console.log(JSON.stringify({ endpoint: `http://127.0.0.1:${port}/files` }));
});
