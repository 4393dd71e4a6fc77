// Uploads with tus-js-client (the client Uppy uses) to a running Rushes server and checks that
// the server's sha256 of each finished file is the one computed here.
//
// Usage: node tests/interop/tus-js-client.mjs
// Environment: RUSHES_URL (the server's base URL, ending in /), RUSHES_TOKEN (an access token),
// RUSHES_FOLDER (a folder id the token's user edits). Prints one JSON line per upload; exits
// non-zero on the first failure.

import { createHash, randomBytes } from "node:crypto";
import { Upload } from "tus-js-client";

const base = process.env.RUSHES_URL;
const token = process.env.RUSHES_TOKEN;
const folder = process.env.RUSHES_FOLDER;
if (!base || !token || !folder) {
  console.error("RUSHES_URL, RUSHES_TOKEN and RUSHES_FOLDER are required");
  process.exit(2);
}
const auth = { Authorization: `Bearer ${token}` };

/** Uploads `data` as `filename` with `options`; resolves to the upload URL. */
function upload(data, filename, options) {
  return new Promise((resolve, reject) => {
    const up = new Upload(data, {
      endpoint: new URL("uploads", base).href,
      headers: auth,
      metadata: { folder_id: String(folder), filename, filetype: "application/octet-stream" },
      retryDelays: [0, 200, 500],
      removeFingerprintOnSuccess: true,
      onError: reject,
      onSuccess: () => resolve(up.url),
      ...options,
    });
    up.start();
  });
}

/** The server's sha256 of a finished upload, from HEAD. */
async function serverSha256(url) {
  const res = await fetch(url, { method: "HEAD", headers: { ...auth, "Tus-Resumable": "1.0.0" } });
  if (res.status !== 200) throw new Error(`HEAD ${url}: ${res.status}`);
  return res.headers.get("upload-sha256");
}

const cases = [
  { name: "chunked.bin", size: 5 * 1024 * 1024 + 123, options: { chunkSize: 1024 * 1024 } },
  {
    name: "with-creation.bin",
    size: 3 * 1024 * 1024,
    options: { chunkSize: 1024 * 1024, uploadDataDuringCreation: true },
  },
  { name: "parallel.bin", size: 6 * 1024 * 1024 + 7, options: { parallelUploads: 3 } },
];

for (const c of cases) {
  const data = randomBytes(c.size);
  const expected = createHash("sha256").update(data).digest("hex");
  const started = Date.now();
  const url = await upload(data, c.name, c.options);
  const actual = await serverSha256(url);
  const ok = actual === expected;
  console.log(JSON.stringify({ name: c.name, size: c.size, ok, ms: Date.now() - started, url }));
  if (!ok) {
    console.error(`${c.name}: server sha256 ${actual}, expected ${expected}`);
    process.exit(1);
  }
}
