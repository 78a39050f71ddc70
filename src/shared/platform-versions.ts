/**
 * The platform versions credscope runs (docs/platform/versions.md): the PR as merged and the
 * platform as its users run it today. Where a hop differs between them, it branches once on this.
 */
export const PLATFORM_VERSIONS = ['merge', 'head'] as const
export type PlatformVersion = (typeof PLATFORM_VERSIONS)[number]

export const DEFAULT_PLATFORM: PlatformVersion = 'head'

/** `commit` is how the app names a version; `fullCommit` is for links into the platform's repository. */
export const PLATFORMS: Record<PlatformVersion, { commit: string; fullCommit: string; date: string; summary: string }> = {
  merge: { commit: '0d78e86', fullCommit: '0d78e86acc7ba793e3ff40ce63ee0f3a03fac620', date: '2026-03-24', summary: 'PR #989 as merged: per-message credentials in shared sessions' },
  head: { commit: '0b59fe7de', fullCommit: '0b59fe7de035d827ea221ef1370598edc77b527f', date: '2026-08-17', summary: 'the platform as its users run it today' }
}

export function isPlatformVersion(value: string): value is PlatformVersion {
  return (PLATFORM_VERSIONS as readonly string[]).includes(value)
}

/** `head (0b59fe7de)`: how a version is named wherever a run is shown. */
export function platformLabel(version: PlatformVersion): string {
  return `${version} (${PLATFORMS[version].commit})`
}
