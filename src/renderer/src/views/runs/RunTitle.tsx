import { useState } from 'react'
import type { RunView } from '../../../../shared/api'
import { useApp } from '../../store/app-store'

/** A run's title with a rename in place: Enter or Save keeps it, Esc or Cancel drops the edit. */
export function RunTitle({ run }: { run: RunView }): React.JSX.Element {
  const renameRun = useApp((s) => s.renameRun)
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState(run.title)
  const [busy, setBusy] = useState(false)
  const cancel = (): void => {
    setEditing(false)
    setText(run.title)
  }
  const save = async (): Promise<void> => {
    const title = text.trim()
    if (!title || title === run.title) return cancel()
    setBusy(true)
    const ok = await renameRun(run.id, title)
    setBusy(false)
    if (ok) setEditing(false)
  }
  if (editing) {
    return (
      // The row opens on a click; typing a title must not toggle it.
      <form
        className="rn-rename"
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <input
          autoFocus
          value={text}
          maxLength={200}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') cancel()
          }}
          aria-label="Run title"
          data-testid={`run-title-input-${run.id}`}
        />
        <button type="submit" className="btn btn-small primary" disabled={busy || !text.trim()} data-testid={`run-title-save-${run.id}`}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="btn btn-small" onClick={cancel}>
          Cancel
        </button>
      </form>
    )
  }
  return (
    <div className="rn-title-line">
      <span className="rn-title-text" title={run.title} data-testid={`run-title-${run.id}`}>
        {run.title}
      </span>
      <button
        type="button"
        className="btn-mini rn-rename-btn"
        onClick={(e) => {
          e.stopPropagation()
          setText(run.title)
          setEditing(true)
        }}
        aria-label={`Rename “${run.title}”`}
        title="Rename this run"
        data-testid={`run-rename-${run.id}`}
      >
        rename
      </button>
    </div>
  )
}
