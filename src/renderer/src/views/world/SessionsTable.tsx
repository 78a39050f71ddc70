import { useApp } from '../../store/app-store'
import { UserBadge } from '../../components/UserBadge'

const ROLE_TEXT: Record<string, string> = { edit: 'editor', view: 'viewer', admin: 'admin' }

/** Projects with their members, and sessions with owner, sharing, runner and session identity. */
export function SessionsTable(): React.JSX.Element | null {
  const projects = useApp((s) => s.state?.world.projects)
  const sessions = useApp((s) => s.state?.world.sessions)
  if (!projects || !sessions) return null
  return (
    <section className="ui-section" data-testid="world-sessions">
      <header className="ui-section-head">
        <h2>Projects and sessions</h2>
        <span className="muted">sharing decides who may send turns; the session ServiceAccount is what the runner holds</span>
      </header>
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
      <div className="ui-table-wrap">
        <table className="ui-table">
          <thead>
            <tr>
              <th>Session</th>
              <th>Owner</th>
              <th>Shared with</th>
              <th>Runner</th>
              <th>ServiceAccount</th>
              <th title="The session ServiceAccount's token, mounted in the runner pod">BOT_TOKEN</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={`${s.project}/${s.name}`} data-testid={`session-row-${s.project}-${s.name}`}>
                <td>
                  <div className="mono wv-nowrap">
                    <span className="muted">{s.project}/</span>
                    {s.name}
                  </div>
                  <div className="small muted">{s.phase}</div>
                </td>
                <td>
                  <UserBadge owner={s.owner} />
                  {s.ownerUserID !== s.owner && <div className="mono small muted">userID {s.ownerUserID}</div>}
                </td>
                <td>
                  <div className="wv-shares">
                    {Object.entries(s.sharedWith).length === 0 && <span className="muted">not shared</span>}
                    {Object.entries(s.sharedWith).map(([user, role]) => (
                      <span key={user} className="wv-share" data-testid={`share-${s.name}-${user}`}>
                        <UserBadge owner={user} />
                        <span className={`wv-role ${role}`}>{role}</span>
                      </span>
                    ))}
                  </div>
                </td>
                <td>
                  <div>{s.runner}</div>
                  <div className="mono small muted wv-url" title={s.runnerClusterUrl}>
                    {s.runnerClusterUrl.replace(/^https?:\/\//, '').replace(/\/$/, '')}
                  </div>
                </td>
                <td>
                  <div className="mono wv-nowrap">{s.serviceAccount}</div>
                  {Object.entries(s.annotations).map(([k, v]) => (
                    <div key={k} className="mono small muted wv-annotation" title={`${k}: ${v}`}>
                      {k.replace('ambient-code.io/', '')}: <span className="wv-annotation-value">{v}</span>
                    </div>
                  ))}
                </td>
                <td className="mono">{s.botToken || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
