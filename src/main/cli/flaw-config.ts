import type { FlawId } from '../../shared/flaw-ids'
import { resolveFlaws } from '../../shared/profiles'
import { UsageError } from './usage-error'

/** `--profile P` plus `--flaw ID`s, as one resolved flaw set. */
export function flawsOf(profile: string | undefined, extra: readonly string[] | undefined): { profile: string; flaws: FlawId[] } {
  const name = profile ?? 'merged'
  const resolved = resolveFlaws(name, extra ?? [])
  if ('error' in resolved) throw new UsageError(resolved.error)
  return { profile: name, flaws: resolved.flaws }
}

/** `merged`, `hardened+r1-active-user-not-cleared+r2-no-turn-lock`: a profile and flaws on top. */
export function parseConfig(text: string, option: string): { label: string; profile: string; flaws: FlawId[] } {
  const [profile = '', ...extra] = text.split('+').map((part) => part.trim())
  try {
    return { label: text, ...flawsOf(profile, extra) }
  } catch (error) {
    throw new UsageError(`${option}: ${error instanceof Error ? error.message : String(error)} (write a profile, then +flaw for each flaw on top)`)
  }
}

export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const seed = Number(text)
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed needs a non-negative integer, not "${text}"`)
  return seed
}
