import { maskSecret } from '../../shared/mask'
import { RedactionMemo } from './redaction-memo'
import { type SecretMatch, SecretIndex } from './secret-index'
import { maskHeaderValue, maskTokenShapes, SHORTEST_TOKEN_SHAPE } from './token-shapes'

/**
 * Knows every secret value of a run (canaries, bearer tokens, BOT tokens) and replaces them by
 * their masked form wherever text is about to leave the engine: events, logs, SQLite, reports.
 * Token-shaped values it does not know are masked too (see token-shapes.ts); values it must never
 * show even masked (the control token) are replaced by a label.
 */
export class Redactor {
  private readonly index = new SecretIndex()
  private readonly labelled = new Map<string, string>()
  /** Text shorter than this holds no known secret, label or token shape, and is returned as it is. */
  private shortest = SHORTEST_TOKEN_SHAPE
  private readonly memo = new RedactionMemo()

  add(value: string): void {
    if (value.length < 8 || this.index.has(value)) return
    this.index.add(value)
    this.shortest = Math.min(this.shortest, value.length)
    this.memo.learn(value)
  }

  /** A secret that is never shown even in part: every occurrence becomes `label`. */
  addLabelled(value: string, label: string): void {
    this.labelled.set(value, label)
    this.shortest = Math.min(this.shortest, value.length)
    this.memo.clear()
  }

  has(value: string): boolean {
    return this.index.has(value)
  }

  /** Every known secret in the text, left to right. */
  find(text: string): SecretMatch[] {
    return this.index.find(text)
  }

  redact(text: string): string {
    // Stryker disable next-line ConditionalExpression: a shortcut; the full path returns such text unchanged too.
    if (text.length < this.shortest) return text
    const remembered = this.memo.get(text)
    // Stryker disable next-line ConditionalExpression: without the memo the same text is redacted again, to the same result.
    if (remembered !== undefined) return remembered
    let out = text
    for (const [value, label] of this.labelled) out = out.split(value).join(label)
    out = maskTokenShapes(this.redactKnown(out))
    this.memo.set(text, out)
    return out
  }

  /** A header block as events may show it: known secrets masked, credential headers masked whatever they hold. */
  redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {}
    for (const [name, value] of Object.entries(headers)) out[name] = maskHeaderValue(name, this.redact(value))
    return out
  }

  private redactKnown(text: string): string {
    text = text.replace(/Basic ([A-Za-z0-9+/]{12,}={0,2})/g, (whole, b64: string) => this.redactBasic(whole, b64))
    let out = ''
    let at = 0
    for (const { index, value } of this.index.find(text)) {
      // A value without a prefix can sit inside one already masked.
      if (index < at) continue
      out += text.slice(at, index) + maskSecret(value)
      at = index + value.length
    }
    return out + text.slice(at)
  }

  /**
   * HTTP Basic carries `user:secret` in base64, which a plain search would miss. One that holds
   * no known secret is a credential all the same, however short: masked whole.
   */
  private redactBasic(whole: string, b64: string): string {
    const decoded = Buffer.from(b64, 'base64').toString('utf8')
    const redacted = this.redactKnown(decoded)
    if (redacted !== decoded) return `Basic base64(${redacted})`
    return decoded.includes(':') ? `Basic ${maskSecret(b64)}` : whole
  }

  /** Redacts every string inside a JSON-shaped value, keys included. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T
    if (Array.isArray(value)) return value.map((v: unknown) => this.redactDeep(v)) as T
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[this.redact(k)] = this.redactDeep(v)
      return out as T
    }
    return value
  }
}
