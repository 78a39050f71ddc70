import { describe, expect, it } from 'vitest'
import { isAllowedExternal } from '../../src/main/electron/security'
import { flawVersions } from '../../src/shared/flaw-ids'
import { FLAWS } from '../../src/shared/flaws'
import { parsePlatformSite, platformSiteLabel, platformSitesFirst } from '../../src/shared/platform-sites'
import { PLATFORM_VERSIONS, PLATFORMS } from '../../src/shared/platform-versions'
import { RBAC_ROW_SITES } from '../../src/shared/rbac-sites'

// Every flaw says where the platform itself decides, at exactly the versions where the flaw exists,
// as `components/<path>:<line> (<code>[: note])`; the mirror test (test/integration/platform-sites.test.ts)
// checks each line reads that code.

describe('platform decision sites', () => {
  it.each(FLAWS.map((f) => [f.id, f] as const))('%s names a platform site at each of its versions and no other', (_id, flaw) => {
    expect(Object.keys(flaw.platformSite).sort()).toEqual([...flawVersions(flaw.id)].sort())
    for (const version of flawVersions(flaw.id)) {
      const text = flaw.platformSite[version] ?? ''
      const site = parsePlatformSite(version, text)
      expect(site, `${flaw.id} at ${version}: "${text}" is not path:line (code[: note])`).not.toBeNull()
      expect(site?.path).toMatch(/^components\/[\w./-]+\.(go|py)$/)
      expect(site?.code.trim()).toBe(site?.code)
      // The desktop shell opens only allowlisted links in the browser (src/main/electron/security.ts).
      expect(isAllowedExternal(site?.url ?? '')).toBe(true)
    }
  })

  it('names a platform site for every row of the RBAC table at both versions', () => {
    expect(Object.keys(RBAC_ROW_SITES).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    for (const [row, sites] of Object.entries(RBAC_ROW_SITES)) {
      for (const version of PLATFORM_VERSIONS) {
        const site = parsePlatformSite(version, sites[version] ?? '')
        expect(site?.path, `row ${row} at ${version}`).toBe('components/backend/handlers/runtime_credentials.go')
      }
    }
  })

  it('takes a site apart and links its line on GitHub at the full commit of its version', () => {
    const site = parsePlatformSite('head', 'components/backend/handlers/runtime_credentials.go:139 (authenticatedUserID == effectiveUserID: A must be E (the owner included))')
    expect(site).toEqual({
      version: 'head',
      path: 'components/backend/handlers/runtime_credentials.go',
      line: 139,
      code: 'authenticatedUserID == effectiveUserID',
      note: 'A must be E (the owner included)',
      url: 'https://github.com/ambient-code/platform/blob/0b59fe7de035d827ea221ef1370598edc77b527f/components/backend/handlers/runtime_credentials.go#L139'
    })
    expect(parsePlatformSite('merge', 'components/backend/server/server.go:134 (X-Forwarded-User)')).toMatchObject({ code: 'X-Forwarded-User', note: null })
    for (const bad of ['src/main/backend/rbac.ts:12 (x)', 'components/a.go (x)', 'components/a.go:0 (x)', 'components/a.go:12', 'components/a.go:12 (: note)', 'components/a.go:12 (f(x))']) {
      expect(parsePlatformSite('merge', bad), bad).toBeNull()
    }
  })

  it('keeps each version\'s full commit beside the short one the app shows', () => {
    for (const version of PLATFORM_VERSIONS) {
      expect(PLATFORMS[version].fullCommit).toMatch(/^[0-9a-f]{40}$/)
      expect(PLATFORMS[version].fullCommit.startsWith(PLATFORMS[version].commit)).toBe(true)
    }
    expect(platformSiteLabel('head')).toBe('platform (head 0b59fe7de)')
  })

  it('lists the version being looked at first, then the others', () => {
    const sites = { merge: 'components/a.go:1 (a)', head: 'components/a.go:2 (a)' }
    expect(platformSitesFirst(sites, 'head').map((s) => s.version)).toEqual(['head', 'merge'])
    expect(platformSitesFirst(sites, 'merge').map((s) => s.version)).toEqual(['merge', 'head'])
    expect(platformSitesFirst(sites, null).map((s) => s.version)).toEqual(['merge', 'head'])
    // A pr* flaw seen from head still shows where the merge decides.
    expect(platformSitesFirst({ merge: 'components/a.go:1 (a)' }, 'head').map((s) => s.line)).toEqual([1])
  })
})
