/** The memo keeps texts up to this long (names, hosts, paths, short bodies), and this many of them. */
const MEMO_TEXT = 1024
const MEMO_ENTRIES = 8192

interface Entry {
  redacted: string
  /** How many secrets had been learned when the entry was last known good. */
  learned: number
}

/**
 * Redacted text by its raw form: events repeat the same names, hosts and paths turn after turn.
 * A secret learned later makes an entry stale only if the text holds it, or may hide it in
 * Basic's base64; an entry is checked against the secrets learned since it was last known good,
 * so learning one (a new run token each turn) costs nothing up front.
 */
export class RedactionMemo {
  private readonly entries = new Map<string, Entry>()
  /** Every secret learned, in order. */
  // Stryker disable next-line ArrayDeclaration: a value it started with would be checked by no entry, all being made after it.
  private readonly secrets: string[] = []

  get(text: string): string | undefined {
    const entry = this.entries.get(text)
    if (entry === undefined) return undefined
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut for an entry that is up to date; the loop would find nothing new.
    if (entry.learned < this.secrets.length) {
      if (text.includes('Basic ') || this.holdsOneSince(text, entry.learned)) {
        this.entries.delete(text)
        return undefined
      }
      entry.learned = this.secrets.length
    }
    return entry.redacted
  }

  private holdsOneSince(text: string, learned: number): boolean {
    for (let i = learned; i < this.secrets.length; i++) if (text.includes(this.secrets[i] as string)) return true
    return false
  }

  // Stryker disable all: the bounds only change how often text is redacted again, never the result.
  set(text: string, redacted: string): void {
    if (text.length > MEMO_TEXT) return
    if (this.entries.size >= MEMO_ENTRIES) this.entries.clear()
    this.entries.set(text, { redacted, learned: this.secrets.length })
  }
  // Stryker restore all

  /** A secret the redactor now knows. */
  learn(secret: string): void {
    this.secrets.push(secret)
  }

  /** Forgets every entry: a labelled secret replaces text that holds it, found by no search here. */
  clear(): void {
    this.entries.clear()
  }
}
