import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import GithubSlugger from 'github-slugger'
import { describe, expect, it } from 'vitest'
import { FLAW_IDS } from '../../src/shared/flaw-ids'

// Why-comments cite the platform model the repository carries (docs/platform/), by page and
// section anchor. Every such reference must land on a heading that exists, and no comment may
// cite a document outside the repository.

const ROOT = join(__dirname, '../..')
const TREES = ['src', 'electron', 'test', 'bench', 'scripts', 'docs', 'README.md']
const SOURCE = /\.(ts|tsx|js|mjs|md)$/
const REFERENCE = /docs\/platform\/([a-z0-9-]+\.md)(?:#([A-Za-z0-9_-]*))?/g
/** A markdown link into the model: `](platform/x.md#a)` from docs/, `](x.md#a)` between its pages. */
const LINK_FROM_DOCS = /\]\(platform\/([a-z0-9-]+\.md)(?:#([A-Za-z0-9_-]*))?\)/g
const LINK_WITHIN = /\]\(([a-z0-9-]+\.md)(?:#([A-Za-z0-9_-]*))?\)/g
// Spelled in pieces so this file does not cite what it forbids.
const OUTSIDE = [new RegExp(['spec', ' §'].join('')), new RegExp(['\\bDESIGN', '\\b'].join('')), new RegExp(['platform-spec', ''].join(''))]

function files(path: string): string[] {
  const full = join(ROOT, path)
  if (!existsSync(full)) return []
  if (SOURCE.test(path) && !readdirSafe(full)) return [full]
  return (readdirSafe(full) ?? []).flatMap((name) => (name === 'node_modules' || name === 'images' ? [] : files(join(path, name))))
}

function readdirSafe(path: string): string[] | null {
  try {
    return readdirSync(path)
  } catch {
    return null
  }
}

/** The anchors GitHub gives a page's headings. */
function anchorsOf(page: string): Set<string> {
  const slugger = new GithubSlugger()
  const text = readFileSync(join(ROOT, 'docs/platform', page), 'utf8')
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slugger.slug(m[1] ?? '')))
}

const all = TREES.flatMap(files).filter((f) => SOURCE.test(f) && f !== __filename)

describe('references into docs/platform', () => {
  it('every page and anchor cited in the code and docs exists', () => {
    const anchors = new Map<string, Set<string> | null>()
    const broken: string[] = []
    for (const file of all) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const dir = relative(ROOT, file).split('/').slice(0, -1).join('/')
          const links = dir === 'docs' ? line.matchAll(LINK_FROM_DOCS) : dir === 'docs/platform' ? line.matchAll(LINK_WITHIN) : []
          for (const [, page = '', anchor] of [...line.matchAll(REFERENCE), ...links]) {
            if (!anchors.has(page)) anchors.set(page, existsSync(join(ROOT, 'docs/platform', page)) ? anchorsOf(page) : null)
            const known = anchors.get(page)
            const where = `${relative(ROOT, file)}:${i + 1}`
            if (!known) broken.push(`${where}: no page docs/platform/${page}`)
            else if (anchor !== undefined && !known.has(anchor)) broken.push(`${where}: no heading #${anchor} in docs/platform/${page}`)
          }
        })
    }
    expect(broken).toEqual([])
    expect(anchors.size, 'the code cites the platform model').toBeGreaterThan(5)
  })

  it('no comment cites a document outside the repository', () => {
    const outside = all.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (OUTSIDE.some((p) => p.test(line)) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : []))
    )
    expect(outside).toEqual([])
  })

  it('gives every flaw id of the catalogue its own heading in docs/platform/flaws.md, and no other', () => {
    const headings = readFileSync(join(ROOT, 'docs/platform/flaws.md'), 'utf8')
      .split('\n')
      .flatMap((line) => /^### (.+)$/.exec(line)?.slice(1) ?? [])
    // The two documentation flaws have no credscope id; they are headed by their number instead.
    const undocumented = ['#8: the rollback flag', 'r16: the KEEP_CREDENTIALS_PERSISTENT doc']
    expect(headings.filter((h) => !undocumented.includes(h))).toEqual([...FLAW_IDS])
  })

  it('knows a heading when it sees one, as GitHub slugs it', () => {
    const slugger = new GithubSlugger()
    expect(['POST /', '_fetch_credential', 'What the proxy does at agui/run', 'r16: the KEEP_CREDENTIALS_PERSISTENT doc'].map((h) => slugger.slug(h))).toEqual([
      'post-',
      '_fetch_credential',
      'what-the-proxy-does-at-aguirun',
      'r16-the-keep_credentials_persistent-doc'
    ])
  })
})
