import type { CredscopeApi } from '../shared/api'

declare global {
  interface Window {
    /** Present in the desktop window only; the web shell talks HTTP instead. */
    credscope?: CredscopeApi
  }
}
