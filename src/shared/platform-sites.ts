import { PLATFORM_VERSIONS, PLATFORMS, type PlatformVersion } from './platform-versions'

/**
 * A line of the platform's own code where a decision is made, per version:
 * `components/<path>.go:412 (code)` or `… (code: note)`. `code` is a fragment of that line as it
 * reads in the version's commit (test/integration/platform-sites.test.ts checks it in the mirror).
 */
export type PlatformSites = Partial<Record<PlatformVersion, string>>

const SHAPE = /^(components\/[\w./-]+\.(?:go|py)):([1-9]\d*) \(([^:()]*[A-Za-z_][^:()]*?)(?:: (.+))?\)$/

export interface PlatformSite {
  version: PlatformVersion
  path: string
  line: number
  /** The fragment of the line that makes the decision, as it reads there. */
  code: string
  note: string | null
  /** The line on GitHub at the version's full commit. */
  url: string
}

/** `platform (head 0b59fe7de)`: whose code a site is in, as the flaw detail and the inspector name it. */
export function platformSiteLabel(version: PlatformVersion): string {
  return `platform (${version} ${PLATFORMS[version].commit})`
}

/** A site string taken apart, or null when it is not in the `path:line (code[: note])` shape. */
export function parsePlatformSite(version: PlatformVersion, site: string): PlatformSite | null {
  const m = SHAPE.exec(site)
  if (!m) return null
  const [, path = '', line = '0', code = '', note] = m
  return { version, path, line: Number(line), code, note: note ?? null, url: `https://github.com/ambient-code/platform/blob/${PLATFORMS[version].fullCommit}/${path}#L${line}` }
}

/** Every site of a map, the version the user is looking at first, then the others in their usual order. */
export function platformSitesFirst(sites: PlatformSites, first: PlatformVersion | null): PlatformSite[] {
  const order = first ? [first, ...PLATFORM_VERSIONS.filter((v) => v !== first)] : [...PLATFORM_VERSIONS]
  return order.flatMap((version) => {
    const site = sites[version]
    const parsed = site === undefined ? null : parsePlatformSite(version, site)
    return parsed ? [parsed] : []
  })
}
