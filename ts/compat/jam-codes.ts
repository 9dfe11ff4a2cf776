/**
 * jam's `error_code` strings (jam.exceptions, jamlib 4.2.1) for our error
 * classes, so logs from Python and Node services read alike. Errors jam has
 * no class for get jam's generic codes.
 */
const BY_CLASS: Readonly<Record<string, string>> = {
  JamJWTExpired: "jwt.token_expired",
  JamJWTNotYetValid: "jwt.token_not_yet_valid",
  JamJWTUnsupportedAlgorithm: "jwt.config.unsupported_algorithm",
  JamJWSVerificationError: "jws.verification_error",
  JamJWEEncryptionError: "jwe.encryption_error",
  JamJWEDecryptionError: "jwe.decryption_error",
  JamJWTInBlackList: "jwt.blacklist",
  JamJWTNotInWhiteList: "jwt.whitelist",
  JamConfigurationError: "jam.configuration",
  JamKeyChainError: "keychain.error",
  // jam validates exp/nbf only; other claim checks are ours.
  JamJWTClaimValidationError: "jam.validation",
};

/** jam's error_code for an error class name ("jam.error" when jam has no counterpart). */
export function jamCodeFor(className: string): string {
  return BY_CLASS[className] ?? "jam.error";
}
