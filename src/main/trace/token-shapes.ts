import { maskSecret } from '../../shared/mask'

/**
 * Secrets credscope did not mint still reach its events: a bearer token a reviewer typed, a
 * cookie, the control token sent to the wrong listener. Whatever looks like a token is masked
 * whether or not it is known, so no event, row or export holds one whole.
 */

/** Headers whose value is a credential whatever it looks like. */
const SENSITIVE_HEADER = /authorization|token|secret|cookie|password|api-?key|session/i

/** Provider-shaped values (ghp_…, a JWT, ya29.…): the same prefixes the secret index knows. */
const PREFIXED = /(?:ghp_|ghs_|gho_|ghu_|github_pat_|glpat-|ATATT|ya29\.|1\/\/|mcpk_|sha256~|eyJ|crun_|GOCSPX-|xox[abpr]-|AKIA)[A-Za-z0-9_\-~.+/=]{12,}/g

/**
 * A long run of token characters with upper case, lower case and digits mixed, as random tokens
 * are; identifiers (UUIDs, hex fingerprints, host names, env names) have one case or no digits.
 */
const RANDOM_RUN = /(?<![A-Za-z0-9_\-~.+=])[A-Za-z0-9_\-~.+=]{32,}(?![A-Za-z0-9_\-~.+=])/g

/** Query parameters that carry credentials (`?token=` is how ValidateProjectContext takes one). */
const SECRET_PARAM = /([?&](?:access_token|refresh_token|id_token|token|client_secret|api_?key|password|secret|code)=)([^&#\s"']+)/gi

/** The form of a secret that is never shown even in part: its name in angle quotes. */
export function secretLabel(name: string): string {
  return `‹${name}›`
}

/** Masks (`ghp_…9f3a`, `••••`) and labels (`‹…›`) are already safe to show. */
function isMasked(value: string): boolean {
  return value.includes('…') || value.includes('•') || value.includes('‹')
}

function looksRandom(run: string): boolean {
  return /[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run)
}

/** No token shape is shorter: text below this length is returned as it is. */
export const SHORTEST_TOKEN_SHAPE = 16

/** Masks every token-shaped value in free text that is not masked already. */
export function maskTokenShapes(text: string): string {
  if (text.length < SHORTEST_TOKEN_SHAPE) return text
  let out = text.replace(SECRET_PARAM, (whole, name: string, value: string) => (isMasked(value) ? whole : `${name}${maskSecret(value)}`))
  out = out.replace(PREFIXED, (value) => maskSecret(value))
  return out.replace(RANDOM_RUN, (run) => (looksRandom(run) ? maskSecret(run) : run))
}

/** The value of a header as events may show it: a credential header's value masked after its scheme. */
export function maskHeaderValue(name: string, value: string): string {
  if (!SENSITIVE_HEADER.test(name) || isMasked(value) || value.length === 0) return value
  if (/cookie/i.test(name)) {
    return value
      .split(';')
      .map((part) => {
        const at = part.indexOf('=')
        return at < 0 ? part : `${part.slice(0, at + 1)}${isMasked(part.slice(at + 1)) ? part.slice(at + 1) : maskSecret(part.slice(at + 1))}`
      })
      .join(';')
  }
  const scheme = /^(Bearer|Basic|token|Token|Digest|Negotiate)\s+/.exec(value)
  return scheme ? `${scheme[0]}${maskSecret(value.slice(scheme[0].length))}` : maskSecret(value)
}
