import { useEffect, useMemo, useRef, useState } from 'react'
import { plural } from '../../components/format'
import type { FlawId } from '../../../../shared/flaw-ids'
import { profileFlaws } from '../../../../shared/profiles'
import { FlawChecklist } from '../../components/FlawChecklist'
import { describeConfig, withFlaw, type FlawConfig } from '../../components/flaw-config'

/** The flaw checkboxes of one config, in a popover so the run bar stays one line. */
export function FlawDropdown({ config, onChange, testId }: { config: FlawConfig; onChange: (config: FlawConfig) => void; testId: string }): React.JSX.Element {
  const [open, setOpen] = useState(false)
  const [filter, setFilter] = useState('')
  const root = useRef<HTMLDivElement>(null)
  const implied = useMemo(() => new Set<FlawId>(profileFlaws(config.profile, config.platform)), [config.profile, config.platform])
  useEffect(() => {
    if (!open) return
    // Close on a click elsewhere or Escape, like a native menu.
    const onDown = (e: MouseEvent): void => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false)
    }
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('mousedown', onDown)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])
  return (
    <div className="sc-dd" ref={root}>
      <button type="button" className="btn sc-dd-btn" aria-expanded={open} onClick={() => setOpen(!open)} data-testid={`${testId}-flaws`} title="Switch single flaws on or off">
        <span className="sc-dd-text">{describeConfig(config)}</span>
        <span className="muted small">{plural(config.flaws.size, 'flaw')}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="sc-dd-panel" role="dialog" aria-label="Flaws">
          <div className="sc-dd-head">
            <input type="search" placeholder="Filter flaws…" value={filter} onChange={(e) => setFilter(e.target.value)} autoFocus />
          </div>
          <div className="sc-dd-list">
            <FlawChecklist selected={config.flaws} implied={implied} profileName={config.profile} platform={config.platform} onToggle={(id, on) => onChange(withFlaw(config, id, on))} filter={filter} testIdPrefix={`${testId}-flaw`} />
          </div>
        </div>
      )}
    </div>
  )
}
