import { type FlawId, isFlawId, RESIDUAL_FLAWS } from './flaw-ids'

export const PROFILE_NAMES = ['pre-fix', 'merged', 'hardened'] as const
export type ProfileName = (typeof PROFILE_NAMES)[number]

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

export const PROFILES: Record<ProfileName, { flaws: readonly FlawId[]; summary: string }> = {
  'pre-fix': {
    flaws: [...RESIDUAL_FLAWS, ...PRE_FIX_EXTRA],
    summary: 'the platform before PR #989: owner credentials for every sender'
  },
  merged: {
    flaws: RESIDUAL_FLAWS,
    summary: 'the platform as merged (0d78e86), with every residual flaw R1–R20 that applies'
  },
  hardened: {
    flaws: [],
    summary: 'our reference design: no flaw switched on'
  }
}

export function isProfileName(value: string): value is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(value)
}

/** A profile plus extra flaws, or a message naming what is wrong. */
export function resolveFlaws(profile: string, extra: readonly string[]): { flaws: FlawId[] } | { error: string } {
  if (!isProfileName(profile)) return { error: `unknown profile "${profile}"; profiles are ${PROFILE_NAMES.join(', ')}` }
  const unknown = extra.filter((id) => !isFlawId(id))
  if (unknown.length > 0) return { error: `unknown flaw ${unknown.map((u) => `"${u}"`).join(', ')}; \`credscope flaws\` lists them` }
  return { flaws: [...new Set([...PROFILES[profile].flaws, ...(extra as FlawId[])])].sort() }
}
