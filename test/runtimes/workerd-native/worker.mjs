// The Worker of test/runtimes/workerd-native.test.ts: jam-jose on its native
// backend (workerd's node:crypto under nodejs_compat) verifies the tokens the
// test made in Node (jose, and hand-made forgeries), reports what it accepted
// and refused, and signs tokens of its own for Node to verify. Random values
// exist only inside a handler, so everything runs in fetch().
import * as lib from "jam-jose";

/** The error code a call throws, or "accepted". */
function outcome(run) {
  try {
    run();
    return "accepted";
  } catch (error) {
    return error?.code ?? String(error);
  }
}

export default {
  async fetch(request) {
    const { cases } = await request.json();
    const results = {};
    for (const { alg, publicJwk, privateJwk, tokens } of cases) {
      const verifier = new lib.JWS({ alg, key: publicJwk, backend: "native" });
      const opened = {};
      for (const [name, token] of Object.entries(tokens)) opened[name] = outcome(() => verifier.verify(token));
      const signer = new lib.JWS({ alg, key: privateJwk, backend: "native" });
      const made = signer.sign({ alg, from: "workerd" });
      results[alg] = { opened, made, ownAccepted: outcome(() => verifier.verify(made)) };
    }
    return Response.json({
      results,
      navigator: globalThis.navigator?.userAgent ?? "",
      backend: lib.backend().algorithms,
    });
  },
};
