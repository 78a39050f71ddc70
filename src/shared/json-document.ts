import type { z } from 'zod'

/** A JSON file read against its shape: the parsed value, and the JSON as written. */
export interface JsonDocument<T> {
  value: T
  raw: unknown
}

/**
 * Reads a JSON file credscope writes (a bundle, an explore report) against its shape; when it is
 * not one, a message naming the first thing wrong: `not a credscope <what>: <path>: <problem>`.
 */
export function parseJsonDocument<S extends z.ZodType>(text: string, shape: S, what: string, whole: string): JsonDocument<z.output<S>> | string {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return `not a credscope ${what}: the file is not JSON`
  }
  const parsed = shape.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return `not a credscope ${what}: ${issue?.path.join('.') || whole}: ${issue?.message ?? 'invalid'}`
  }
  return { value: parsed.data, raw }
}
