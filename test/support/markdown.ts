import { marked, type Token, type Tokens } from 'marked'

/** The plain text of inline tokens as a reader sees it: no emphasis marks, escapes resolved, entities decoded. */
export function plain(tokens: readonly Token[] | undefined): string {
  return (tokens ?? [])
    .map((t) => ('tokens' in t && t.tokens ? plain(t.tokens) : t.type === 'codespan' || t.type === 'escape' || t.type === 'text' ? decode((t as { text: string }).text) : ''))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
}

export interface MdTable {
  header: string[]
  rows: string[][]
}

/** Every GFM table at the top of a document, as marked's lexer reads it, cells as plain text. */
export function markdownTables(source: string): MdTable[] {
  return marked
    .lexer(source)
    .filter((token): token is Tokens.Table => token.type === 'table')
    .map((table) => ({ header: table.header.map((c) => plain(c.tokens)), rows: table.rows.map((r) => r.map((c) => plain(c.tokens))) }))
}

/** The tables with exactly these headings, in document order (one per turn for a turn's tables). */
export function tablesHeaded(source: string, header: readonly string[]): MdTable[] {
  return markdownTables(source).filter((t) => t.header.join('|') === header.join('|'))
}

/** The document as marked renders it to HTML (raw HTML passed through, as GitHub's renderer would before sanitising). */
export function markdownToHtml(source: string): string {
  return marked.parse(source, { async: false })
}
