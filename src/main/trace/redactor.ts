import { maskSecret } from '../../shared/mask'

/**
 * Knows every secret value of a run (canaries, bearer tokens, BOT tokens) and replaces them by
 * their masked form wherever text is about to leave the engine: events, logs, SQLite, reports.
 */
export class Redactor {
  private readonly secrets = new Set<string>()
  private pattern: RegExp | null = null

  add(value: string): void {
    if (value.length < 8 || this.secrets.has(value)) return
    this.secrets.add(value)
    this.pattern = null
  }

  has(value: string): boolean {
    return this.secrets.has(value)
  }

  redact(text: string): string {
    if (this.secrets.size === 0 || text.length < 8) return text
    if (text.includes('Basic ')) text = text.replace(/Basic ([A-Za-z0-9+/]{12,}={0,2})/g, (whole, b64: string) => this.redactBasic(whole, b64))
    this.pattern ??= new RegExp(
      [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g'
    )
    return text.replace(this.pattern, (secret) => maskSecret(secret))
  }

  /** HTTP Basic carries `user:secret` in base64, which a plain search would miss. */
  private redactBasic(whole: string, b64: string): string {
    const decoded = Buffer.from(b64, 'base64').toString('utf8')
    const redacted = this.redact(decoded)
    return redacted === decoded ? whole : `Basic base64(${redacted})`
  }

  /** Redacts every string inside a JSON-shaped value. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T
    if (Array.isArray(value)) return value.map((v: unknown) => this.redactDeep(v)) as T
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[k] = this.redactDeep(v)
      return out as T
    }
    return value
  }
}
