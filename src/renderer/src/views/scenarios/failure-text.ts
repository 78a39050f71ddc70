/**
 * A step failure as the engine words it, `what: message (evidence)`, split so the view can set
 * the expectation's key, the sentence and the redacted evidence apart.
 */
export function splitFailure(line: string): { key: string | null; message: string; evidence: string | null } {
  const keyed = /^(\S+): (.*)$/s.exec(line)
  const key = keyed ? (keyed[1] ?? null) : null
  let message = keyed ? (keyed[2] ?? line) : line
  let evidence: string | null = null
  if (message.endsWith(')')) {
    // Walk back to the parenthesis that opens the trailing group; evidence may nest parentheses.
    let depth = 0
    for (let i = message.length - 1; i >= 0; i--) {
      const ch = message[i]
      if (ch === ')') depth++
      else if (ch === '(') depth--
      if (depth === 0) {
        if (i > 0) {
          evidence = message.slice(i + 1, -1)
          message = message.slice(0, i).trimEnd()
        }
        break
      }
    }
  }
  return { key, message, evidence }
}

/** Identical failure lines once each, with how often they occurred. */
export function countLines(lines: readonly string[]): Array<{ line: string; count: number }> {
  const out: Array<{ line: string; count: number }> = []
  for (const line of lines) {
    const seen = out.find((o) => o.line === line)
    if (seen) seen.count += 1
    else out.push({ line, count: 1 })
  }
  return out
}
