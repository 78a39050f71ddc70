/**
 * The platform versions credscope runs (docs/platform/versions.md): the PR as merged and the
 * platform as its users run it today. Where a hop differs between them, it branches once on this.
 */
export const PLATFORM_VERSIONS = ['merge', 'head'] as const
export type PlatformVersion = (typeof PLATFORM_VERSIONS)[number]

export const DEFAULT_PLATFORM: PlatformVersion = 'head'

export const PLATFORMS: Record<PlatformVersion, { commit: string; date: string; summary: string }> = {
  merge: { commit: '0d78e86', date: '2026-03-24', summary: 'PR #989 as merged: per-message credentials in shared sessions' },
  head: { commit: '0b59fe7de', date: '2026-08-17', summary: 'the platform as its users run it today' }
}

export function isPlatformVersion(value: string): value is PlatformVersion {
  return (PLATFORM_VERSIONS as readonly string[]).includes(value)
}

/** `head (0b59fe7de)`: how a version is named wherever a run is shown. */
export function platformLabel(version: PlatformVersion): string {
  return `${version} (${PLATFORMS[version].commit})`
}
