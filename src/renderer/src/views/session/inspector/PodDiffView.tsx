import { useState } from 'react'
import type { Change, EnvRow, FileRow, PodDiff } from '../pod-diff'
import { DataTable, type Column } from '../../../components/DataTable'
import { plural } from '../../../components/format'
import { Section, WhoseTag } from './FieldTable'

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

/** The runner's process env as the turn found it and left it. */
export function EnvDiff({ diff }: { diff: PodDiff }): React.JSX.Element {
  const changed = diff.env.filter((r) => r.change !== 'same').length
  const leftCredentials = diff.env.filter((r) => r.after?.includes('…') && r.during.includes('populated'))
  return (
    <Section title="Runner env, before → after" aside={diff.start ? `${plural(changed, 'change')} · #${diff.start.seq} → ${diff.end ? `#${diff.end.seq}` : 'running'}` : undefined} testId="inspector-env-diff">
      {!diff.start && !diff.end ? (
        <p className="muted">This turn has no pod snapshots (the runner never started the turn).</p>
      ) : (
        <>
          {leftCredentials.length > 0 && (
            <p className="sv-alert">
              Still in the env after cleanup: {leftCredentials.map((r) => r.key).join(', ')}
            </p>
          )}
          <EnvRows rows={diff.env} testId="env-diff-table" showDuring running={diff.running} />
          {!diff.end && <p className="muted small sv-note">The turn is still running: “at turn end” fills in when it finishes.</p>}
        </>
      )}
    </Section>
  )
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
