import { type FlawId, flawIdOf, flawVersions, RESIDUAL_FLAWS, shortFlawId, unknownFlawMessage } from './flaw-ids'
import { DEFAULT_PLATFORM, isPlatformVersion, PLATFORM_VERSIONS, type PlatformVersion } from './platform-versions'

export const PROFILE_NAMES = ['as-is', 'pre-fix', 'hardened'] as const
export type ProfileName = (typeof PROFILE_NAMES)[number]

/** The profile name from before platform versions: it meant the merge with its residual flaws, and still does. */
export const MERGED_ALIAS = 'merged'

/**
 * The flaws that make the platform before PR #989 out of the merged code: the proxy sent no user
 * context, credentials were cached for 60 s and never fully cleaned, MCP servers never rebuilt.
 */
const PRE_FIX_EXTRA: readonly FlawId[] = [
  'pr1-owner-credentials-for-every-sender',
  'pr5-cleanup-not-in-finally',
  'pr6-incomplete-cleanup',
  'pr13-credential-cache-60s',
  'pr14-mcp-never-rebuilt'
]

export const PROFILE_SUMMARIES: Record<ProfileName, string> = {
  'as-is': "the platform version as it is, with every residual flaw it has",
  'pre-fix': 'the platform before PR #989: owner credentials for every sender (merge only)',
  hardened: 'our reference design on that version: no flaw switched on'
}

/** Which versions a profile exists at: `pre-fix` is the code before the merge, so merge only. */
export function profileVersions(profile: ProfileName): readonly PlatformVersion[] {
  return profile === 'pre-fix' ? ['merge'] : PLATFORM_VERSIONS
}

/** The flaws a profile switches on at a version. */
export function profileFlaws(profile: ProfileName, platform: PlatformVersion): readonly FlawId[] {
  switch (profile) {
    case 'as-is':
      return RESIDUAL_FLAWS.filter((id) => flawVersions(id).includes(platform))
    case 'pre-fix':
      return [...RESIDUAL_FLAWS.filter((id) => flawVersions(id).includes('merge')), ...PRE_FIX_EXTRA]
    case 'hardened':
      return []
  }
}

export function isProfileName(value: string): value is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(value)
}

/** One run's configuration: the platform version, the profile and every flaw switched on. */
export interface RunConfig {
  platform: PlatformVersion
  profile: ProfileName
  flaws: FlawId[]
}

/** `merge · as-is`, the words every view and report uses for a configuration. */
export function configLabel(config: { platform: PlatformVersion; profile: string }): string {
  return `${config.platform} · ${config.profile}`
}

/** What a configuration switches on or off on top of its profile: ` + pr2`, ` − r12`, ` + 3 flaws`, or ''. */
export function configDelta(config: { platform: PlatformVersion; profile: ProfileName; flaws: Iterable<string> }): string {
  const flaws = new Set(config.flaws)
  const base: readonly string[] = profileFlaws(config.profile, config.platform)
  const added = [...flaws].filter((id) => !base.includes(id))
  const removed = base.filter((id) => !flaws.has(id))
  const list = (ids: readonly string[]): string => (ids.length <= 2 ? ids.map(shortFlawId).join(', ') : `${ids.length} flaws`)
  return `${added.length > 0 ? ` + ${list(added)}` : ''}${removed.length > 0 ? ` − ${list(removed)}` : ''}`
}

/** A short, exact name for a config: `head · as-is`, `merge · as-is + pr2`, `head · as-is − r12`, `head · hardened + 3 flaws`. */
export function describeConfig(config: { platform: PlatformVersion; profile: ProfileName; flaws: Iterable<string> }): string {
  return `${configLabel(config)}${configDelta(config)}`
}

/**
 * A version, a profile and extra flaws as one configuration, or a message naming what is wrong.
 * A missing version is the file's or `head`; `merged` means `merge` + `as-is`, as it always did.
 */
export function resolveConfig(input: { platform?: string; profile?: string; flaws?: readonly string[] }): RunConfig | { error: string } {
  const { platform, profile = 'as-is', flaws = [] } = input
  if (platform !== undefined && !isPlatformVersion(platform)) {
    return { error: `unknown platform version "${platform}"; versions are ${PLATFORM_VERSIONS.join(', ')}` }
  }
  let version: PlatformVersion = platform ?? DEFAULT_PLATFORM
  let name: string = profile
  if (profile === MERGED_ALIAS) {
    if (platform === 'head') return { error: 'profile "merged" is the merge as-is; at head say --profile as-is' }
    version = 'merge'
    name = 'as-is'
  }
  if (!isProfileName(name)) return { error: `unknown profile "${profile}"; profiles are ${PROFILE_NAMES.join(', ')} (and ${MERGED_ALIAS} = merge + as-is)` }
  if (!profileVersions(name).includes(version)) return { error: `profile "${name}" exists at ${profileVersions(name).join(', ')} only, not at ${version}` }
  const unknown = flaws.filter((id) => flawIdOf(id) === null)
  if (unknown.length > 0) return { error: `${unknown.map(unknownFlawMessage).join('; ')} (\`credscope flaws\` lists them)` }
  const ids = flaws.map((id) => flawIdOf(id)).filter((id): id is FlawId => id !== null)
  const elsewhere = ids.filter((id) => !flawVersions(id).includes(version))
  if (elsewhere.length > 0) {
    return { error: `${elsewhere.map((id) => `${id} exists at ${flawVersions(id).join(', ')} only`).join('; ')}, not at ${version}` }
  }
  return { platform: version, profile: name, flaws: [...new Set([...profileFlaws(name, version), ...ids])].sort() }
}

/** What a caller may name as a profile: a profile, or the old `merged`. */
export type ProfileInput = ProfileName | typeof MERGED_ALIAS

/** resolveConfig for callers whose input is known good (tests, the bench): a bad one throws. */
export function configOf(input: { platform?: string; profile?: string; flaws?: readonly string[] }): RunConfig {
  const config = resolveConfig(input)
  if ('error' in config) throw new Error(config.error)
  return config
}

/** Every version and profile that switch a flaw on, as `merge · as-is`. */
export function profilesWith(id: FlawId): string[] {
  return PLATFORM_VERSIONS.flatMap((platform) =>
    PROFILE_NAMES.filter((profile) => profileVersions(profile).includes(platform) && profileFlaws(profile, platform).includes(id)).map((profile) => configLabel({ platform, profile }))
  )
}

/** Each profile at each version where it exists, with its flaw count: what `credscope flaws` lists. */
export function profileTable(): Array<{ platform: PlatformVersion; profile: ProfileName; flaws: number; summary: string }> {
  return PLATFORM_VERSIONS.flatMap((platform) =>
    PROFILE_NAMES.filter((profile) => profileVersions(profile).includes(platform)).map((profile) => ({
      platform,
      profile,
      flaws: profileFlaws(profile, platform).length,
      summary: PROFILE_SUMMARIES[profile]
    }))
  )
}

/**
 * The configuration a recorded run (a bundle, a stored run) ran with: exactly its flaws at its
 * version, labelled with its profile. A message when a flaw does not exist at that version.
 */
export function recordedConfig(record: { platform: string; profile: string; flaws: readonly string[] }): RunConfig | { error: string } {
  const config = resolveConfig({ platform: record.platform, profile: 'hardened', flaws: record.flaws })
  if ('error' in config) return config
  const profile = record.profile === MERGED_ALIAS ? 'as-is' : record.profile
  return { ...config, profile: isProfileName(profile) ? profile : 'hardened' }
}
