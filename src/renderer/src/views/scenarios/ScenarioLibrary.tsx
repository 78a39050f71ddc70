import { useEffect, useRef, useState } from 'react'
import type { ScenarioInfo } from '../../../../shared/api'
import { useApp } from '../../store/app-store'
import { FLAW_GROUPS, shortFlawId } from '../../components/flaw-catalog'
import { OpenFileButton } from '../../components/OpenFileButton'

// Demonstrations in catalog order (pr1, pr2, …, r1, r2, …), not the file names' string order.
const CATALOG_ORDER = new Map<string, number>(FLAW_GROUPS.flatMap((g) => g.flaws).map((f, i) => [f.scenario, i]))
const byCatalog = (a: ScenarioInfo, b: ScenarioInfo): number => (CATALOG_ORDER.get(a.file) ?? 999) - (CATALOG_ORDER.get(b.file) ?? 999)

/** The built-in scenarios, general ones first, then one demonstration per flaw; plus an opened file. */
export function ScenarioLibrary(): React.JSX.Element {
  const scenarios = useApp((s) => s.scenarios)
  const choice = useApp((s) => s.scenarioForm.choice)
  const [filter, setFilter] = useState('')
  const needle = filter.trim().toLowerCase()
  const shown = scenarios.filter((s) => !needle || `${s.file} ${s.title} ${s.demonstrates.join(' ')}`.toLowerCase().includes(needle))
  const general = shown.filter((s) => !s.file.startsWith('flaws/'))
  const demos = shown.filter((s) => s.file.startsWith('flaws/')).sort(byCatalog)
  return (
    <aside className="sc-library" data-testid="scenario-library">
      <div className="sc-library-head">
        <input type="search" placeholder={`Filter ${scenarios.length} scenarios…`} value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="scenario-filter" />
        <OpenFileButton testId="scenario-open-file" />
      </div>
      {choice?.kind === 'opened' && (
        <div className="sc-lib-opened">
          <div className="sc-lib-group">Opened from disk</div>
          <button type="button" className="sc-lib-item active" data-testid="scenario-opened">
            <span className="sc-lib-title mono">{choice.name}</span>
            <span className="sc-lib-file">{choice.source.split('\n').length} lines, parsed when run</span>
          </button>
        </div>
      )}
      <div className="sc-library-list">
        <Group title="General" items={general} />
        <Group title="Flaw demonstrations" items={demos} />
        {shown.length === 0 && <div className="muted small sc-lib-none">{scenarios.length === 0 ? 'Loading the library…' : 'No scenario matches.'}</div>}
      </div>
    </aside>
  )
}

function Group({ title, items }: { title: string; items: ScenarioInfo[] }): React.JSX.Element | null {
  const choice = useApp((s) => s.scenarioForm.choice)
  const setForm = useApp((s) => s.setScenarioForm)
  const activeRef = useRef<HTMLButtonElement>(null)
  const activeFile = choice?.kind === 'builtin' ? choice.file : null
  // A scenario picked from elsewhere (a replay, a flaw's demonstration) scrolls into sight.
  useEffect(() => {
    activeRef.current?.scrollIntoView({ block: 'nearest' })
  }, [activeFile])
  if (items.length === 0) return null
  return (
    <>
      <div className="sc-lib-group">
        {title} <span className="muted">{items.length}</span>
      </div>
      {items.map((s) => {
        const active = choice?.kind === 'builtin' && choice.file === s.file
        return (
          <button
            type="button"
            key={s.file}
            ref={active ? activeRef : undefined}
            className={`sc-lib-item ${active ? 'active' : ''}`}
            onClick={() => setForm({ choice: { kind: 'builtin', file: s.file }, runError: null })}
            title={s.description}
            data-testid={`scenario-item-${s.scenario}`}
          >
            <span className="sc-lib-title">{s.title}</span>
            <span className="sc-lib-meta">
              <span className="sc-lib-file mono">{s.file.replace(/^flaws\//, '')}</span>
              {s.demonstrates.map((id) => (
                <span key={id} className="sc-chip" title={id}>
                  {shortFlawId(id)}
                </span>
              ))}
            </span>
          </button>
        )
      })}
    </>
  )
}
