import { useState } from 'react'
import type { Change, EnvRow, FileRow, HeldRow, PodDiff } from '../pod-diff'
import { DataTable, type Column } from '../../../components/DataTable'
import { plural } from '../../../components/format'
import { Section, WhoseTag } from './FieldTable'
import { SinkName, SinkPlace } from '../../../components/SinkName'

const CHANGE_LABEL: Record<Change, string> = { added: 'added', removed: 'removed', changed: 'changed', same: '' }

function ChangeTag({ change }: { change: Change }): React.JSX.Element | null {
  if (change === 'same') return null
  return <span className={`sv-change ${change}`}>{CHANGE_LABEL[change]}</span>
}

/** What the runner did to a key or file, in order, repeats folded: `populated ×2`, `cleared`. */
function During({ during }: { during: readonly string[] }): React.JSX.Element {
  if (during.length === 0) return <span className="muted">—</span>
  const runs: Array<{ op: string; times: number }> = []
  for (const op of during) {
    const last = runs.at(-1)
    if (last?.op === op) last.times += 1
    else runs.push({ op, times: 1 })
  }
  return (
    <span className="sv-during">
      {runs.map((r, i) => (
        <span key={i} className={r.op === 'cleared' || r.op === 'removed' ? 'clean' : 'set'}>
          {r.op}
          {r.times > 1 ? ` ×${r.times}` : ''}
        </span>
      ))}
    </span>
  )
}

function Value({ value }: { value: string | null }): React.JSX.Element {
  return value === null ? <span className="muted">—</span> : <span className="sv-mono-wrap">{value}</span>
}

const FILE_COLUMNS: ReadonlyArray<Column<FileRow>> = [
  {
    head: 'Path',
    className: 'sv-mono-wrap',
    cell: (f) => (
      <>
        {f.path} <ChangeTag change={f.change} />
      </>
    )
  },
  { head: 'At start', cell: (f) => (f.before ? '✓' : <span className="muted">—</span>) },
  { head: 'At end', cell: (f) => (f.after ? '✓' : <span className="muted">—</span>) },
  { head: 'During the turn', cell: (f) => <During during={f.during} /> },
  { head: 'Whose', cell: (f) => <WhoseTag whose={f.whose} /> }
]

function envColumns(showDuring: boolean, running: boolean): ReadonlyArray<Column<EnvRow>> {
  return [
    {
      head: 'Key',
      className: 'mono',
      cell: (r) => (
        <>
          {r.key} <ChangeTag change={r.change} />
        </>
      )
    },
    { head: 'At turn start', className: (r) => (r.change === 'removed' || r.change === 'changed' ? 'sv-old' : undefined), cell: (r) => <Value value={r.before} /> },
    {
      head: 'At turn end',
      className: (r) => (r.change === 'added' || r.change === 'changed' ? 'sv-new' : undefined),
      cell: (r) => (running ? <span className="muted">running…</span> : <Value value={r.after} />)
    },
    ...(showDuring ? [{ head: 'During the turn', cell: (r: EnvRow) => <During during={r.during} /> }] : []),
    {
      head: 'Whose',
      cell: (r) => (r.before?.includes('…') || r.after?.includes('…') || r.during.length > 0 ? <WhoseTag whose={r.whose} /> : <span className="muted">—</span>)
    }
  ]
}

/** Env rows, with unchanged keys the turn never touched folded away. */
function EnvRows({ rows, testId, showDuring, running }: { rows: readonly EnvRow[]; testId: string; showDuring: boolean; running: boolean }): React.JSX.Element {
  const [showAll, setShowAll] = useState(false)
  // Only the runner env is long enough to fold; an MCP server's few keys always show.
  const quiet = showDuring ? rows.filter((r) => r.change === 'same' && r.during.length === 0) : []
  const shown = showAll || quiet.length === 0 ? rows : rows.filter((r) => r.change !== 'same' || r.during.length > 0)
  return (
    <DataTable
      columns={envColumns(showDuring, running)}
      rows={shown}
      rowKey={(r) => r.key}
      rowProps={(r) => ({ className: `sv-diff-${r.change}`, 'data-testid': 'env-row', 'data-key': r.key, 'data-change': r.change })}
      className="sv-grid sv-diff"
      testId={testId}
      footerClassName="sv-fold"
      footer={
        quiet.length > 0 ? (
          <button className="sv-link" onClick={() => setShowAll(!showAll)}>
            {showAll ? 'hide unchanged keys' : `${plural(quiet.length, 'unchanged key')} the turn did not touch`}
          </button>
        ) : undefined
      }
    />
  )
}

const HELD_COLUMNS: ReadonlyArray<Column<HeldRow>> = [
  { head: 'Where', cell: (h) => <SinkPlace sink={h.sink} where={h.where} /> },
  { head: 'Whose', cell: (h) => <WhoseTag whose={{ owner: h.credential.owner, what: `${h.credential.owner}'s ${h.credential.slot} ${h.credential.field}` }} /> },
  {
    head: 'Credential',
    cell: (h) => (
      <>
        {h.credential.slot} <span className="muted">{h.credential.field}</span> <span className="mono small muted">#{h.credential.fingerprint}</span>
      </>
    )
  }
]

/**
 * The runner's env as the turn found it and left it, and what stayed: every credential still in
 * the runner env or in the copies of it that cleanup does not reach, named as the Ledger names it.
 */
export function EnvDiff({ diff }: { diff: PodDiff }): React.JSX.Element {
  const changed = diff.env.filter((r) => r.change !== 'same').length
  const range = diff.start ? ` · #${diff.start.seq} → ${diff.end ? `#${diff.end.seq}` : 'running'}` : ''
  return (
    <>
      <Section title="What stayed after the turn" aside={diff.end ? plural(diff.held.length, 'credential') : undefined} testId="inspector-env-held">
        {diff.running ? (
          <p className="muted">The turn is still running: what stays is known when it ends.</p>
        ) : diff.held.length === 0 ? (
          <p className="ok" data-testid="env-held-none">
            No one’s credential is left in <SinkName sink="runner-env" />, <SinkName sink="worker-env" />, <SinkName sink="mcp-env" /> or <SinkName sink="mcp-config" />.
          </p>
        ) : (
          <>
            <p className="sv-alert" data-testid="env-held-summary">
              {plural(diff.held.length, 'credential')} still in the env after cleanup: {heldSummary(diff.held)}. The Ledger lists the same under “Left in”.
            </p>
            <DataTable columns={HELD_COLUMNS} rows={diff.held} rowKey={(h) => `${h.sink}|${h.where}|${h.credential.fingerprint}`} rowProps={(h) => ({ 'data-testid': 'env-held-row', 'data-sink': h.sink, 'data-owner': h.credential.owner })} className="sv-grid" />
          </>
        )}
      </Section>
      <Section
        title="Changes to runner-env, turn start → turn end"
        aside={diff.start ? `${plural(changed, 'change')}${range}` : undefined}
        testId="inspector-env-diff"
      >
        {!diff.start && !diff.end ? (
          <p className="muted">This turn has no pod snapshots (the runner never started the turn).</p>
        ) : (
          <>
            <EnvRows rows={diff.env} testId="env-diff-table" showDuring running={diff.running} />
            {!diff.end && <p className="muted small sv-note">The turn is still running: “at turn end” fills in when it finishes.</p>}
          </>
        )}
      </Section>
    </>
  )
}

/** `3 in worker-env, 1 in mcp-env`: how many stayed in each sink, in the order of the table. */
function heldSummary(held: readonly HeldRow[]): React.ReactNode {
  const counts = new Map<HeldRow['sink'], number>()
  for (const h of held) counts.set(h.sink, (counts.get(h.sink) ?? 0) + 1)
  return [...counts].map(([sink, n], i) => (
    <span key={sink}>
      {i > 0 && ', '}
      {n} in <SinkName sink={sink} />
    </span>
  ))
}

/** Files in the runner pod as the turn found and left them. */
export function FilesDiff({ diff }: { diff: PodDiff }): React.JSX.Element {
  return (
    <Section title="Files, before → after" aside={plural(diff.files.length, 'file')} testId="inspector-files">
      {diff.files.length === 0 ? (
        <p className="muted">No files recorded.</p>
      ) : (
        <DataTable
          columns={FILE_COLUMNS}
          rows={diff.files}
          rowKey={(f) => f.path}
          rowProps={(f) => ({ className: `sv-diff-${f.change}`, 'data-testid': 'file-row', 'data-change': f.change })}
          className="sv-grid sv-diff"
        />
      )}
    </Section>
  )
}

/** Each MCP server of the turn's worker and the env it was spawned with. */
export function McpEnv({ diff }: { diff: PodDiff }): React.JSX.Element {
  return (
    <Section title="MCP servers’ env" aside={plural(diff.mcp.length, 'server')} testId="inspector-mcp">
      {diff.mcp.length === 0 ? (
        <p className="muted">No MCP server was running at the start or the end of this turn.</p>
      ) : (
        diff.mcp.map((server) => (
          <div key={server.name} className="sv-mcp-server" data-testid="mcp-server" data-server={server.name}>
            <div className="sv-mcp-name">
              <span className="mono">{server.name}</span> <ChangeTag change={server.change} />
              {server.change === 'same' && !diff.running && <span className="muted small"> kept from an earlier turn, env unchanged</span>}
            </div>
            <EnvRows rows={server.env} testId="mcp-env-table" showDuring={false} running={diff.running} />
          </div>
        ))
      )}
    </Section>
  )
}
