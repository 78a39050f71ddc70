import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { Parser } from 'tap-parser'
import { validateXML } from 'xmllint-wasm'

/** What strict JUnit consumers accept, stated as a schema (test/fixtures/junit/strict-junit.xsd). */
const STRICT_JUNIT = readFileSync(resolve(import.meta.dirname, '../fixtures/junit/strict-junit.xsd'), 'utf8')

export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
}

/** libxml2's verdict on a JUnit report against the strict schema: its errors, none when valid. */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName: 'report.xml', contents: xml }, schema: { fileName: 'strict-junit.xsd', contents: STRICT_JUNIT } })
  return result.valid ? [] : result.errors.map((e) => e.rawMessage.trim())
}

type Ordered = Array<Record<string, unknown>>

/** A well-formed document as a tree (fast-xml-parser, order kept); throws on anything not well-formed. */
export function parseXml(source: string): XmlElement {
  const verdict = XMLValidator.validate(source)
  if (verdict !== true) throw new Error(`not well-formed XML: ${verdict.err.msg} (line ${verdict.err.line})`)
  const nodes = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, trimValues: false, processEntities: true }).parse(source) as Ordered
  const elements = nodes.map(toElement).filter((e): e is XmlElement => e !== null && !e.name.startsWith('?'))
  const root = elements[0]
  if (!root) throw new Error('not well-formed XML: no root element')
  return root
}

function toElement(node: Record<string, unknown>): XmlElement | null {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text')
  if (!name) return null
  const content = (node[name] ?? []) as Ordered
  return {
    name,
    attributes: (node[':@'] ?? {}) as Record<string, string>,
    children: content.map(toElement).filter((e): e is XmlElement => e !== null),
    text: content.map((c) => (typeof c['#text'] === 'string' ? c['#text'] : '')).join('')
  }
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name)
}

export interface TapPoint {
  ok: boolean
  id: number
  name: string
  todo: string | boolean
  skip: string | boolean
  diag: Record<string, unknown> | null
}

/** A TAP stream as node-tap's own parser reads it: its version, plan, test points, and whatever it could not read. */
export function parseTap(text: string): { version: number | null; plan: number | null; points: TapPoint[]; extra: string[] } {
  let version: number | null = null
  let plan: number | null = null
  const points: TapPoint[] = []
  const extra: string[] = []
  for (const [kind, value] of Parser.parse(text) as Array<[string, unknown]>) {
    if (kind === 'version') version = value as number
    else if (kind === 'plan') plan = (value as { end: number }).end
    else if (kind === 'assert') {
      const r = value as { ok: boolean; id: number; name: string; todo: string | boolean; skip: string | boolean; diag: Record<string, unknown> | null }
      points.push({ ok: r.ok, id: r.id, name: r.name, todo: r.todo, skip: r.skip, diag: r.diag })
    } else if (kind === 'extra') extra.push(String(value))
  }
  return { version, plan, points, extra }
}
