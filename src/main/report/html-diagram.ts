import { LANES } from '../../shared/sequence'
import { esc } from './html-text'
import type { ReportHop } from './model'

const LANE_COUNT = LANES.length

/** Empty lane cells: their lifelines run through the row. */
function lanes(count: number): string {
  return '<td class="ln s1"></td>'.repeat(Math.max(0, count))
}

/**
 * The turn as a sequence diagram made of a table, so it renders from disk with no script and no
 * network: one column per hop with its lifeline, one row per event. An HTTP exchange is a cell
 * spanning the lanes it crosses with an arrow between their centres; any other event is a dot on
 * its lane with its text toward the open side, as the app draws it.
 */
export function diagramHtml(hops: readonly ReportHop[]): string {
  const head = `<tr><th class="no">#</th>${LANES.map((l) => `<th title="${esc(l.title)}">${esc(l.label)}</th>`).join('')}</tr>`
  const rows = hops.map((hop) => `<tr class="t-${hop.tone}" data-seq="${hop.seq}" data-kind="${hop.kind}">${`<td class="no">${hop.seq}</td>`}${hop.kind === 'arrow' ? arrow(hop) : mark(hop)}</tr>`)
  return `<div class="scroll"><table class="seq"><colgroup><col class="no">${'<col>'.repeat(LANE_COUNT)}</colgroup><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`
}

function arrow(hop: Extract<ReportHop, { kind: 'arrow' }>): string {
  const lo = Math.min(hop.from, hop.to)
  const hi = Math.max(hop.from, hop.to)
  const span = hi - lo + 1
  const direction = hop.to >= hop.from ? 'to-right' : 'to-left'
  const status = hop.response || hop.status === null ? '' : ` <span class="st t-${hop.tone}">→ ${hop.status}</span>`
  const headers = hop.headers.length > 0 ? `<div class="hdrs">${hop.headers.map(([name, value]) => `<span><b>${esc(name)}:</b> ${esc(value)}</span>`).join(' ')}</div>` : ''
  const peek = hop.peek ? `<div class="hdrs peek">${esc(hop.peek)}</div>` : ''
  const cell = `<td class="sp s${span} arrow ${direction}${hop.response ? ' ret' : ''}" colspan="${span}" title="${esc(hop.between)}"><div class="lbl">${esc(hop.label)}${status}</div><div class="shaft"></div>${headers}${peek}</td>`
  return `${lanes(lo)}${cell}${lanes(LANE_COUNT - 1 - hi)}`
}

function mark(hop: Extract<ReportHop, { kind: 'mark' }>): string {
  // Lanes from the runner rightwards put their text to the left, where the diagram is open then.
  const leftward = hop.lane >= LANES.findIndex((l) => l.hop === 'runner')
  const text = `<span class="tag">${esc(hop.tag)}</span> <span class="txt">${esc(hop.text)}</span>`
  if (leftward) {
    const span = hop.lane + 1
    return `<td class="sp s${span} mark left" colspan="${span}" title="${esc(hop.hop)}"><span class="dot"></span><div class="body">${text}</div></td>${lanes(LANE_COUNT - 1 - hop.lane)}`
  }
  const span = LANE_COUNT - hop.lane
  return `${lanes(hop.lane)}<td class="sp s${span} mark right" colspan="${span}" title="${esc(hop.hop)}"><span class="dot"></span><div class="body">${text}</div></td>`
}

/** The span classes: each cell's lifelines and arrow ends sit at the centres of the lanes it covers. */
export function diagramSpanCss(): string {
  const out: string[] = []
  for (let k = 1; k <= LANE_COUNT; k++) {
    const half = `(100% / ${2 * k})`
    out.push(
      `.seq .s${k}{background-size:calc(100% / ${k}) 100%}`,
      `.seq .s${k} .shaft{margin:0 calc${half}}`,
      `.seq .s${k}.arrow .lbl,.seq .s${k}.arrow .hdrs{padding-left:calc(${half} + 8px)}`,
      `.seq .s${k}.right .body{padding-left:calc(${half} + 12px)}.seq .s${k}.right .dot{left:calc(${half} - 5px)}`,
      `.seq .s${k}.left .body{padding-right:calc(${half} + 12px)}.seq .s${k}.left .dot{right:calc(${half} - 5px)}`
    )
  }
  return out.join('\n')
}
