import { isAllowedNavigation } from './security'

/** The parts of Electron's will-navigate, will-frame-navigate and will-redirect details we read. */
export interface NavigationLike {
  url: string
  isMainFrame: boolean
}

/**
 * Whether a navigation or redirect may go ahead: only the main frame, only to the page it loaded.
 * The app has no frames of its own, so any subframe navigation is someone else's.
 */
export function isAllowedFrameNavigation(details: NavigationLike, loaded: string): boolean {
  return details.isMainFrame && isAllowedNavigation(details.url, loaded)
}

/** One listener for will-navigate, will-frame-navigate and will-redirect that cancels the rest. */
export function refuseNavigation(loaded: () => string): (event: NavigationLike & { preventDefault(): void }) => void {
  return (event) => {
    if (!isAllowedFrameNavigation(event, loaded())) event.preventDefault()
  }
}
