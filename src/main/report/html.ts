import { reportCss } from './html-style'
import { el, esc, ownerHtml, table } from './html-text'
import { turnHtml } from './html-turn'
import type { ReportModel } from './model'

/**
 * The report as one self-contained HTML page: inline style, no script, no external asset, and a
 * policy that forbids both, so it reads the same opened from disk, attached to a ticket or printed.
 */
export function renderHtml(model: ReportModel): string {
  const told = new Set(model.turns.map((t) => t.number))
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="credscope ${esc(model.credscope)}">
<title>${esc(`credscope report: ${model.title}`)}</title>
<style>${reportCss()}</style>
</head>
<body>
<main>
<header>
<div class="eyebrow">credscope report · ${esc(model.source)}</div>
<h1 data-fact="title">${esc(model.title)}</h1>
<p class="verdict ${esc(model.verdict.outcome)}" data-fact="verdict"><span class="badge">${esc(model.verdict.outcome.toUpperCase())}</span> <span>${esc(model.verdict.headline)}</span></p>
</header>
${ranHtml(model)}
<section id="rerun"><h2>Run it again</h2>
<pre data-fact="rerun"><code>${esc(model.rerun.command)}</code></pre>
${model.rerun.note ? el('p', 'note', model.rerun.note) : ''}
</section>
${verdictHtml(model, told)}
${turnListHtml(model, told)}
${model.turns.map((t) => turnHtml(t, model.turns.length === 1)).join('\n')}
${model.scenario ? `<section id="scenario"><h2>The scenario</h2><details><summary>${esc(model.scenario.file)}</summary><pre data-fact="scenario-source">${esc(model.scenario.source)}</pre></details></section>` : ''}
<footer>Made by credscope ${esc(model.credscope)} on ${esc(model.generatedAt)} from ${esc(model.source)}. Every credential and token in it is masked (a prefix, an ellipsis and at most the last four characters) or named by its fingerprint; no secret value.</footer>
</main>
</body>
</html>
`
}

function ranHtml(model: ReportModel): string {
  const { ran } = model
  const facts: Array<[string, string, string]> = [
    ['kind', 'Kind', ran.kind === 'live' ? 'a live session' : 'a scenario run'],
    ...(ran.file ? [['scenario', 'Scenario', `<code>${esc(ran.file)}</code>`] as [string, string, string]] : []),
    ...(ran.runId ? [['run', 'Run id', `<code>${esc(ran.runId)}</code>`] as [string, string, string]] : []),
    ['platform', 'Platform', `<strong>${esc(ran.platformLabel)}</strong> <span class="muted">${esc(ran.platformSummary)}</span>`],
    ['profile', 'Profile', `<strong>${esc(ran.profile)}</strong> <span class="muted">(${esc(ran.config)})</span>`],
    ['seed', 'Seed', `<code>${ran.seed}</code>`],
    ['when', 'When', `${esc(ran.startedAt ?? '—')}${ran.endedAt ? ` → ${esc(ran.endedAt)}` : ''}`],
    ['turns', 'Turns', String(model.turnCount)]
  ]
  const flaws =
    ran.flaws.length === 0
      ? el('p', 'muted', 'None: the reference design.')
      : `<ul class="flaws" data-fact="flaws">${ran.flaws.map((f) => `<li><code>${esc(f.id)}</code>${f.title ? ` <span class="muted">${esc(f.title)}</span>` : ''}</li>`).join('')}</ul>`
  return `<section id="ran"><h2>What ran</h2>
<dl class="facts">${facts.map(([key, name, value]) => `<dt>${esc(name)}</dt><dd data-fact="${key}">${value}</dd>`).join('')}</dl>
<h3>Flaws on (${ran.flaws.length})</h3>
${flaws}
</section>`
}

function verdictHtml(model: ReportModel, told: ReadonlySet<number>): string {
  const { verdict } = model
  const failures = verdict.failures.length === 0 ? '' : `<h3>Expectations that failed (${verdict.failures.length})</h3>\n<ol data-fact="failures">${verdict.failures.map((f) => `<li>${esc(f)}</li>`).join('')}</ol>`
  const leakRows = verdict.leaks.map(
    (l) =>
      `<tr class="foreign"><td class="num">${l.turnNumber === null ? 'end of run' : told.has(l.turnNumber) ? `<a href="#turn-${l.turnNumber}">${l.turnNumber}</a>` : l.turnNumber}</td><td>${esc(l.invariant)}</td><td>${ownerHtml(l.owner, false, null)} <span class="muted">${esc(l.provider)}</span></td><td>${esc(l.sink)}</td><td class="mono">${esc(l.where)}</td><td>${esc(l.sender ?? '—')}</td><td class="mono">${esc(l.fingerprint)}</td></tr>`
  )
  const leaks =
    verdict.leaks.length === 0
      ? el('p', 'ok', 'No leak found: no credential where it must not be.')
      : `${table('leaks', ['Turn', 'Invariant', 'Whose', 'Sink', 'Where', 'Sender', 'Fingerprint'], leakRows)}${verdict.moreLeaks > 0 ? el('p', 'note', `…and ${verdict.moreLeaks} more.`) : ''}`
  return `<section id="verdict"><h2>Verdict</h2>
${failures}
<h3>Leak findings (${verdict.leaks.length + verdict.moreLeaks})</h3>
${leaks}
</section>`
}

function turnListHtml(model: ReportModel, told: ReadonlySet<number>): string {
  if (model.turnCount === 0) return `<section id="turns"><h2>Turns</h2>${el('p', 'muted', 'The run has no turns.')}</section>`
  const rows = model.turnList.map(
    (t) =>
      `<tr class="${t.served.some((s) => s.foreign) ? 'foreign' : ''}" data-turn="${esc(t.turn)}"><td class="num">${told.has(t.number) ? `<a href="#turn-${t.number}">${t.number}</a>` : t.number}</td><td>${esc(t.sender)}</td><td>${esc(t.expectedOwner ?? 'nobody')}</td><td>${esc(t.status)}</td>` +
      `<td>${t.served.length === 0 ? el('span', 'muted', 'none') : t.served.map((s) => `<span class="pill${s.foreign ? ' foreign' : ''}">${esc(`${s.slot} ${s.owner}`)}</span>`).join(' ')}</td><td class="num${t.leaks > 0 ? ' bad' : ''}">${t.leaks}</td><td class="num">${t.denied}</td></tr>`
  )
  return `<section id="turns"><h2>Turns (${model.turnCount})</h2>
${table('turns', ['#', 'Sender', 'Should use', 'Status', 'Credentials served (slot, owner)', 'Leaks', 'Denied'], rows)}
${model.omitted ? el('p', 'note', model.omitted) : ''}
</section>`
}
