import { diagramHtml } from './html-diagram'
import { rbacRowName } from '../../shared/glossary'
import { el, esc, list, ownerHtml, plural, table } from './html-text'
import type { ReportDecision, ReportTurn } from './model'

/** One turn told in full: who sent what, whose credential each hop used, the rows that decided, the diagram. */
export function turnHtml(turn: ReportTurn, diagramOpen: boolean): string {
  const expected = turn.expectedOwner
  const pills = [turn.leaks > 0 ? el('span', 'pill foreign', plural(turn.leaks, 'leak')) : '', turn.denied > 0 ? el('span', 'pill', `${turn.denied} denied`) : ''].join('')
  return `<article class="turn" id="turn-${turn.number}" data-turn="${esc(turn.turn)}">
<h2>Turn ${turn.number} · <span class="sender" data-fact="sender">${esc(turn.sender)}</span> → ${esc(`${turn.project}/${turn.session}`)} ${pills}</h2>
<p class="sub">thread ${esc(turn.thread)} · should use ${expected ? `<strong data-fact="expected">${esc(expected)}</strong>’s credentials` : 'nobody’s credentials'} · <span data-fact="status">${esc(turn.status)}</span>${turn.error ? ` · ${el('span', 'bad', turn.error)}` : ''} · turn id <code>${esc(turn.turn)}</code></p>
<h3>Message</h3>
${turn.message.length > 0 ? `<pre data-fact="message">${esc(turn.message.join('\n'))}</pre>` : el('p', 'muted', 'No tool lines.')}
<h3>Whose credential each hop used</h3>
${credentialsHtml(turn)}
${turn.actedAs.length > 0 ? `<h3>Tools acted as</h3>\n${actedHtml(turn)}` : ''}
<h3>RBAC decisions</h3>
${decisionsHtml(turn.decisions)}
<h3>Leak findings</h3>
${turn.leakFindings.length === 0 ? el('p', 'ok', 'No credential where it must not be.') : leaksHtml(turn)}
<details class="diagram"${diagramOpen ? ' open' : ''}><summary>Sequence diagram: ${plural(turn.hops.length, 'event')}${turn.hiddenHops > 0 ? ` (${turn.hiddenHops} logs, audit lines and runner steps left out)` : ''}</summary>
${diagramHtml(turn.hops)}
</details>
</article>`
}

function credentialsHtml(turn: ReportTurn): string {
  if (turn.credentials.length === 0) return el('p', 'muted', 'No credential was served in this turn.')
  const rows = turn.credentials.map(
    (c) =>
      `<tr class="${c.foreign ? 'foreign' : ''}" data-slot="${esc(c.slot)}" data-owner="${esc(c.owner)}" data-foreign="${c.foreign}" data-cleaned="${c.leftIn.length === 0}">` +
      `<td><strong>${esc(c.slot)}</strong><div class="mono muted">${esc(c.fingerprints.join(' '))}</div></td>` +
      `<td>${ownerHtml(c.owner, c.foreign, turn.expectedOwner)}</td>` +
      `<td>${c.fetchedWith ? esc(c.fetchedWith) : el('span', 'muted', '—')}</td>` +
      `<td>${c.decision ? `<strong>${esc(c.decision)}</strong><div class="muted">${esc(c.reason ?? '')}</div>` : el('span', 'muted', '—')}</td>` +
      `<td>${list(c.wentTo, 'nowhere')}</td>` +
      `<td>${c.leftIn.length === 0 ? el('span', 'ok', 'nothing: cleanup removed it ✓') : list(c.leftIn, '', 'bad')}</td></tr>`
  )
  return table('ledger', ['Credential', 'Owner', 'Fetched with', 'Decision', 'Went to', 'Left after cleanup'], rows)
}

function actedHtml(turn: ReportTurn): string {
  const rows = turn.actedAs.map(
    (a) =>
      `<tr class="${a.foreign ? 'foreign' : ''}" data-owner="${esc(a.owner ?? '')}"><td><code>${esc(a.line)}</code>${a.startedBy ? ` <span class="flag">left running by ${esc(a.startedBy)}’s turn</span>` : ''}</td>` +
      `<td>${a.owner ? ownerHtml(a.owner, a.foreign, turn.expectedOwner) : el('span', 'muted', 'nobody')}</td><td class="${a.ok ? '' : 'bad'}">${esc(a.summary)}</td></tr>`
  )
  return table('acted', ['Tool line', 'Acted as', 'Outcome'], rows)
}

function decisionsHtml(decisions: readonly ReportDecision[]): string {
  if (decisions.length === 0) return el('p', 'muted', 'The backend made no credential decision in this turn.')
  const rows = decisions.map((d) => {
    const row = d.rowText
    const matched = row
      ? `<strong>${esc(rbacRowName(d.row))}</strong>: <span class="row-text">${esc(`${row.classification}; header ${row.header}; ${row.condition} → ${row.result}`)}</span>${row.allow !== d.allow ? `<div class="warn">The platform’s row ${d.row} would ${row.allow ? 'allow' : 'deny'} here; this profile ${d.allow ? 'allows' : 'denies'} it.</div>` : ''}`
      : `<strong>${esc(rbacRowName(null))}</strong>: no row of the table decided it`
    const { A, H, O, E, M, bot } = d.inputs
    return (
      `<tr data-slot="${esc(d.slot)}" data-row="${d.row ?? ''}" data-allow="${d.allow}"><td><strong>${esc(d.slot)}</strong>${d.times > 1 ? `<div class="muted">×${d.times}</div>` : ''}</td>` +
      `<td class="${d.allow ? 'ok' : 'bad'}"><strong>${d.allow ? 'allow' : 'deny'}</strong> · ${d.status}</td><td>${matched}</td>` +
      `<td class="inputs">A=${esc(A)}${bot ? ' (bot)' : ''}<br>H=${esc(H)}<br>O=${esc(O)}<br>E=${esc(E)}<br>M=${esc(M)}</td><td>${esc(d.reason)}</td></tr>`
    )
  })
  return `${table('rbac', ['Credential', 'Decision', 'Deciding row of enforceCredentialRBAC', 'Inputs', 'Why'], rows)}
<p class="note">A: the authenticated caller · H: X-Runner-Current-User · O: the session owner · E: H if present, else O · M: the session’s active user (docs/platform/rbac.md).</p>`
}

function leaksHtml(turn: ReportTurn): string {
  const rows = turn.leakFindings.map(
    (l) =>
      `<tr class="foreign"><td>${esc(l.invariant)}</td><td>${ownerHtml(l.owner, false, null)} <span class="muted">${esc(l.provider)}</span></td><td>${esc(l.sink)}</td><td class="mono">${esc(l.where)}</td><td class="mono">${esc(l.fingerprint)}</td><td>${esc(l.message)}</td></tr>`
  )
  return table('leaks', ['Invariant', 'Whose', 'Sink', 'Where', 'Fingerprint', 'Finding'], rows)
}
