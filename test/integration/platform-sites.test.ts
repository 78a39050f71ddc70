import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { flawVersions } from '../../src/shared/flaw-ids'
import { FLAWS } from '../../src/shared/flaws'
import { parsePlatformSite } from '../../src/shared/platform-sites'
import { PLATFORM_VERSIONS, PLATFORMS, type PlatformVersion } from '../../src/shared/platform-versions'
import { RBAC_ROW_SITES } from '../../src/shared/rbac-sites'

// Every platform site the app shows reads, at its version's commit, the code it names: the flaw
// catalog's and the RBAC table's. It needs a git copy of ambient-code/platform holding both
// commits: CREDSCOPE_PLATFORM_REPO, else the bare mirror beside the checkout. CI has neither, so
// there it is skipped.
const REPO = process.env.CREDSCOPE_PLATFORM_REPO ?? resolve(__dirname, '../../../.mirror/ambient-code+platform/repo')
const present = existsSync(REPO) && (existsSync(join(REPO, 'HEAD')) || existsSync(join(REPO, '.git')))

const files = new Map<string, string[]>()

/** The file's lines at the version's commit, read once. */
function linesAt(version: PlatformVersion, path: string): string[] {
  const key = `${version}:${path}`
  let lines = files.get(key)
  if (!lines) {
    lines = execFileSync('git', ['-C', REPO, 'show', `${PLATFORMS[version].fullCommit}:${path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n')
    files.set(key, lines)
  }
  return lines
}

/** Every site to check, named for the failure message. */
const SITES: Array<[string, PlatformVersion, string]> = [
  ...FLAWS.flatMap((f) => flawVersions(f.id).map((v): [string, PlatformVersion, string] => [f.id, v, f.platformSite[v] ?? ''])),
  ...Object.entries(RBAC_ROW_SITES).flatMap(([row, sites]) => PLATFORM_VERSIONS.map((v): [string, PlatformVersion, string] => [`RBAC row ${row}`, v, sites[v] ?? '']))
]

describe('platform sites in the platform mirror', () => {
  if (!present) {
    it.skip(`needs a git copy of ambient-code/platform holding ${PLATFORMS.merge.commit} and ${PLATFORMS.head.commit}: none at ${REPO}; set CREDSCOPE_PLATFORM_REPO`, () => {})
    return
  }

  it('holds both commits', () => {
    for (const version of PLATFORM_VERSIONS) {
      const sha = execFileSync('git', ['-C', REPO, 'rev-parse', '--verify', `${PLATFORMS[version].fullCommit}^{commit}`], { encoding: 'utf8' }).trim()
      expect(sha).toBe(PLATFORMS[version].fullCommit)
    }
  })

  it.each(SITES)('%s at %s: %s reads its code', (_what, version, text) => {
    const site = parsePlatformSite(version, text)
    expect(site).not.toBeNull()
    const line = linesAt(version, site!.path)[site!.line - 1]
    expect(line, `${site!.path}:${site!.line} at ${version} is past the end of the file`).toBeDefined()
    expect(line).toContain(site!.code)
  })
})
