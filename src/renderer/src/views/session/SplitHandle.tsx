import { useRef } from 'react'
import { useApp } from '../../store/app-store'

const STEP = 0.05

/**
 * The divider between the sequence diagram and the inspector: drag it, or focus it and use the
 * arrow keys (Home and End for the extremes), to give either more of the height.
 */
export function SplitHandle({ container }: { container: React.RefObject<HTMLDivElement | null> }): React.JSX.Element {
  const share = useApp((s) => s.diagramShare)
  const setShare = useApp((s) => s.setDiagramShare)
  const dragging = useRef(false)
  const follow = (clientY: number): void => {
    const box = container.current?.getBoundingClientRect()
    if (box && box.height > 0) setShare((clientY - box.top) / box.height)
  }
  return (
    <div
      className="sv-split-handle"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Height of the diagram against the inspector"
      aria-valuemin={25}
      aria-valuemax={80}
      aria-valuenow={Math.round(share * 100)}
      tabIndex={0}
      onPointerDown={(e) => {
        dragging.current = true
        e.currentTarget.setPointerCapture(e.pointerId)
      }}
      onPointerMove={(e) => {
        if (dragging.current) follow(e.clientY)
      }}
      onPointerUp={() => {
        dragging.current = false
      }}
      onKeyDown={(e) => {
        const next = e.key === 'ArrowUp' ? share - STEP : e.key === 'ArrowDown' ? share + STEP : e.key === 'Home' ? 0 : e.key === 'End' ? 1 : null
        if (next === null) return
        e.preventDefault()
        e.stopPropagation()
        setShare(next)
      }}
      data-testid="split-handle"
    />
  )
}
