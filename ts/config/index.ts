/** Configuration: sources (TOML, JSON, objects), substitution, validation. */
export { parseToml, parseJson, parseYaml, readConfigFile } from "./config-source.js";
export { resolveJamConfig, SECRET_ENV } from "./jam-config.js";
export type { JamConfig, JwtSection, JwsSection, JweSection, ConfigLogger, ResolveOptions } from "./jam-config.js";
export { substituteEnv, substituteString } from "./env-substitution.js";
export type { Env } from "./env-substitution.js";
