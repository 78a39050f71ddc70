/**
 * How deeply a JSON text nests arrays and objects, counted without parsing it (and without
 * recursion), so a body can be refused before anything recursive touches it.
 */
export function jsonDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // a backslash escapes the next character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth)
    else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
}

/**
 * `JSON.stringify` for parsed JSON values of any depth. V8's own recurses and throws a
 * RangeError a few thousand levels down, while Go's encoder (the platform's proxy) writes what
 * its decoder accepted, up to 10,000 levels (docs/platform/proxy.md#post-aguirun).
 */
export function stringifyJson(value: unknown): string {
  try {
    // V8's own first: it is the fast path, and throws only past its depth.
    return JSON.stringify(value) ?? 'null'
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
  }
  const out: string[] = []
  // Work items: a value to write, or a literal piece of punctuation.
  const stack: Array<{ value: unknown } | string> = [{ value }]
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown } | string
    if (typeof item === 'string') {
      out.push(item)
      continue
    }
    const v = item.value
    if (Array.isArray(v)) {
      stack.push(']')
      for (let i = v.length - 1; i >= 0; i--) {
        // As JSON.stringify: undefined in an array is null.
        stack.push({ value: v[i] === undefined ? null : v[i] })
        if (i > 0) stack.push(',')
      }
      out.push('[')
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).filter(([, child]) => child !== undefined)
      stack.push('}')
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown]
        stack.push({ value: child })
        stack.push(`${JSON.stringify(key)}:`)
        if (i > 0) stack.push(',')
      }
      out.push('{')
    } else {
      out.push(JSON.stringify(v) ?? 'null')
    }
  }
  return out.join('')
}
