#!/usr/bin/env node
// Writes the seed corpus of every fuzz target into crate/fuzz/corpus/<target>/
// from the RFC vectors and key fixtures in crate/tests/data (never from blobs
// copied by hand): vectors.json says which tokens and keys, and in which order,
// so the key-selector byte of a token seed picks the key the token was made for.
// Seeds are named by the SHA-1 of their bytes, as libFuzzer names its own.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, "..", "tests", "data");
const out = join(here, "corpus");
const vectors = JSON.parse(readFileSync(join(here, "vectors.json"), "utf8"));

/** RFC 6901 JSON Pointer lookup. */
const pointer = (doc, ptr) =>
  ptr
    .split("/")
    .slice(1)
    .reduce((o, part) => o?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
const seeds = new Map();
function seed(target, bytes) {
  const buf = Buffer.from(bytes);
  if (!seeds.has(target)) seeds.set(target, new Map());
  seeds.get(target).set(createHash("sha1").update(buf).digest("hex"), buf);
}
const withSelector = (i, bytes) => Buffer.concat([Buffer.from([i]), Buffer.from(bytes)]);

const jwks = [];
for (const family of ["jws", "jwe"]) {
  vectors[family].forEach((row, i) => {
    const doc = JSON.parse(readFileSync(join(data, row.file), "utf8"));
    const token = pointer(doc, row.token);
    seed(family === "jws" ? "jws_verify" : "jwe_decrypt", withSelector(i, token));
    for (const segment of token.split(".")) seed("base64url", segment);
    seed("header_json", Buffer.from(token.split(".")[0], "base64url"));
    if (row.key) jwks.push(pointer(doc, row.key));
    if (row.password) seed("key_import", withSelector(6, pointer(doc, row.password)));
  });
}

// key_import: the selector byte picks the format (see fuzz_targets/key_import.rs).
const PEM = 0;
const PEM_PASSWORD = 1;
const DER = 2;
const DER_PASSWORD = 3;
const JWK = 4;
for (const jwk of jwks) {
  seed("key_import", withSelector(JWK, JSON.stringify(jwk)));
  const pub = Object.fromEntries(Object.entries(jwk).filter(([k]) => !["d", "p", "q", "dp", "dq", "qi"].includes(k)));
  seed("key_import", withSelector(JWK, JSON.stringify(pub)));
}
const keyDir = join(data, "keys");
for (const name of readdirSync(keyDir).sort()) {
  const bytes = readFileSync(join(keyDir, name));
  const encrypted = name.includes("encrypted");
  const format = name.endsWith(".pem") ? (encrypted ? PEM_PASSWORD : PEM) : encrypted ? DER_PASSWORD : DER;
  seed("key_import", withSelector(format, bytes));
}
seed("key_import", withSelector(5, "a secret of thirty-two bytes!!!!"));
// The fixtures' encrypted keys all use PBKDF2; scrypt (RFC 7914) gets seeds
// made by OpenSSL from a fixture, when it is installed, so the fuzzer starts
// from the structure whose cost parameters it should vary.
try {
  const work = mkdtempSync(join(tmpdir(), "jam-fuzz-"));
  for (const [n, form] of [
    ["1024", "DER"],
    ["2", "PEM"],
  ]) {
    const out = join(work, `scrypt-${n}.${form}`);
    execFileSync(
      "openssl",
      [
        "pkcs8",
        "-topk8",
        "-scrypt",
        "-scrypt_N",
        n,
        "-scrypt_r",
        "8",
        "-scrypt_p",
        "1",
        "-in",
        join(keyDir, "ec-P-256.pkcs8.pem"),
        "-passout",
        "pass:jam-jose-test",
        "-outform",
        form,
        "-out",
        out,
      ],
      { stdio: "ignore" },
    );
    seed("key_import", withSelector(form === "DER" ? DER_PASSWORD : PEM_PASSWORD, readFileSync(out)));
  }
  rmSync(work, { recursive: true, force: true });
} catch {
  console.log("[fuzz] openssl not available: no scrypt seeds");
}

for (const [target, files] of seeds) {
  const dir = join(out, target);
  mkdirSync(dir, { recursive: true });
  for (const [name, buf] of files) writeFileSync(join(dir, name), buf);
  console.log(`[fuzz] ${target}: ${files.size} seeds`);
}
