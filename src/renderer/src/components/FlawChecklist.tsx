import { type ReactNode, useState } from 'react'
import type { Flaw } from '../../../shared/flaws'
import { flawVersions, type FlawId } from '../../../shared/flaw-ids'
import type { PlatformVersion } from '../../../shared/platform-versions'
import { platformSitesFirst } from '../../../shared/platform-sites'
import { FLAW_GROUPS, shortFlawId } from './flaw-catalog'
import { PlatformSiteLink } from './PlatformSiteLink'
import { Term } from './Term'

interface Props {
  /** The flaws that are on in the config being edited. */
  selected: ReadonlySet<FlawId>
  /** The flaws the chosen profile implies, tagged with its name. */
  implied: ReadonlySet<FlawId>
  profileName: string
  /** The version being edited: a flaw that does not exist there cannot be ticked, and says where it does. */
  platform: PlatformVersion
  onToggle: (id: FlawId, on: boolean) => void
  /** When set, rows whose state differs from this (the live engine) are marked as pending. */
  live?: ReadonlySet<FlawId>
  /** Rows open to their full catalog entry; off in the compact pickers. */
  expandable?: boolean
  filter?: string
  testIdPrefix: string
  /** Extra controls under an open row's catalog entry (e.g. run its demonstration). */
  detailActions?: (flaw: Flaw) => ReactNode
}

/** The flaw catalog as checkboxes, grouped as docs/platform/flaws.md groups them: raised during the PR (pr*) and residual (r*). */
export function FlawChecklist({ selected, implied, profileName, platform, onToggle, live, expandable = false, filter = '', testIdPrefix, detailActions }: Props): React.JSX.Element {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const needle = filter.trim().toLowerCase()
  const matches = (f: Flaw): boolean => !needle || `${f.id} ${f.title} ${f.hop} ${f.allows}`.toLowerCase().includes(needle)
  const toggleOpen = (id: string): void => {
    const next = new Set(open)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setOpen(next)
  }
  return (
    <div className="fl-list">
      {FLAW_GROUPS.map((group) => {
        const flaws = group.flaws.filter(matches)
        if (flaws.length === 0) return null
        const on = group.flaws.filter((f) => selected.has(f.id)).length
        const here = group.flaws.filter((f) => flawVersions(f.id).includes(platform)).length
        return (
          <section key={group.key} className="fl-group" data-testid={`${testIdPrefix}-group-${group.key}`}>
            <header className="fl-group-head">
              <span className="fl-section">
                <Term id={group.term}>{group.section}</Term>
              </span>
              <span className="fl-group-title">{group.title}</span>
              <span className="fl-count">
                {here === 0 ? `${platform === 'head' ? 'merge' : 'head'} only` : `${on}/${here} on`}
              </span>
            </header>
            {flaws.map((flaw) => {
              const isOn = selected.has(flaw.id)
              const pending = live !== undefined && live.has(flaw.id) !== isOn
              const isOpen = expandable && open.has(flaw.id)
              const exists = flawVersions(flaw.id).includes(platform)
              return (
                <div key={flaw.id} className={`fl-row ${isOn ? 'on' : ''} ${pending ? 'pending' : ''} ${isOpen ? 'open' : ''} ${exists ? '' : 'elsewhere'}`} data-testid={`${testIdPrefix}-row-${flaw.id}`}>
                  <div className="fl-line">
                    <input
                      type="checkbox"
                      checked={isOn}
                      disabled={!exists && !isOn}
                      title={exists ? undefined : `Exists at ${flawVersions(flaw.id).join(', ')} only`}
                      onChange={(e) => onToggle(flaw.id, e.target.checked)}
                      aria-label={`${flaw.id}: ${flaw.title}`}
                      data-testid={`${testIdPrefix}-${flaw.id}`}
                    />
                    <span className="fl-id mono" title={flaw.id}>
                      {shortFlawId(flaw.id)}
                    </span>
                    {expandable ? (
                      <button type="button" className="fl-title linklike" onClick={() => toggleOpen(flaw.id)} aria-expanded={isOpen} data-testid={`${testIdPrefix}-expand-${flaw.id}`}>
                        {flaw.title}
                      </button>
                    ) : (
                      <span className="fl-title" title={flaw.allows}>
                        {flaw.title}
                      </span>
                    )}
                    {implied.has(flaw.id) && (
                      <span className="fl-tag" title={`The ${profileName} profile switches this flaw on`}>
                        {profileName}
                      </span>
                    )}
                    {pending && (
                      <span className="fl-pending" title={isOn ? 'Off in the live engine; Apply switches it on' : 'On in the live engine; Apply switches it off'}>
                        {isOn ? 'will turn on' : 'will turn off'}
                      </span>
                    )}
                    <span className="fl-hop">{flaw.hop}</span>
                    {expandable && (
                      <button type="button" className="fl-caret" onClick={() => toggleOpen(flaw.id)} aria-label={isOpen ? 'Collapse' : 'Expand'}>
                        {isOpen ? '▾' : '▸'}
                      </button>
                    )}
                  </div>
                  {isOpen && <FlawDetail flaw={flaw} platform={platform} actions={detailActions?.(flaw)} />}
                </div>
              )
            })}
          </section>
        )
      })}
    </div>
  )
}

/** The catalog entry; the platform's decision sites start with the version being looked at. */
function FlawDetail({ flaw, platform, actions }: { flaw: Flaw; platform: PlatformVersion; actions?: ReactNode }): React.JSX.Element {
  return (
    <div className="fl-detail-wrap">
    <dl className="fl-detail" data-testid={`flaw-detail-${flaw.id}`}>
      <dt>Id</dt>
      <dd className="mono">{flaw.id}</dd>
      <dt>Hop</dt>
      <dd>{flaw.hop}</dd>
      <dt>Versions</dt>
      <dd>{flawVersions(flaw.id).join(', ')}</dd>
      <dt>Allows</dt>
      <dd>{flaw.allows}</dd>
      {flaw.atHead && (
        <>
          <dt>At head</dt>
          <dd>{flaw.atHead}</dd>
        </>
      )}
      <dt>Source</dt>
      <dd>{flaw.source}</dd>
      <dt>Invariant</dt>
      <dd>{flaw.invariant}</dd>
      <dt>Decided at</dt>
      <dd data-testid={`flaw-sites-${flaw.id}`}>
        {platformSitesFirst(flaw.platformSite, platform).map((site) => (
          <div key={site.version}>
            <PlatformSiteLink site={site} testId={`flaw-site-${site.version}`} />
          </div>
        ))}
        <div data-testid="flaw-site-credscope">
          credscope: <span className="mono">{flaw.site}</span>
        </div>
      </dd>
      <dt>Scenario</dt>
      <dd className="mono">{flaw.scenario}</dd>
    </dl>
    {actions && <div className="fl-detail-actions">{actions}</div>}
    </div>
  )
}
