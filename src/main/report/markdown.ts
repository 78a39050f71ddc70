import { rbacRowName } from '../../shared/glossary'
import type { ReportHop, ReportModel, ReportTurn } from './model'

/**
 * The report as GitHub-flavoured Markdown for a ticket: the same facts as the HTML page, tables
 * for the ledger and the decisions, the diagram as a compact numbered list of hops.
 */
export function renderMarkdown(model: ReportModel): string {
  const { ran, verdict } = model
  const out: string[] = [
    `# credscope report: ${text(model.title)}`,
    '',
    `**${verdict.outcome.toUpperCase()}**: ${text(verdict.headline)}`,
    '',
    `<sub>${inHtml(`${model.source} · credscope ${model.credscope} · ${model.generatedAt}`)}</sub>`,
    '',
    '## What ran',
    '',
    '| | |',
    '|---|---|',
    `| Kind | ${ran.kind === 'live' ? 'a live session' : 'a scenario run'} |`,
    ...(ran.file ? [`| Scenario | ${cellCode(ran.file)} |`] : []),
    ...(ran.runId ? [`| Run id | ${cellCode(ran.runId)} |`] : []),
    `| Platform | **${text(ran.platformLabel)}**: ${text(ran.platformSummary)} |`,
    `| Profile | **${text(ran.profile)}** (${text(ran.config)}) |`,
    `| Flaws on | ${ran.flaws.length === 0 ? 'none' : `${ran.flaws.length}: ${ran.flaws.map((f) => cellCode(f.id)).join(', ')}`} |`,
    `| Seed | ${cellCode(String(ran.seed))} |`,
    `| When | ${text(ran.startedAt ?? '—')}${ran.endedAt ? ` → ${text(ran.endedAt)}` : ''} |`,
    `| Turns | ${model.turnCount} |`,
    '',
    '## Run it again',
    '',
    fence(model.rerun.command, 'sh'),
    ...(model.rerun.note ? ['', text(model.rerun.note)] : []),
    '',
    '## Verdict',
    ''
  ]
  if (verdict.failures.length > 0) out.push(`### Expectations that failed (${verdict.failures.length})`, '', ...verdict.failures.map((f, i) => `${i + 1}. ${text(f)}`), '')
  out.push(`### Leak findings (${verdict.leaks.length + verdict.moreLeaks})`, '')
  if (verdict.leaks.length === 0) out.push('No leak found: no credential where it must not be.', '')
  else {
    out.push('| Turn | Invariant | Whose | Provider | Sink | Where | Sender | Fingerprint |', '|---:|---|---|---|---|---|---|---|')
    for (const l of verdict.leaks) out.push(`| ${l.turnNumber ?? 'end of run'} | ${text(l.invariant)} | ${text(l.owner)} | ${text(l.provider)} | ${text(l.sink)} | ${cellCode(l.where)} | ${text(l.sender ?? '—')} | ${cellCode(l.fingerprint)} |`)
    if (verdict.moreLeaks > 0) out.push('', `…and ${verdict.moreLeaks} more.`)
    out.push('')
  }
  out.push(`## Turns (${model.turnCount})`, '')
  if (model.turnCount === 0) out.push('The run has no turns.', '')
  else {
    out.push('| # | Sender | Should use | Status | Credentials served | Leaks | Denied |', '|---:|---|---|---|---|---:|---:|')
    for (const t of model.turnList) {
      const served = t.served.length === 0 ? 'none' : t.served.map((s) => (s.foreign ? `**${text(`${s.slot} ${s.owner}`)} (not ${t.expectedOwner ?? 'anybody'}'s)**` : text(`${s.slot} ${s.owner}`))).join(', ')
      out.push(`| ${t.number} | ${text(t.sender)} | ${text(t.expectedOwner ?? 'nobody')} | ${text(t.status)} | ${served} | ${t.leaks} | ${t.denied} |`)
    }
    if (model.omitted) out.push('', text(model.omitted))
    out.push('')
  }
  for (const turn of model.turns) out.push(...turnMarkdown(turn), '')
  if (model.scenario) out.push('## The scenario', '', `<details><summary>${inHtml(model.scenario.file)}</summary>`, '', fence(model.scenario.source, 'yaml'), '', '</details>', '')
  out.push('---', '', '<sub>Every credential and token here is masked (a prefix, an ellipsis and at most the last four characters) or named by its fingerprint; no secret value.</sub>', '')
  return out.join('\n')
}

function turnMarkdown(turn: ReportTurn): string[] {
  const expected = turn.expectedOwner
  const out = [
    `## Turn ${turn.number}: ${text(turn.sender)} → ${text(`${turn.project}/${turn.session}`)}`,
    '',
    `Thread ${code(turn.thread)} · should use ${expected ? `**${text(expected)}**'s` : "nobody's"} credentials · ${text(turn.status)}${turn.error ? ` · ${text(turn.error)}` : ''} · ${turn.leaks} leaks · ${turn.denied} denied · turn id ${code(turn.turn)}`,
    '',
    '**Message**',
    '',
    turn.message.length > 0 ? fence(turn.message.join('\n'), '') : 'No tool lines.',
    '',
    '### Whose credential each hop used',
    ''
  ]
  if (turn.credentials.length === 0) out.push('No credential was served in this turn.')
  else {
    out.push('| Credential | Owner | Fetched with | Decision | Went to | Left after cleanup |', '|---|---|---|---|---|---|')
    for (const c of turn.credentials) {
      const owner = c.foreign ? `**${text(c.owner)}** (not ${text(expected ?? 'anybody')}'s)` : text(c.owner)
      const decision = c.decision ? `${text(c.decision)}: ${text(c.reason ?? '')}` : '—'
      const left = c.leftIn.length === 0 ? 'nothing: cleanup removed it ✓' : `**${c.leftIn.map(text).join('; ')}**`
      out.push(`| ${cellCode(c.slot)} ${c.fingerprints.map(cellCode).join(' ')} | ${owner} | ${text(c.fetchedWith ?? '—')} | ${decision} | ${c.wentTo.map(text).join('; ') || 'nowhere'} | ${left} |`)
    }
  }
  if (turn.actedAs.length > 0) {
    out.push('', '### Tools acted as', '', '| Tool line | Acted as | Outcome |', '|---|---|---|')
    for (const a of turn.actedAs) {
      const who = a.owner === null ? 'nobody' : a.foreign ? `**${text(a.owner)}** (not ${text(expected ?? 'anybody')}'s)` : text(a.owner)
      out.push(`| ${cellCode(a.line)}${a.startedBy ? ` (left running by ${text(a.startedBy)}'s turn)` : ''} | ${who} | ${text(a.summary)} |`)
    }
  }
  out.push('', '### RBAC decisions', '')
  if (turn.decisions.length === 0) out.push('The backend made no credential decision in this turn.')
  else {
    out.push('| Credential | Decision | Deciding row | Inputs | Why |', '|---|---|---|---|---|')
    for (const d of turn.decisions) {
      const row = d.rowText ? `row ${d.row}: ${text(`${d.rowText.classification}; header ${d.rowText.header}; ${d.rowText.condition} → ${d.rowText.result}`)}` : rbacRowName(null)
      const { A, H, O, E, M, bot } = d.inputs
      out.push(`| ${cellCode(d.slot)}${d.times > 1 ? ` ×${d.times}` : ''} | ${d.allow ? 'allow' : '**deny**'} · ${d.status} | ${row} | ${cellCode(`A=${A}${bot ? ' (bot)' : ''} H=${H} O=${O} E=${E} M=${M}`)} | ${text(d.reason)} |`)
    }
  }
  if (turn.leakFindings.length > 0) {
    out.push('', '### Leak findings', '')
    for (const l of turn.leakFindings) out.push(`- **${text(l.invariant)}**: ${text(l.message)} (fingerprint ${code(l.fingerprint)})`)
  }
  out.push('', `<details><summary>Hops: ${turn.hops.length} events${turn.hiddenHops > 0 ? `, ${turn.hiddenHops} logs, audit lines and runner steps left out` : ''}</summary>`, '')
  out.push(...hopLines(turn.hops), '', '</details>')
  return out
}

/** The diagram as a list by event number (a bullet list: Markdown would renumber an ordered one): requests with their answer's status (answers themselves left out), marks with their tag. */
function hopLines(hops: readonly ReportHop[]): string[] {
  return hops.flatMap((hop) => {
    if (hop.kind === 'arrow') {
      if (hop.response) return []
      const headers = hop.headers.length > 0 ? ` · ${hop.headers.map(([n, v]) => code(`${n}: ${v}`)).join(' ')}` : ''
      return [`- ${hop.seq} · ${text(hop.between)}: ${code(hop.label)}${hop.status === null ? '' : ` → ${hop.tone === 'bad' ? `**${hop.status}**` : hop.status}`}${headers}`]
    }
    const line = `${hop.tag} ${hop.text}`
    return [`- ${hop.seq} · ${text(hop.hop)}: ${hop.tone === 'bad' ? `**${text(line)}**` : text(line)}`]
  })
}

/**
 * Text as Markdown shows it, never as markup: HTML is escaped (GitHub would render a raw tag),
 * and the characters that start emphasis, links, code or a table cell are backslashed.
 */
function text(value: string): string {
  return value
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*[\]|#~])/g, '\\$1')
    // An underscore inside a word is no emphasis in GFM: MCP_DOCS_API_KEY stays readable as typed.
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
}

/** Text inside an HTML block (a summary, a sub line), where Markdown is not read: entities only. */
function inHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** An inline code span that holds any text: fenced by more backticks than any run inside it. */
function code(value: string): string {
  const flat = value.replace(/\r?\n/g, ' ')
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length))
  const ticks = '`'.repeat(longest + 1)
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : ''
  return `${ticks}${pad}${flat}${pad}${ticks}`
}

/** A code span inside a table cell: GFM splits cells at a bare pipe even in code, so pipes are backslashed. */
function cellCode(value: string): string {
  return code(value.replace(/\|/g, '\\|'))
}

/** A fenced block that no line of the text can close. */
function fence(value: string, lang: string): string {
  const longest = Math.max(2, ...(value.match(/`+/g) ?? []).map((run) => run.length))
  const ticks = '`'.repeat(longest + 1)
  return `${ticks}${lang}\n${value}\n${ticks}`
}
