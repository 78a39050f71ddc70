import { useMemo, useState } from 'react'
import type { FlawId } from '../../../../shared/flaw-ids'
import { PLATFORMS, type PlatformVersion } from '../../../../shared/platform-versions'
import { PROFILE_SUMMARIES, profileFlaws } from '../../../../shared/profiles'
import { useApp } from '../../store/app-store'
import { FlawChecklist } from '../../components/FlawChecklist'
import { PlatformSwitch } from '../../components/PlatformSwitch'
import { ProfileSwitch } from '../../components/ProfileSwitch'
import { plural } from '../../components/format'
import { ConfigName } from '../../components/ConfigName'
import { Term } from '../../components/Term'
import { configOf, describeConfig, sameConfig, toRequest, withFlaw, withPlatform, withProfile, type FlawConfig } from '../../components/flaw-config'

/**
 * The platform version, profile and flaw switches of the live engine. Edits are a draft until Apply, which restarts
 * the engine (a new live run); the rows that Apply would change are marked.
 */
export function ProfilePanel({ livePlatform, liveProfile, liveFlaws }: { livePlatform: PlatformVersion; liveProfile: string; liveFlaws: readonly string[] }): React.JSX.Element {
  const restart = useApp((s) => s.restart)
  const runScenario = useApp((s) => s.runScenario)
  const setView = useApp((s) => s.setView)
  const setScenarioForm = useApp((s) => s.setScenarioForm)
  const live = useMemo(() => configOf(livePlatform, liveProfile, liveFlaws), [livePlatform, liveProfile, liveFlaws])
  const [draft, setDraft] = useState<FlawConfig>(live)
  const [filter, setFilter] = useState('')
  const [busy, setBusy] = useState(false)
  const implied = useMemo(() => new Set<FlawId>(profileFlaws(draft.profile, draft.platform)), [draft.profile, draft.platform])
  const impliedCount = implied.size
  const dirty = draft.profile !== live.profile || !sameConfig(draft, live)
  const request = toRequest(draft)
  const apply = async (): Promise<void> => {
    setBusy(true)
    await restart(request)
    setBusy(false)
  }
  return (
    <div className="wv-profile" data-testid="world-profile">
      <div className="wv-profile-top">
        <header className="ui-section-head">
          <h2>Platform, profile and flaws</h2>
        </header>
        <div className="wv-live-line">
          <span className="muted">Live engine</span>
          <strong data-testid="world-live-config">
            <ConfigName config={live} />
          </strong>
          <span className="muted">· {plural(live.flaws.size, 'flaw')} on</span>
        </div>
        <div className="wv-switches">
          <PlatformSwitch value={draft.platform} onChange={(v) => setDraft(withPlatform(draft, v))} testId="platform" />
          <ProfileSwitch value={draft.profile} platform={draft.platform} onChange={(p) => setDraft(withProfile(draft, p))} testId="profile" />
        </div>
        <p className="wv-profile-summary">
          <strong>
            <Term id={draft.platform} />
          </strong>{' '}
          ({PLATFORMS[draft.platform].commit}, {PLATFORMS[draft.platform].date}): {PLATFORMS[draft.platform].summary}.{' '}
          <strong>
            <Term id={draft.profile} />
          </strong>
          : {PROFILE_SUMMARIES[draft.profile]}.{' '}
          {impliedCount > 0 ? `It implies ${plural(impliedCount, 'flaw')}, tagged below.` : 'Tick single flaws to add them.'}
        </p>
        <input type="search" className="wv-flaw-filter" placeholder="Filter flaws by id, title, hop…" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="flaw-filter" />
      </div>
      <div className="wv-profile-list">
        <FlawChecklist
          selected={draft.flaws}
          implied={implied}
          profileName={draft.profile}
          platform={draft.platform}
          live={live.flaws}
          onToggle={(id, on) => setDraft(withFlaw(draft, id, on))}
          expandable
          filter={filter}
          testIdPrefix="flaw"
          detailActions={(flaw) => (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                // Show it in the Scenarios view as if picked there, under the draft config.
                setScenarioForm({ choice: { kind: 'builtin', file: flaw.scenario }, mode: 'run', config: draft, runError: null })
                void runScenario({ scenario: { file: flaw.scenario }, config: toRequest(draft) })
                setView('scenarios')
              }}
              data-testid={`flaw-run-scenario-${flaw.id}`}
            >
              Run its scenario under {describeConfig(draft)}
            </button>
          )}
        />
      </div>
      <footer className={`wv-apply ${dirty ? 'dirty' : ''}`}>
        <div className="wv-apply-text">
          {dirty ? (
            <>
              <div>
                Apply as <strong data-testid="world-draft-config">{describeConfig(draft)}</strong> · {plural(draft.flaws.size, 'flaw')}
              </div>
              <div className="muted small">
                Restarts the live engine as <code>{request.platform} · {request.profile}</code>
                {request.flaws.length > 0 ? ` + ${plural(request.flaws.length, 'flaw')}` : ''}; the current run stays in Runs.
              </div>
            </>
          ) : (
            <div className="muted">The live engine runs this configuration.</div>
          )}
        </div>
        <button type="button" className="btn" disabled={!dirty || busy} onClick={() => setDraft(live)} data-testid="profile-reset">
          Reset
        </button>
        <button type="button" className="btn primary" disabled={!dirty || busy} onClick={() => void apply()} data-testid="profile-apply">
          {busy ? 'Restarting…' : 'Apply and restart'}
        </button>
      </footer>
    </div>
  )
}
