import { type DefaultTreeAdapterMap, parse } from 'parse5'

type Node = DefaultTreeAdapterMap['node']
export type HtmlElement = DefaultTreeAdapterMap['element']

/** A page as a browser parses it (parse5 follows the HTML standard's parsing algorithm), with the parse errors it met. */
export function parseHtml(source: string): { document: DefaultTreeAdapterMap['document']; errors: string[] } {
  const errors: string[] = []
  const document = parse(source, { onParseError: (e) => errors.push(`${e.code} at line ${e.startLine}`) })
  return { document, errors }
}

function isElement(node: Node): node is HtmlElement {
  return 'tagName' in node
}

function childrenOf(node: Node): Node[] {
  return 'childNodes' in node ? node.childNodes : []
}

/** Every element under a node, in document order. */
export function elements(root: Node): HtmlElement[] {
  const out: HtmlElement[] = []
  const walk = (node: Node): void => {
    if (isElement(node)) out.push(node)
    for (const child of childrenOf(node)) walk(child)
  }
  walk(root)
  return out
}

export function attr(element: HtmlElement, name: string): string | null {
  return element.attrs.find((a) => a.name === name)?.value ?? null
}

/** Elements with an attribute, optionally of a value: `[data-fact="sender"]`. */
export function withAttr(root: Node, name: string, value?: string): HtmlElement[] {
  return elements(root).filter((e) => {
    const v = attr(e, name)
    return v !== null && (value === undefined || v === value)
  })
}

export function byTag(root: Node, tag: string): HtmlElement[] {
  return elements(root).filter((e) => e.tagName === tag)
}

/** Elements a browser lays out apart from their neighbours: their text never runs into the next. */
const APART = new Set(['td', 'th', 'tr', 'div', 'p', 'li', 'br', 'dt', 'dd', 'pre', 'h1', 'h2', 'h3', 'summary', 'section', 'article'])

/** The text a person reads in an element, whitespace folded. */
export function text(node: Node): string {
  const parts: string[] = []
  const walk = (n: Node): void => {
    if (n.nodeName === '#text' && 'value' in n) parts.push(n.value)
    const apart = isElement(n) && APART.has(n.tagName)
    if (apart) parts.push(' ')
    for (const child of childrenOf(n)) walk(child)
    if (apart) parts.push(' ')
  }
  walk(node)
  return parts.join('').replace(/\s+/g, ' ').trim()
}

/** The one element that matches, or a failure naming what was looked for. */
export function only(found: readonly HtmlElement[], what: string): HtmlElement {
  if (found.length !== 1) throw new Error(`expected one ${what}, found ${found.length}`)
  return found[0]!
}
