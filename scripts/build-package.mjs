// Builds what the npm package ships besides the ESM tree tsc wrote to dist/:
// CommonJS bundles for `require` consumers, declarations that compile without
// the DOM lib, and their .d.cts mirror. Run by scripts/build.sh after tsc;
// writes only inside dist/.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const cjs = join(dist, "cjs");

/** Every .d.ts under `dir`, outside the CommonJS tree. */
function* declarations(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== cjs) yield* declarations(path);
    } else if (entry.name.endsWith(".d.ts")) {
      yield path;
    }
  }
}

// CommonJS has no import.meta. Each bundled ESM file keeps its meaning by
// getting, as its import.meta.url, the URL of the very ESM file it came from:
// that file ships in dist/ beside the bundle, so `new URL("./generated/
// jam_jose_bg.wasm", import.meta.url)` in the Node loader still finds the
// one .wasm the package carries (no second copy for CommonJS).
const importMetaUrlPerFile = {
  name: "import-meta-url-per-file",
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const fromBundle = relative(cjs, args.path).split("\\").join("/");
      const url = `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(fromBundle)})).href`;
      return { contents: source.replaceAll("import.meta.url", `(${url})`), loader: "js" };
    });
  },
};

await build({
  entryPoints: { index: join(dist, "index.js"), slim: join(dist, "slim.js") },
  outdir: cjs,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // Optional runtime dependencies (a Redis client) stay the user's install,
  // resolved by require at run time, never inlined.
  packages: "external",
  plugins: [importMetaUrlPerFile],
  logLevel: "warning",
  // The glue's default-init path (unused in Node, which loads synchronously)
  // reads import.meta.url too; the plugin above covers it.
  logOverride: { "empty-import-meta": "silent" },
});

// Declarations that compile without the DOM lib: the emitted .d.ts name
// WebAssembly.*, BufferSource and RequestInfo (from the DOM-typed sources and
// wasm-bindgen's glue), which a Node project with only @types/node lacks.
// Each such name is pointed at dist/core/web-types.d.ts, which resolves it
// from the consumer's own libs. Comment lines are left alone.
const webTypes = join(dist, "core", "web-types.d.ts");
copyFileSync(join(root, "ts", "core", "web-types.d.ts"), webTypes);
const webNames = [
  [/\bWebAssembly\.(Module|Memory|Table)\b/g, (rel) => `import("${rel}").Wasm$1`],
  [/\bBufferSource\b/g, (rel) => `import("${rel}").BinarySource`],
  [/\bRequestInfo\b/g, (rel) => `import("${rel}").FetchRequestInfo`],
];
for (const file of declarations(dist)) {
  if (file === webTypes) continue;
  let rel = relative(dirname(file), join(dist, "core", "web-types.js"))
    .split("\\")
    .join("/");
  if (!rel.startsWith(".")) rel = `./${rel}`;
  const text = readFileSync(file, "utf8");
  const rewritten = text
    .split("\n")
    .map((line) => {
      if (/^\s*(\*|\/\/|\/\*)/.test(line)) return line;
      return webNames.reduce((out, [pattern, to]) => out.replace(pattern, to(rel)), line);
    })
    .join("\n");
  if (rewritten !== text) writeFileSync(file, rewritten);
}

// Declarations for `require` consumers: TypeScript (node16/nodenext) treats a
// .d.ts in a "type": "module" package as ESM and refuses it from CommonJS
// (TS1479), so the declaration tree is mirrored as .d.cts whose relative
// specifiers name .cjs files.
const relativeJs = /(["'])(\.\.?\/[^"']*?)\.js\1/g;
let count = 0;
for (const file of declarations(dist)) {
  const target = join(cjs, relative(dist, file)).replace(/\.d\.ts$/, ".d.cts");
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, readFileSync(file, "utf8").replace(relativeJs, "$1$2.cjs$1"));
  count += 1;
}
console.log(`[build] CommonJS: dist/cjs/index.cjs, dist/cjs/slim.cjs, ${count} .d.cts`);
