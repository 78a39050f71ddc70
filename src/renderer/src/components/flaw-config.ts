import type { FlawId } from '../../../shared/flaw-ids'
import { PROFILES, type ProfileName } from '../../../shared/profiles'
import { shortFlawId } from './flaw-catalog'

/**
 * A configuration as the user edits it: a base profile and the full set of flaws that should be
 * on. The API takes a profile plus extra flaws and can only add to a profile, so a set that drops
 * one of the profile's flaws is sent as `hardened` plus the set; the profile is only a label.
 */
export interface FlawConfig {
  profile: ProfileName
  flaws: ReadonlySet<FlawId>
}

/** The config a profile stands for, with nothing added or removed. */
export function configOfProfile(profile: ProfileName): FlawConfig {
  return { profile, flaws: new Set(PROFILES[profile].flaws) }
}

/** The config of a live engine or a stored run: its profile and the flaws it ran with. */
export function configOf(profile: string, flaws: readonly string[]): FlawConfig {
  const name: ProfileName = profile === 'pre-fix' || profile === 'hardened' ? profile : 'merged'
  return { profile: name, flaws: new Set(flaws as FlawId[]) }
}

/** Switches the base profile, keeping whatever was added on top of the old one. */
export function withProfile(config: FlawConfig, profile: ProfileName): FlawConfig {
  const oldBase = new Set(PROFILES[config.profile].flaws)
  const added = [...config.flaws].filter((id) => !oldBase.has(id))
  return { profile, flaws: new Set([...PROFILES[profile].flaws, ...added]) }
}

export function withFlaw(config: FlawConfig, id: FlawId, on: boolean): FlawConfig {
  const flaws = new Set(config.flaws)
  if (on) flaws.add(id)
  else flaws.delete(id)
  return { profile: config.profile, flaws }
}

/** What the API is sent: the base profile when the set contains all of it, else hardened. */
export function toRequest(config: FlawConfig): { profile: ProfileName; flaws: FlawId[] } {
  const base = PROFILES[config.profile].flaws
  if (base.every((id) => config.flaws.has(id))) {
    return { profile: config.profile, flaws: [...config.flaws].filter((id) => !base.includes(id)).sort() }
  }
  return { profile: 'hardened', flaws: [...config.flaws].sort() }
}

/** A short, exact name for a config: `merged`, `merged + pr2`, `merged − r12`, `hardened + 3 flaws`. */
export function describeConfig(config: FlawConfig): string {
  const base = PROFILES[config.profile].flaws
  const added = [...config.flaws].filter((id) => !base.includes(id))
  const removed = base.filter((id) => !config.flaws.has(id))
  const list = (ids: readonly string[]): string => (ids.length <= 2 ? ids.map(shortFlawId).join(', ') : `${ids.length} flaws`)
  let text: string = config.profile
  if (added.length > 0) text += ` + ${list(added)}`
  if (removed.length > 0) text += ` − ${list(removed)}`
  return text
}

export function sameFlaws(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((id) => b.has(id))
}
