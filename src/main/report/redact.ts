import { maskTokenShapes } from '../trace/token-shapes'

/**
 * Every string of a report, masked once more by shape before it is laid out. Stored events and
 * bundles are redacted already; a bundle may have been edited by hand, and a report leaves the
 * machine, so nothing token-shaped goes out whole.
 */
export function redactModel<T>(value: T): T {
  return redactValue(value) as T
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return maskTokenShapes(value)
  if (Array.isArray(value)) return value.map(redactValue)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v)]))
  return value
}
