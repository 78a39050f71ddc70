import { MERGED_ALIAS, resolveConfig, type RunConfig } from '../../shared/profiles'
import { UsageError } from './usage-error'

export interface ConfigFlags {
  platform?: string
  profile?: string
  flaw?: string[]
}

/**
 * `--platform V --profile P --flaw ID…` as one configuration. A scenario file's `platform:` fills
 * in a missing --platform; without either the version is head.
 */
export function configFromFlags(flags: ConfigFlags, filePlatform?: string): RunConfig {
  const config = resolveConfig({ platform: flags.platform ?? filePlatform, profile: flags.profile, flaws: flags.flaw ?? [] })
  if ('error' in config) throw new UsageError(config.error)
  return config
}

/**
 * `merge:as-is`, `hardened+r1-active-user-not-cleared+r2-no-turn-lock`: an optional version, a
 * profile and flaws on top. A missing version is --platform's, else the file's, else head.
 */
export function parseConfig(text: string, option: string, fallbackPlatform?: string): { label: string; config: RunConfig } {
  const [head = '', ...extra] = text.split('+').map((part) => part.trim())
  // `merged` names its version itself, so a fallback version does not apply to it.
  const [platform, profile] = head.includes(':') ? head.split(':', 2) : [head === MERGED_ALIAS ? undefined : fallbackPlatform, head]
  try {
    const config = configFromFlags({ platform, profile, flaw: extra })
    return { label: head.includes(':') || head === MERGED_ALIAS ? text : `${config.platform}:${text}`, config }
  } catch (error) {
    throw new UsageError(`${option}: ${error instanceof Error ? error.message : String(error)} (write [version:]profile, then +flaw for each flaw on top)`)
  }
}

export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const seed = Number(text)
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed needs a non-negative integer, not "${text}"`)
  return seed
}
