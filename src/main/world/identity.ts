/**
 * `SanitizeUserID` of the backend (docs/platform/identity.md#sanitizeuserid): truncate to 253, every character outside
 * `[A-Za-z0-9._-]` becomes `-`, runs of `-` collapse and leading/trailing `-` are trimmed.
 */
export function sanitizeUserId(value: string): string {
  // Go cuts the string at 253 bytes, not characters; a rune cut in half becomes invalid, then '-'.
  return Buffer.from(value, 'utf8')
    .subarray(0, 253)
    .toString('utf8')
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
}

/** The SelfSubjectReview form of a user id at MERGE (docs/platform/identity.md#resolveauthenticateduser): only `:` becomes `-`. */
export function colonsToDashes(username: string): string {
  return username.replace(/:/g, '-')
}

/** `sanitize_user_context` of the runner (docs/platform/runner.md#post-). */
export function sanitizeUserContext(id: string, name: string): { id: string; name: string } {
  let outId = id
  let outName = name
  if (outId) {
    outId = outId.trim().slice(0, 255).replace(/[^a-zA-Z0-9@._-]/g, '')
  }
  if (outName) {
    // eslint-disable-next-line no-control-regex -- the platform strips C0 and C1 control characters
    outName = outName.trim().slice(0, 255).replace(/[\x00-\x1f\x7f-\x9f]/g, '')
  }
  return { id: outId, name: outName }
}

export const SA_PREFIX = 'system:serviceaccount:'
export const CREATED_BY_ANNOTATION = 'ambient-code.io/created-by-user-id'

export function saUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`
}

export function parseSaUsername(username: string): { namespace: string; name: string } | null {
  if (!username.startsWith(SA_PREFIX)) return null
  const [namespace, name, ...rest] = username.slice(SA_PREFIX.length).split(':')
  if (!namespace || !name || rest.length > 0) return null
  return { namespace, name }
}

export function sessionSaName(session: string): string {
  return `ambient-session-${session}`
}

/** `ambient-runner-token-<session>`: the session's BOT token and, at HEAD, its agui-token. */
export function runnerTokenSecret(session: string): string {
  return `ambient-runner-token-${session}`
}

export function apiKeySaName(key: string): string {
  return `ambient-key-${key}`
}
