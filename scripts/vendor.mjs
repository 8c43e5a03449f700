// Copy the built browser files we serve from node_modules into site/static/vendor/.
// Source-map comments are dropped: we do not serve the maps, and Django's manifest storage
// refuses to hash a file that names a missing one.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const files = [
  ["hls.js/dist/hls.min.js", "hls.js/hls.min.js"],
  ["hls.js/LICENSE", "hls.js/LICENSE"],
  ["tus-js-client/dist/tus.min.js", "tus-js-client/tus.min.js"],
  ["tus-js-client/LICENSE", "tus-js-client/LICENSE"],
];
for (const [source, target] of files) {
  const destination = join("site/static/vendor", target);
  mkdirSync(dirname(destination), { recursive: true });
  if (destination.endsWith(".js")) {
    const code = readFileSync(join("node_modules", source), "utf8");
    writeFileSync(destination, code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n"));
  } else {
    copyFileSync(join("node_modules", source), destination);
  }
  console.log(`vendored ${source} -> ${destination}`);
}
