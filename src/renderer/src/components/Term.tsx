import { useEffect, useId, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { glossaryEntry, type GlossaryId } from '../../../shared/glossary'
import { useApp } from '../store/app-store'
import './term.css'

const TIP_WIDTH = 320
/** How long a tip outlives the pointer leaving its term, so the pointer can move onto the tip. */
const LINGER_MS = 150

interface Placement {
  left: number
  top?: number
  bottom?: number
}

/** Below the term when there is room, else above; never past the window's edges. */
function placeNear(rect: DOMRect): Placement {
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - TIP_WIDTH - 8))
  return rect.bottom + 110 < window.innerHeight ? { left, top: rect.bottom + 6 } : { left, bottom: window.innerHeight - rect.top + 6 }
}

/**
 * A glossary term where the app shows it: underlined, focusable, its short definition on hover
 * or focus (also as its accessible description), and the Help view at that term on click, Enter
 * or Space. Esc hides the tip. Children replace the term's own spelling (`row 10`, `A`).
 */
export function Term({ id, children, className }: { id: GlossaryId; children?: React.ReactNode; className?: string }): React.JSX.Element {
  const entry = glossaryEntry(id)
  const openHelp = useApp((s) => s.openHelp)
  const descriptionId = useId()
  const ref = useRef<HTMLSpanElement>(null)
  const linger = useRef<number | null>(null)
  const [placement, setPlacement] = useState<Placement | null>(null)

  const cancelHide = (): void => {
    if (linger.current !== null) window.clearTimeout(linger.current)
    linger.current = null
  }
  const show = (): void => {
    cancelHide()
    const rect = ref.current?.getBoundingClientRect()
    if (rect) setPlacement(placeNear(rect))
  }
  const hideSoon = (): void => {
    cancelHide()
    linger.current = window.setTimeout(() => setPlacement(null), LINGER_MS)
  }
  const hide = (): void => {
    cancelHide()
    setPlacement(null)
  }
  useEffect(() => cancelHide, [])
  // A tip placed for where the term was must not float elsewhere once the page scrolls under it.
  useEffect(() => {
    if (!placement) return
    window.addEventListener('scroll', hide, true)
    return () => window.removeEventListener('scroll', hide, true)
  }, [placement])

  const open = (e: React.SyntheticEvent): void => {
    // The term often sits in a clickable row; the click is the term's, not the row's.
    e.stopPropagation()
    e.preventDefault()
    hide()
    openHelp(id)
  }

  return (
    <>
      <span
        ref={ref}
        className={className ? `term ${className}` : 'term'}
        role="button"
        tabIndex={0}
        aria-describedby={descriptionId}
        onMouseEnter={show}
        onMouseLeave={hideSoon}
        onFocus={show}
        onBlur={hide}
        onClick={open}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') open(e)
          else if (e.key === 'Escape' && placement) {
            e.stopPropagation()
            hide()
          }
        }}
        data-term={id}
      >
        {children ?? entry.term}
        <span id={descriptionId} hidden>
          {entry.short}
        </span>
      </span>
      {placement &&
        createPortal(
          <div className="term-tip" role="tooltip" aria-hidden="true" style={{ ...placement, width: TIP_WIDTH }} onMouseEnter={cancelHide} onMouseLeave={hideSoon} data-testid="term-tip">
            <strong className="term-tip-name">{entry.term}</strong> {entry.short}
            <span className="term-tip-more">Click for more in Help</span>
          </div>,
          document.body
        )}
    </>
  )
}
