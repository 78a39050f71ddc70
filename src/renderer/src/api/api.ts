import type { CredscopeApi } from '../../../shared/api'
import { createWebClient } from './web-client'

/**
 * The one API the app uses: the preload's in the desktop window, the web client in a browser.
 * Components never reach for either directly; they go through the store's actions.
 */
export function createApi(): CredscopeApi | { error: string } {
  if (window.credscope) return window.credscope
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? sessionStorage.getItem('credscope-token')
  if (!token) {
    return { error: 'This page needs the per-launch token: open the appUrl that `credscope serve` printed (it ends in #token=…).' }
  }
  // Keep the token for reloads of this tab, and take it out of the address bar.
  sessionStorage.setItem('credscope-token', token)
  history.replaceState(null, '', window.location.pathname)
  return createWebClient(window.location.origin, token)
}
