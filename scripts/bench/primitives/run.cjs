// node run.cjs pkg [pkg2 ...]: ops per CPU second (median of ROUNDS interleaved
// slices of MS ms) of each primitive, for one or more builds side by side.
// ONLY=prefix,prefix limits the rows.
const crypto = require("node:crypto");
const pkgs = process.argv.slice(2).map((d) => [d, require(require("node:path").resolve(d, "cryptobench.js"))]);
const msg = crypto.randomBytes(200);
const rsaPair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const rsaPk8 = rsaPair.privateKey.export({ type: "pkcs8", format: "der" });
const rsSig = crypto.sign("sha256", msg, rsaPair.privateKey);
const psSig = crypto.sign("sha256", msg, {
  key: rsaPair.privateKey,
  padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
  saltLength: 32,
});
const jwkN = Buffer.from(rsaPair.publicKey.export({ format: "jwk" }).n, "base64url");
const ec = (crv, hash, _size) => {
  const p = crypto.generateKeyPairSync("ec", { namedCurve: crv });
  const jwk = p.publicKey.export({ format: "jwk" });
  const pub = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, "base64url"), Buffer.from(jwk.y, "base64url")]);
  const sig = crypto.sign(hash, msg, { key: p.privateKey, dsaEncoding: "ieee-p1363" });
  return { pk8: p.privateKey.export({ type: "pkcs8", format: "der" }), pub, sig };
};
const e256 = ec("P-256", "sha256"),
  e384 = ec("P-384", "sha384");
const ed = crypto.generateKeyPairSync("ed25519");
const edSeed = Buffer.from(ed.privateKey.export({ format: "jwk" }).d, "base64url");
const edPub = Buffer.from(ed.publicKey.export({ format: "jwk" }).x, "base64url");
const edSig = crypto.sign(null, msg, ed.privateKey);
const e = Buffer.from([1, 0, 1]);
const only = (process.env.ONLY || "").split(",").filter(Boolean);
// Window widths (generator, public point) of the table verifier; "build" is
// one public point's table, what the first verify with a key pays.
function tableVariants(m) {
  const c = {};
  for (const [wg, wq, build] of [
    [4, 4, "table_build_q4"],
    [5, 5, "table_build_q5"],
    [6, 6, "table_build_q6"],
    [7, 5, null],
    [7, 6, null],
    [7, 7, "table_build_q7"],
  ]) {
    const t = new m[`TableG${wg}Q${wq}`](e256.pub);
    c[`ES256 verify G${wg}Q${wq}`] = (i) => t.verify(msg, e256.sig, i);
    if (build) c[`ES256 build Q${wq}`] = (i) => m[build](e256.pub, i);
  }
  if (m.TableP256G) {
    const t = new m.TableP256G(e256.pub);
    c["ES256 verify Gp256Q7"] = (i) => t.verify(msg, e256.sig, i);
  }
  return c;
}
// Pieces of one table verify (SHA-256 of the message, signature parsing,
// s^-1 variable and constant time, to_affine, one mixed addition, one doubling);
// each counted op is 256 of the piece plus the set-up, which "none" times alone.
function pieces(m) {
  const c = {};
  ["sha256", "sig parse", "s inv vartime", "s inv", "to_affine", "mixed add", "double", "none"].forEach((name, k) => {
    // Returns the count asked for, so that the "verify must succeed" check passes.
    c[`ES256 piece ${name}`] = (i) => {
      m.piece_es256(k, msg, e256.sig, i);
      return i;
    };
  });
  return c;
}
function cases(m) {
  const r = new m.RcRsa(rsaPk8);
  const table256 = new m.TableEs256(e256.pub);
  const c = {
    "RS256 verify ring": (i) => m.ring_rs256_verify(jwkN, e, msg, rsSig, i),
    "RS256 verify rsa": (i) => r.rc_verify(msg, rsSig, i),
    "RS256 verify fast": (i) => r.fast_verify(msg, rsSig, i),
    "PS256 verify ring": (i) => r.ring_pss_verify(msg, psSig, i),
    "PS256 verify rsa": (i) => r.rc_pss_verify(msg, psSig, i),
    "RS256 sign ring": (i) => r.ring_sign(msg, i),
    "PS256 sign ring": (i) => r.ring_pss_sign(msg, i),
    "RS256 sign rsa": (i) => r.rc_sign(msg, i),
    "ES256 verify ring": (i) => m.ring_es256_verify(e256.pub, msg, e256.sig, i),
    "ES256 verify p256": (i) => m.rc_es256_verify(e256.pub, msg, e256.sig, i),
    "ES256 verify table": (i) => table256.verify(msg, e256.sig, i),
    ...(m.TableG4Q4 ? tableVariants(m) : {}),
    ...(m.piece_es256 ? pieces(m) : {}),
    "ES384 verify ring": (i) => m.ring_es384_verify(e384.pub, msg, e384.sig, i),
    "ES384 verify p384": (i) => m.rc_es384_verify(e384.pub, msg, e384.sig, i),
    "ES256 sign ring": (i) => m.ring_es256_sign(e256.pk8, msg, i),
    "ES256 sign p256": (i) => m.rc_es256_sign(e256.pk8, msg, i),
    "ES384 sign ring": (i) => m.ring_es384_sign(e384.pk8, msg, i),
    "ES384 sign p384": (i) => m.rc_es384_sign(e384.pk8, msg, i),
    "EdDSA sign ring": (i) => m.ring_ed_sign(edSeed, msg, i),
    "EdDSA sign dalek": (i) => m.rc_ed_sign(edSeed, msg, i),
    "EdDSA verify ring": (i) => m.ring_ed_verify(edPub, msg, edSig, i),
    "EdDSA verify dalek": (i) => m.rc_ed_verify(edPub, msg, edSig, i),
  };
  return c;
}
const rounds = Number(process.env.ROUNDS || 5),
  sliceMs = Number(process.env.MS || 200);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const all = pkgs.map(([d, m]) => [d, cases(m)]);
for (const name of Object.keys(all[0][1])) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  // sanity: verify functions must succeed
  for (const [d, c] of all) {
    const v = c[name](1);
    if (typeof v === "number" && v !== 1) throw new Error(`${d} ${name} failed`);
  }
  const samples = all.map(() => []);
  for (let r = 0; r < rounds; r++) {
    all.forEach(([_d, c], k) => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      let n = 0;
      while (performance.now() - t0 < sliceMs) {
        c[name](4);
        n += 4;
      }
      {
        const cu = process.cpuUsage(c0);
        samples[k].push((n * 1e6) / (cu.user + cu.system));
      }
    });
  }
  console.log(name.padEnd(20), all.map(([d], k) => `${d}: ${median(samples[k]).toFixed(0).padStart(7)}`).join("  "));
}
