import { useEffect } from 'react'
import { appStore } from '../../store/app-store'

/** Keys that type text; they belong to the focused field, never to the debugger. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/**
 * The Session view's keyboard: F8 or Space pause/continue, F10 or N step, J/K the next and
 * previous event, Shift+J/K the next and previous turn, L follow live, Esc clear the selection.
 * Function keys work even while typing; letters and Space only outside text fields.
 */
export function useSessionKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey) return
      const s = appStore.getState()
      const typing = isTyping(e.target)
      const key = e.key
      const handled = (): void => e.preventDefault()
      if (key === 'F8' || (key === ' ' && !typing)) {
        handled()
        if (!s.viewedIsLive) return
        void s.debugAction(s.debugger.paused ? 'resume' : 'pause')
        return
      }
      if (key === 'F10' || ((key === 'n' || key === 'N') && !typing && !e.shiftKey)) {
        handled()
        if (s.viewedIsLive && s.debugger.paused) void s.debugAction('step')
        return
      }
      if (key === 'Escape') {
        if (typing && e.target instanceof HTMLElement) e.target.blur()
        else s.selectEvent(null)
        return
      }
      if (typing) return
      switch (key) {
        case 'j':
          handled()
          s.moveEvent(1)
          return
        case 'k':
          handled()
          s.moveEvent(-1)
          return
        case 'J':
          handled()
          s.moveTurn(1)
          return
        case 'K':
          handled()
          s.moveTurn(-1)
          return
        case 'l':
        case 'L':
          handled()
          if (s.viewedIsLive) s.followLatest()
          return
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
