import type { ScenarioInfo } from '../../../../shared/api'
import { flawVersions, type FlawId } from '../../../../shared/flaw-ids'
import { useApp } from '../../store/app-store'
import { Icon } from '../../components/Icon'
import { configOfProfile, withFlaw, type FlawConfig } from '../../components/flaw-config'
import { ConfigPicker } from './ConfigPicker'
import { useScenarioActions } from './use-scenario-actions'

/** Run or Diff, the config(s) to run under, the seed, and the button. */
export function RunBar({ info }: { info: ScenarioInfo | null }): React.JSX.Element {
  const busy = useApp((s) => s.scenarioBusy)
  const choice = useApp((s) => s.scenarioForm.choice)
  const mode = useApp((s) => s.scenarioForm.mode)
  const config = useApp((s) => s.scenarioForm.config)
  const a = useApp((s) => s.scenarioForm.a)
  const b = useApp((s) => s.scenarioForm.b)
  const seed = useApp((s) => s.scenarioForm.seed)
  const setForm = useApp((s) => s.setScenarioForm)
  const { run, diff } = useScenarioActions()
  const seedValid = seed.trim() === '' || /^\d+$/.test(seed.trim())
  const demonstrated: FlawId | undefined = info?.demonstrates[0]
  const presets: Array<{ label: string; a: FlawConfig; b: FlawConfig }> = [
    { label: 'merge vs head', a: configOfProfile('as-is', 'merge'), b: configOfProfile('as-is', 'head') },
    { label: 'as-is vs hardened', a: configOfProfile('as-is'), b: configOfProfile('hardened') },
    { label: 'pre-fix vs merge', a: configOfProfile('pre-fix', 'merge'), b: configOfProfile('as-is', 'merge') }
  ]
  if (demonstrated) {
    // A flaw that exists at the merge only is shown there.
    const at = flawVersions(demonstrated).includes('head') ? 'head' : 'merge'
    presets.push({ label: `hardened vs hardened + ${demonstrated.split('-')[0] ?? demonstrated}`, a: configOfProfile('hardened', at), b: withFlaw(configOfProfile('hardened', at), demonstrated, true) })
  }
  return (
    <div className="sc-runbar">
      <div className="sc-runbar-row">
        <div className="ui-seg" role="group" aria-label="Mode">
          <button type="button" className={mode === 'run' ? 'active' : ''} aria-pressed={mode === 'run'} onClick={() => setForm({ mode: 'run' })} data-testid="scenario-mode-run">
            Run
          </button>
          <button type="button" className={mode === 'diff' ? 'active' : ''} aria-pressed={mode === 'diff'} onClick={() => setForm({ mode: 'diff' })} data-testid="scenario-mode-diff">
            Diff two configs
          </button>
        </div>
        {mode === 'run' && <ConfigPicker config={config} onChange={(c) => setForm({ config: c })} testId="scenario-config" />}
        <label className="sc-seed" title="The seed fixes every random choice: interleavings, canary values, ids. Left empty, the run uses the file's seed: (1 when it names none)">
          <span className="muted">Seed</span>
          <input value={seed} onChange={(e) => setForm({ seed: e.target.value })} placeholder={seedPlaceholder(info)} className={`mono ${seedValid ? '' : 'invalid'}`} aria-invalid={!seedValid} inputMode="numeric" data-testid="scenario-seed" />
        </label>
        {mode === 'diff' && (
          <div className="sc-presets">
            <span className="muted small">Presets</span>
            {presets.map((p) => (
              <button key={p.label} type="button" className="btn-mini sc-preset" onClick={() => setForm({ a: p.a, b: p.b })} data-testid={`scenario-preset-${p.label.replace(/[^a-z0-9]+/gi, '-')}`}>
                {p.label}
              </button>
            ))}
          </div>
        )}
        <span className="ui-head-spacer" />
        {mode === 'run' ? (
          <button type="button" className="btn primary" disabled={!choice || busy || !seedValid} onClick={() => void run()} data-testid="scenario-run">
            <Icon name="play" size={12} /> {busy ? 'Running…' : 'Run'}
          </button>
        ) : (
          <button type="button" className="btn primary" disabled={!choice || busy || !seedValid} onClick={() => void diff()} data-testid="scenario-diff">
            <Icon name="diff" size={12} /> {busy ? 'Running both…' : 'Diff A and B'}
          </button>
        )}
      </div>
      {mode === 'diff' && (
        <div className="sc-runbar-row">
          <ConfigPicker label="A" config={a} onChange={(c) => setForm({ a: c })} testId="scenario-a" />
          <span className="muted">vs</span>
          <ConfigPicker label="B" config={b} onChange={(c) => setForm({ b: c })} testId="scenario-b" />
        </div>
      )}
    </div>
  )
}

/** What an empty seed means for the chosen scenario: its file's seed, or 1. */
function seedPlaceholder(info: ScenarioInfo | null): string {
  if (!info) return "file's"
  return info.seed === null ? '1' : `${info.seed} (file's)`
}
