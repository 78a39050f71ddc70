import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import GithubSlugger from 'github-slugger'
import { describe, expect, it } from 'vitest'
import { GLOSSARY, GLOSSARY_GROUPS, SINK_TERMS, glossaryEntry, rbacLetterTerm, searchGlossary, type GlossaryEntry } from '../../src/shared/glossary'
import { RBAC_INPUTS } from '../../src/shared/rbac-rows'

// The Help view and every <Term> read one glossary: its ids are anchors, its links must land on a
// heading of this repository's docs, and a search finds a term by any name the app shows it under.

const ROOT = join(__dirname, '../..')

function anchorsOf(page: string): Set<string> {
  const slugger = new GithubSlugger()
  const text = readFileSync(join(ROOT, page), 'utf8')
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slugger.slug(m[1] ?? '')))
}

describe('the glossary', () => {
  it('has one entry per id, each in a group the Help view lists, with a short line and a paragraph', () => {
    const ids = GLOSSARY.map((e) => e.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const entry of GLOSSARY) {
      expect(GLOSSARY_GROUPS).toContain(entry.group)
      expect(entry.short.length, entry.id).toBeGreaterThan(20)
      expect(entry.long.length, entry.id).toBeGreaterThan(entry.short.length / 2)
    }
  })

  it('links every entry that has a page to a heading that exists in docs/', () => {
    const broken: string[] = []
    for (const entry of GLOSSARY as readonly GlossaryEntry[]) {
      if (entry.doc === undefined) continue
      const [page = '', anchor] = entry.doc.split('#')
      if (!page.startsWith('docs/') || !existsSync(join(ROOT, page))) broken.push(`${entry.id}: no page ${page}`)
      else if (anchor !== undefined && !anchorsOf(page).has(anchor)) broken.push(`${entry.id}: no heading #${anchor} in ${page}`)
    }
    expect(broken).toEqual([])
  })

  it('names every sink and every input of the RBAC table', () => {
    expect(glossaryEntry(SINK_TERMS['worker-env']).term).toBe('worker-env')
    expect(glossaryEntry(SINK_TERMS['runner-env']).term).toBe('runner-env')
    for (const [sink, id] of Object.entries(SINK_TERMS)) expect(glossaryEntry(id).term, sink).toBe(sink)
    for (const { letter, meaning } of RBAC_INPUTS) {
      const id = rbacLetterTerm(letter)
      expect(id, letter).not.toBeNull()
      expect(glossaryEntry(id!).short.toLowerCase()).toContain(meaning.toLowerCase())
    }
    expect(rbacLetterTerm('Z')).toBeNull()
  })

  it('finds a term by the other names the app and the platform use for it, exact names first', () => {
    expect(searchGlossary('SelfSubjectAccessReview').map((e) => e.id)[0]).toBe('ssar')
    expect(searchGlossary('no row').map((e) => e.term)[0]).toBe('outside the table')
    expect(searchGlossary('merged').map((e) => e.id)[0]).toBe('as-is')
    expect(searchGlossary('worker-env').map((e) => e.id)[0]).toBe('sink-worker-env')
    expect(searchGlossary('  ')).toHaveLength(GLOSSARY.length)
    expect(searchGlossary('zzz-nothing')).toEqual([])
  })
})
