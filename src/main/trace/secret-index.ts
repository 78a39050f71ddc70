/**
 * Every secret the engine mints starts with one of these provider-shaped prefixes (see
 * vault/canary-values.ts, world/cluster.ts, backend/run-tokens.ts), so a fixed pattern finds the
 * candidates and a map keyed by their first characters confirms them. The cost of a search no
 * longer grows with the number of secrets, which it did with one alternation of all of them.
 */
const CANDIDATE = /(?:ghp_|ghs_|glpat-|ATATT|ya29\.|1\/\/|mcpk_|sha256~|eyJ|crun_|GOCSPX-)[A-Za-z0-9_\-~.]*/g
const HEAD = 16

export interface SecretMatch {
  index: number
  value: string
}

export class SecretIndex {
  private readonly byHead = new Map<string, string[]>()
  /** Values without a known prefix: searched one by one (none are minted today). */
  private readonly loose = new Set<string>()
  private readonly pattern = new RegExp(CANDIDATE.source, 'g')

  add(value: string): void {
    CANDIDATE.lastIndex = 0
    const match = CANDIDATE.exec(value)
    // A value shorter than HEAD is keyed by itself, which a longer candidate run never equals: search it by value.
    // Stryker disable next-line EqualityOperator: a value of exactly HEAD characters is found either way, by value or as its own head.
    if (match?.index !== 0 || match[0].length !== value.length || value.length < HEAD) {
      this.loose.add(value)
      return
    }
    const head = value.slice(0, HEAD)
    const bucket = this.byHead.get(head)
    if (!bucket) {
      this.byHead.set(head, [value])
      return
    }
    // Stryker disable next-line ConditionalExpression: a value given twice is found once either way; the check keeps the bucket short.
    if (bucket.includes(value)) return
    bucket.push(value)
    // Longest first, so a secret that extends another is preferred.
    bucket.sort((a, b) => b.length - a.length)
  }

  has(value: string): boolean {
    return this.loose.has(value) || (this.byHead.get(value.slice(0, HEAD))?.includes(value) ?? false)
  }

  /** Every known secret in the text, left to right, not overlapping. */
  find(text: string): SecretMatch[] {
    const found: SecretMatch[] = []
    // One pattern object per index: find runs to its end synchronously, so no search shares it midway.
    const pattern = this.pattern
    pattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = pattern.exec(text)) !== null) {
      const candidate = match[0]
      const value = this.byHead.get(candidate.slice(0, HEAD))?.find((v) => candidate.startsWith(v))
      if (value) {
        found.push({ index: match.index, value })
        pattern.lastIndex = match.index + value.length
      } else {
        pattern.lastIndex = match.index + 1
      }
    }
    // Stryker disable next-line ConditionalExpression: a shortcut; with no loose value the matches are already in order.
    if (this.loose.size === 0) return found
    for (const value of this.loose) {
      for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) found.push({ index: at, value })
    }
    return found.sort((a, b) => a.index - b.index)
  }
}
