import type { FlawId } from '../../../shared/flaw-ids'
import { flawVersions } from '../../../shared/flaw-ids'
import { DEFAULT_PLATFORM, isPlatformVersion, type PlatformVersion } from '../../../shared/platform-versions'
import { isProfileName, MERGED_ALIAS, profileFlaws, profileVersions, type ProfileName } from '../../../shared/profiles'

/**
 * A configuration as the user edits it: a platform version, a base profile and the full set of
 * flaws that should be on. The API takes a profile plus extra flaws and can only add to a
 * profile, so a set that drops one of the profile's flaws is sent as `hardened` plus the set; the
 * profile is only a label.
 */
export interface FlawConfig {
  platform: PlatformVersion
  profile: ProfileName
  flaws: ReadonlySet<FlawId>
}

/** The config a profile stands for at a version, with nothing added or removed. */
export function configOfProfile(profile: ProfileName, platform: PlatformVersion = DEFAULT_PLATFORM): FlawConfig {
  const version = profileVersions(profile).includes(platform) ? platform : 'merge'
  return { platform: version, profile, flaws: new Set(profileFlaws(profile, version)) }
}

/** The config of a live engine or a stored run: its version, its profile and the flaws it ran with. */
export function configOf(platform: string, profile: string, flaws: readonly string[]): FlawConfig {
  const version: PlatformVersion = isPlatformVersion(platform) ? platform : 'merge'
  const name: ProfileName = profile === MERGED_ALIAS ? 'as-is' : isProfileName(profile) ? profile : 'hardened'
  return { platform: version, profile: name, flaws: new Set(flaws as FlawId[]) }
}

/** Switches the base profile, keeping whatever was added on top of the old one; pre-fix takes the merge. */
export function withProfile(config: FlawConfig, profile: ProfileName): FlawConfig {
  const platform = profileVersions(profile).includes(config.platform) ? config.platform : 'merge'
  const oldBase = new Set(profileFlaws(config.profile, config.platform))
  const added = [...config.flaws].filter((id) => !oldBase.has(id) && flawVersions(id).includes(platform))
  return { platform, profile, flaws: new Set([...profileFlaws(profile, platform), ...added]) }
}

/** Switches the version: the profile's flaws at that version, plus what was added and exists there. */
export function withPlatform(config: FlawConfig, platform: PlatformVersion): FlawConfig {
  const profile: ProfileName = profileVersions(config.profile).includes(platform) ? config.profile : 'as-is'
  const oldBase = new Set(profileFlaws(config.profile, config.platform))
  const added = [...config.flaws].filter((id) => !oldBase.has(id) && flawVersions(id).includes(platform))
  return { platform, profile, flaws: new Set([...profileFlaws(profile, platform), ...added]) }
}

export function withFlaw(config: FlawConfig, id: FlawId, on: boolean): FlawConfig {
  const flaws = new Set(config.flaws)
  if (on) flaws.add(id)
  else flaws.delete(id)
  return { ...config, flaws }
}

/** What the API is sent: the base profile when the set contains all of it, else hardened. */
export function toRequest(config: FlawConfig): { platform: PlatformVersion; profile: ProfileName; flaws: FlawId[] } {
  const base = profileFlaws(config.profile, config.platform)
  if (base.every((id) => config.flaws.has(id))) {
    return { platform: config.platform, profile: config.profile, flaws: [...config.flaws].filter((id) => !base.includes(id)).sort() }
  }
  return { platform: config.platform, profile: 'hardened', flaws: [...config.flaws].sort() }
}

// One wording of a configuration for the app, the CLI and run titles alike.
export { describeConfig } from '../../../shared/profiles'

export function sameFlaws(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((id) => b.has(id))
}

/** Whether two configs are the same run configuration. */
export function sameConfig(a: FlawConfig, b: FlawConfig): boolean {
  return a.platform === b.platform && sameFlaws(a.flaws, b.flaws)
}
