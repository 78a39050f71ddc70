import { useApp } from '../store/app-store'

/** The run store stopped recording (its file was removed or replaced): said once, and it stays. */
export function StoreBanner(): React.JSX.Element | null {
  const store = useApp((s) => s.state?.store)
  if (!store || store.ok) return null
  return (
    <div className="banner error" role="alert" data-testid="store-banner">
      <span>
        <strong>Not recording.</strong> {store.message}
        {store.droppedEvents > 0 ? ` ${store.droppedEvents} event${store.droppedEvents === 1 ? '' : 's'} went unrecorded so far.` : ''}
      </span>
    </div>
  )
}
