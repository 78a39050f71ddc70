import { useApp } from '../../store/app-store'
import type { WorldSummary } from '../../../../shared/api'
import { UserBadge } from '../../components/UserBadge'
import { DataTable, type Column } from '../../components/DataTable'
import { SectionCard } from '../../components/SectionCard'
import { Term } from '../../components/Term'

const ROLE_TEXT: Record<string, string> = { edit: 'editor', view: 'viewer', admin: 'admin' }

type Session = WorldSummary['sessions'][number]

const COLUMNS: ReadonlyArray<Column<Session>> = [
  {
    head: 'Session',
    cell: (s) => (
      <>
        <div className="mono wv-nowrap">
          <span className="muted">{s.project}/</span>
          {s.name}
        </div>
        <div className="small muted">{s.phase}</div>
      </>
    )
  },
  {
    head: 'Owner',
    cell: (s) => (
      <>
        <UserBadge owner={s.owner} />
        {s.ownerUserID !== s.owner && <div className="mono small muted">userID {s.ownerUserID}</div>}
      </>
    )
  },
  {
    head: 'Shared with',
    cell: (s) => (
      <div className="wv-shares">
        {Object.entries(s.sharedWith).length === 0 && <span className="muted">not shared</span>}
        {Object.entries(s.sharedWith).map(([user, role]) => (
          <span key={user} className="wv-share" data-testid={`share-${s.name}-${user}`}>
            <UserBadge owner={user} />
            <span className={`wv-role ${role}`}>{role}</span>
          </span>
        ))}
      </div>
    )
  },
  {
    head: 'Runner',
    cell: (s) => (
      <>
        <div>{s.runner}</div>
        <div className="mono small muted wv-url" title={s.runnerClusterUrl}>
          {s.runnerClusterUrl.replace(/^https?:\/\//, '').replace(/\/$/, '')}
        </div>
      </>
    )
  },
  {
    head: 'ServiceAccount',
    cell: (s) => (
      <>
        <div className="mono wv-nowrap">{s.serviceAccount}</div>
        {Object.entries(s.annotations).map(([k, v]) => (
          <div key={k} className="mono small muted wv-annotation">
            {k === 'ambient-code.io/created-by-user-id' ? <Term id="sa-annotation">{k.replace('ambient-code.io/', '')}</Term> : k.replace('ambient-code.io/', '')}:{' '}
            <span className="wv-annotation-value">{v}</span>
          </div>
        ))}
      </>
    )
  },
  { head: <Term id="bot-token" />, className: 'mono', cell: (s) => s.botToken || '—' }
]

/** Projects with their members, and sessions with owner, sharing, runner and session identity. */
export function SessionsTable(): React.JSX.Element | null {
  const projects = useApp((s) => s.state?.world.projects)
  const sessions = useApp((s) => s.state?.world.sessions)
  if (!projects || !sessions) return null
  return (
    <SectionCard title="Projects and sessions" note="sharing decides who may send turns; the session ServiceAccount is what the runner holds" testId="world-sessions">
      <div className="wv-projects">
        {projects.map((p) => (
          <div key={p.name} className="wv-project" data-testid={`project-${p.name}`}>
            <span className="wv-project-name">
              project <strong>{p.name}</strong>
            </span>
            <span className="muted">members</span>
            {Object.entries(p.members).length === 0 && <span className="muted">none</span>}
            {Object.entries(p.members).map(([user, role]) => (
              <span key={user} className="wv-member">
                <UserBadge owner={user} /> <span className="muted small">{ROLE_TEXT[role] ?? role}</span>
              </span>
            ))}
          </div>
        ))}
      </div>
      <DataTable columns={COLUMNS} rows={sessions} rowKey={(s) => `${s.project}/${s.name}`} rowProps={(s) => ({ 'data-testid': `session-row-${s.project}-${s.name}` })} wrap />
    </SectionCard>
  )
}
