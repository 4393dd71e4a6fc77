// Uploads one file with tus-js-client (the client Uppy uses) to a Rushes server, for
// bench/transfers.sh. Usage: node bench/tus-js-upload.mjs FILE
// Environment: RUSHES_URL (base URL ending in /), RUSHES_TOKEN, RUSHES_FOLDER.

import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { Upload } from "tus-js-client";

const [file] = process.argv.slice(2);
const { RUSHES_URL: base, RUSHES_TOKEN: token, RUSHES_FOLDER: folder } = process.env;
if (!file || !base || !token || !folder) {
  console.error("usage: RUSHES_URL=... RUSHES_TOKEN=... RUSHES_FOLDER=... node bench/tus-js-upload.mjs FILE");
  process.exit(2);
}
const size = statSync(file).size;
const upload = new Upload(createReadStream(file), {
  endpoint: new URL("uploads", base).href,
  headers: { Authorization: `Bearer ${token}` },
  metadata: { folder_id: String(folder), filename: `tus-js-${basename(file)}` },
  uploadSize: size,
  // Streams need a finite chunk size; 64 MiB matches the Rushes client's largest chunk.
  chunkSize: 64 * 1024 * 1024,
  retryDelays: [0, 500],
  onError: (e) => {
    console.error(String(e));
    process.exit(1);
  },
  onSuccess: () => process.exit(0),
});
upload.start();
