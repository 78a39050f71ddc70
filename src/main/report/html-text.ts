const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text as HTML shows it, never as markup: scenario names, messages and reasons are user input. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
}

/** `<tag class="…">text</tag>`, the text escaped. */
export function el(tag: string, className: string, text: string | number): string {
  return `<${tag}${className ? ` class="${esc(className)}"` : ''}>${esc(text)}</${tag}>`
}

/** `1 turn`, `2 turns`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** A list of strings as `<ul>`, or the word for none. */
export function list(items: readonly string[], none: string, className = ''): string {
  if (items.length === 0) return el('span', 'muted', none)
  return `<ul class="${esc(className)}">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`
}

/** An owner's name, flagged when the credential is not the turn's expected owner's. */
export function ownerHtml(owner: string, foreign: boolean, expected: string | null): string {
  if (!foreign) return el('span', 'owner', owner)
  return `<span class="owner foreign">${esc(owner)}</span> <span class="flag">not ${esc(expected ?? 'anybody')}’s</span>`
}

/** A whole table: head cells and rows of already-built cells. */
export function table(className: string, heads: readonly string[], rows: readonly string[]): string {
  return `<div class="scroll"><table class="${esc(className)}"><thead><tr>${heads.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
}
