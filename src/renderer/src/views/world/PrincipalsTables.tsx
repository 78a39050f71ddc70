import { useApp } from '../../store/app-store'
import { DataTable, type Column } from '../../components/DataTable'
import { SectionCard } from '../../components/SectionCard'
import { UserBadge } from '../../components/UserBadge'

/** One principal that is not a person, as the table shows it. */
interface Principal {
  key: string
  testId: string
  kind: 'API key' | 'ServiceAccount' | 'Schedule'
  name: string
  project: string
  actsFor: React.ReactNode
  role: React.ReactNode
  identity: React.ReactNode
  token: React.ReactNode
}

const COLUMNS: ReadonlyArray<Column<Principal>> = [
  {
    head: 'Principal',
    cell: (p) => (
      <>
        <span className="ui-kind">{p.kind}</span> <span className="mono">{p.name}</span>
      </>
    )
  },
  { head: 'Project', className: 'mono', cell: (p) => p.project },
  { head: 'Acts for', cell: (p) => p.actsFor },
  { head: 'Role', cell: (p) => p.role },
  { head: 'ServiceAccount / annotations', cell: (p) => p.identity },
  { head: 'Token', className: 'mono', cell: (p) => p.token }
]

const dash = <span className="muted">—</span>

/** The principals that are not people: API keys (acting for their creator), other ServiceAccounts, schedules. */
export function PrincipalsTables(): React.JSX.Element | null {
  const apiKeys = useApp((s) => s.state?.world.apiKeys)
  const serviceAccounts = useApp((s) => s.state?.world.serviceAccounts)
  const schedules = useApp((s) => s.state?.world.schedules)
  if (!apiKeys || !serviceAccounts || !schedules) return null
  const rows: Principal[] = [
    ...apiKeys.map((k) => ({
      key: `key-${k.project}-${k.name}`,
      testId: `apikey-row-${k.name}`,
      kind: 'API key' as const,
      name: k.name,
      project: k.project,
      actsFor: (
        <>
          <UserBadge owner={k.creator} /> <span className="muted small">creator</span>
        </>
      ),
      role: k.role,
      identity: <span className="mono">{k.serviceAccount}</span>,
      token: k.token
    })),
    ...serviceAccounts.map((sa) => ({
      key: `sa-${sa.project}-${sa.name}`,
      testId: `sa-row-${sa.name}`,
      kind: 'ServiceAccount' as const,
      name: sa.name,
      project: sa.project,
      actsFor: <span className="muted">nobody</span>,
      role: sa.role,
      identity:
        Object.entries(sa.annotations).length === 0 ? (
          <span className="muted">no annotations</span>
        ) : (
          Object.entries(sa.annotations).map(([k, v]) => (
            <div key={k} className="mono small">
              {k}: {v}
            </div>
          ))
        ),
      token: sa.token
    })),
    ...schedules.map((s) => ({
      key: `schedule-${s.project}-${s.name}`,
      testId: `schedule-row-${s.name}`,
      kind: 'Schedule' as const,
      name: s.name,
      project: s.project,
      actsFor: (
        <span className="muted" title="Scheduled runs have no sender: they may only use the session's own identity">
          no sender
        </span>
      ),
      role: dash,
      identity: <span className="mono muted">session {s.session}</span>,
      token: dash
    }))
  ]
  return (
    <SectionCard title="API keys, ServiceAccounts and schedules" testId="world-principals">
      <DataTable
        columns={COLUMNS}
        rows={rows}
        rowKey={(p) => p.key}
        rowProps={(p) => ({ 'data-testid': p.testId })}
        footer={serviceAccounts.length === 0 ? <span className="muted small">No standalone ServiceAccounts in this world besides the session and API-key ones.</span> : undefined}
        wrap
      />
    </SectionCard>
  )
}
