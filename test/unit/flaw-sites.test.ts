import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { FLAW_IDS } from '../../src/shared/flaw-ids'
import { FLAWS } from '../../src/shared/flaws'

// Every flaw is one readable decision: exactly one `flaws.has('<id>')` in the engine, in the file
// and function the catalogue names as its site (what the app shows as "Decided at").

const ROOT = join(__dirname, '../..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** The name of the function a node sits in: `name`, `Class.method`, `Class.constructor`, or a variable's name. */
function enclosingName(node: ts.Node): string {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    const owner = ts.isClassLike(at.parent) && at.parent.name ? `${at.parent.name.text}.` : ''
    if (ts.isFunctionDeclaration(at) && at.name) return at.name.text
    if ((ts.isMethodDeclaration(at) || ts.isGetAccessorDeclaration(at)) && ts.isIdentifier(at.name)) return `${owner}${at.name.text}`
    if (ts.isConstructorDeclaration(at)) return `${owner}constructor`
    if ((ts.isArrowFunction(at) || ts.isFunctionExpression(at)) && ts.isVariableDeclaration(at.parent) && ts.isIdentifier(at.parent.name)) return at.parent.name.text
  }
  return '(module)'
}

interface Site {
  id: string
  file: string
  fn: string
}

/** Every `<x>.has('<flaw id>')` call under src/main, with where it is. */
function decisionSites(): Site[] {
  const ids = new Set<string>(FLAW_IDS)
  const sites: Site[] = []
  for (const path of sourceFiles(join(ROOT, 'src/main'))) {
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'has' &&
        node.arguments.length === 1 &&
        ts.isStringLiteral(node.arguments[0]!) &&
        ids.has(node.arguments[0].text)
      ) {
        sites.push({ id: node.arguments[0].text, file: relative(ROOT, path), fn: enclosingName(node) })
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return sites
}

/** `src/main/x.ts: Class.method, row 3` → file and function. */
function catalogueSite(site: string): { file: string; fn: string } {
  const match = /^(?<file>[^:]+): (?<fn>[A-Za-z_$][\w$]*(?:\.[\w$]+)?)/.exec(site)
  return { file: match?.groups?.file ?? '', fn: match?.groups?.fn ?? '' }
}

describe('flaw decision sites', () => {
  const sites = decisionSites()

  it.each(FLAWS.map((f) => [f.id, f.site] as const))('%s is decided once, at the site the catalogue names', (id, site) => {
    const found = sites.filter((s) => s.id === id).map(({ file, fn }) => `${file}: ${fn}`)
    const named = catalogueSite(site)
    expect(found, `flaws.has('${id}') in the engine`).toEqual([`${named.file}: ${named.fn}`])
  })

  it('asks for no flaw the catalogue does not list', () => {
    const catalogued = new Set(FLAWS.map((f) => f.id))
    expect(sites.filter((s) => !catalogued.has(s.id as (typeof FLAWS)[number]['id']))).toEqual([])
  })
})
