//! Protected-header JSON: the JWE header parser (duplicate members, member
//! accessors) and the JWS verifier's header read, fed the same bytes.
#![no_main]

use jam_jose::base64url;
use jam_jose::jwe::header;
use jam_jose::jws::compact;
use jam_jose_fuzz::jws_keys;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(h) = header::parse(data) {
        for name in ["alg", "enc", "zip", "kid", "cty", "typ"] {
            let _ = header::string(&h, name);
        }
        for name in ["apu", "apv", "p2s", "iv", "tag"] {
            let _ = header::base64(&h, name);
        }
    }
    // The same bytes as a JWS header over an empty payload: the verifier must
    // refuse (the signature is garbage) without panicking, whatever alg says.
    let token = format!("{}.e30.AAAA", base64url::encode(data));
    let key = &jws_keys()[3]; // the RFC 7520 4.4 HMAC key
    let allowed = ["HS256", "HS384", "HS512", "RS256", "ES256", "EdDSA"];
    assert!(compact::verify(key, &allowed, token.as_bytes(), compact::DEFAULT_MAX_TOKEN_LEN).is_err());
});
