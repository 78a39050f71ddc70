import { useState } from 'react'
import { parseDuration } from '../../../../shared/duration'
import { useApp } from '../../store/app-store'
import { formatStamp } from '../../components/format'

const PRESETS = ['1m', '1h', '1d']

/** The virtual clock every hop reads; advancing it is how expiry, the cache and sweeps are reached. */
export function ClockCard(): React.JSX.Element | null {
  const now = useApp((s) => s.state?.world.now)
  const advanceClock = useApp((s) => s.advanceClock)
  const [by, setBy] = useState('90s')
  const [busy, setBusy] = useState(false)
  if (!now) return null
  const valid = parseDuration(by) !== null
  const advance = async (duration: string): Promise<void> => {
    setBusy(true)
    await advanceClock(duration)
    setBusy(false)
  }
  const [date, time] = formatStamp(now).split(' ')
  return (
    <section className="ui-card wv-clock" data-testid="world-clock">
      <div className="ui-card-label">Virtual clock</div>
      <div className="wv-clock-time">
        <span className="mono" data-testid="world-clock-now">
          {time}
        </span>
        <span className="muted"> {date} UTC</span>
      </div>
      <form
        className="wv-clock-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (valid) void advance(by.trim())
        }}
      >
        <input
          value={by}
          onChange={(e) => setBy(e.target.value)}
          aria-label="Advance by"
          aria-invalid={!valid}
          className={`mono wv-clock-input ${valid ? '' : 'invalid'}`}
          title="A duration: 90s, 10m, 1h30m, 2d"
          data-testid="clock-by"
        />
        <button className="btn" type="submit" disabled={!valid || busy} data-testid="clock-advance">
          Advance
        </button>
        <span className="wv-clock-presets">
          {PRESETS.map((p) => (
            <button key={p} className="btn btn-ghost" type="button" disabled={busy} onClick={() => void advance(p)} title={`Advance the clock by ${p}`} data-testid={`clock-advance-${p}`}>
              +{p}
            </button>
          ))}
        </span>
      </form>
    </section>
  )
}
