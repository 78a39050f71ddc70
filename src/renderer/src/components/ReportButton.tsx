import { useEffect, useRef, useState } from 'react'
import type { ReportFormat } from '../../../shared/report-format'
import { useApp } from '../store/app-store'
import { downloadText } from './download'
import { Icon } from './Icon'
import './report-button.css'

const FORMATS: ReadonlyArray<{ format: ReportFormat; label: string; hint: string; type: string }> = [
  { format: 'html', label: 'HTML page', hint: 'one self-contained file: opens from disk, no script, no network', type: 'text/html' },
  { format: 'md', label: 'Markdown', hint: 'GitHub Markdown to paste into a ticket', type: 'text/markdown' }
]

interface Props {
  runId: string
  /** One turn's report instead of the run's. */
  turn?: string
  disabled?: boolean
  /** Prefix of the test ids: `<testId>` (HTML), `<testId>-more`, `<testId>-md`. */
  testId: string
  /** What the report is of, for the tooltip: `this run`, `this turn`. */
  what: string
}

/**
 * Report: one click downloads the run (or turn) as a self-contained HTML page; the caret offers
 * Markdown for a ticket. Both are masked like every export.
 */
export function ReportButton({ runId, turn, disabled = false, testId, what }: Props): React.JSX.Element {
  const exportReport = useApp((s) => s.exportReport)
  const [busy, setBusy] = useState(false)
  // Where the menu opens: fixed to the caret, so a scrolling table around the button cannot clip it.
  const [open, setOpen] = useState<{ top: number; right: number } | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const root = useRef<HTMLSpanElement>(null)

  // The menu closes on a click anywhere else, as menus do, and on a scroll, which would leave it behind.
  useEffect(() => {
    if (!open) return
    const close = (e: Event): void => {
      if (!root.current?.contains(e.target as Node)) setOpen(null)
    }
    document.addEventListener('mousedown', close)
    document.addEventListener('scroll', close, true)
    return () => {
      document.removeEventListener('mousedown', close)
      document.removeEventListener('scroll', close, true)
    }
  }, [open])

  const save = async (format: ReportFormat): Promise<void> => {
    setOpen(null)
    setBusy(true)
    const report = await exportReport(runId, format, turn)
    setBusy(false)
    if (!report) return
    downloadText(report.filename, report.content, FORMATS.find((f) => f.format === format)?.type)
    setSaved(report.filename)
  }

  return (
    <span className="rp-split" ref={root} onKeyDown={(e) => e.key === 'Escape' && setOpen(null)} data-saved={saved ?? undefined}>
      <button
        type="button"
        className="btn btn-small rp-main"
        disabled={disabled || busy}
        onClick={() => void save('html')}
        title={saved ? `Saved ${saved}` : `Download a report of ${what} as one HTML page: whose credential each hop used, the deciding RBAC rows, the diagram and the command to re-run; no secrets`}
        data-testid={testId}
      >
        <Icon name="file" size={12} /> {busy ? 'Reporting…' : 'Report'}
      </button>
      <button type="button" className="btn btn-small rp-more" disabled={disabled || busy} aria-haspopup="menu" aria-expanded={open !== null} aria-label="Other report formats" onClick={(e) => setOpen(open ? null : menuAt(e.currentTarget))} data-testid={`${testId}-more`}>
        ▾
      </button>
      {open && (
        <span className="rp-menu" role="menu" style={open}>
          {FORMATS.map((f) => (
            <button key={f.format} type="button" role="menuitem" className="rp-item" onClick={() => void save(f.format)} data-testid={`${testId}-${f.format}`}>
              <span>{f.label}</span>
              <span className="muted small">{f.hint}</span>
            </button>
          ))}
        </span>
      )}
    </span>
  )
}

/** The menu's place: under the caret, its right edge on the caret's. */
function menuAt(caret: HTMLElement): { top: number; right: number } {
  const box = caret.getBoundingClientRect()
  return { top: box.bottom + 4, right: window.innerWidth - box.right }
}
