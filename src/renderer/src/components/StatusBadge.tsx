const TONES: Record<string, string> = {
  passed: 'ok',
  ok: 'ok',
  failed: 'bad',
  violation: 'bad',
  incomplete: 'warn',
  broken: 'warn',
  running: 'info',
  live: 'info',
  finished: 'neutral'
}

/** A run's or a step's outcome as a pill; the colour carries the meaning, the text says it. */
export function StatusBadge({ status, title, testId }: { status: string; title?: string; testId?: string }): React.JSX.Element {
  return (
    <span className={`ui-status ui-status-${TONES[status] ?? 'neutral'}`} title={title} data-testid={testId}>
      {status}
    </span>
  )
}
