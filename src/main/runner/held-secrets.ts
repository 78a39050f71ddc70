const SECRET_FIELD = /token|key|secret|password|cookie/i

/** Shorter values are not redacted by value: the platform's middleware skips them too. */
export const MIN_SECRET_LENGTH = 8

/**
 * Every secret value the runner process has been given or has fetched in its life: what
 * hardened redaction scrubs from AG-UI events (docs/platform/flaws.md#h9-event-redaction-misses-secrets).
 * Values are kept after a turn's cleanup, since an earlier user's token can still show up in
 * output the agent produces later.
 */
export class HeldSecrets {
  private readonly values = new Set<string>()
  /** `values` longest first, kept until a value is added: redaction reads it at every event. */
  private ordered: readonly string[] | null = null

  add(value: string): void {
    const trimmed = value.trim()
    if (trimmed.length < MIN_SECRET_LENGTH || this.values.has(trimmed)) return
    this.values.add(trimmed)
    this.ordered = null
  }

  /**
   * The secret fields of a credential response, at any depth: those named like a token, key,
   * secret, password or cookie (`token`, `apiToken`, `refreshToken`, `http_token`, `gitcookies`),
   * not the user names, emails and URLs beside them.
   */
  addFrom(data: unknown, key = ''): void {
    if (typeof data === 'string') {
      if (SECRET_FIELD.test(key)) this.add(data)
    } else if (Array.isArray(data)) {
      for (const item of data) this.addFrom(item, key)
    } else if (data !== null && typeof data === 'object') {
      for (const [name, item] of Object.entries(data)) this.addFrom(item, name)
    }
  }

  /** Every value, longest first (the order redaction replaces them in); the same array until a value is added. */
  all(): readonly string[] {
    this.ordered ??= [...this.values].sort((a, b) => b.length - a.length)
    return this.ordered
  }
}
