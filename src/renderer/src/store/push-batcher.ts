import type { ServerPush } from '../../../shared/api'

/** About one frame: pushes that arrive within it reach the store (and React) as one update. */
const BATCH_MS = 16

/**
 * Collects the engine's pushes and hands them on together, at most once per BATCH_MS. A turn
 * brings ~85 events; applied one by one, a live session of concurrent turns re-derived the shown
 * turn and re-rendered the Session view thousands of times a second and the page fell behind.
 * Order is kept. A timer rather than an animation frame, so a hidden window still drains them.
 */
export function batchPushes(apply: (pushes: ServerPush[]) => void): (push: ServerPush) => void {
  let queue: ServerPush[] = []
  let timer: ReturnType<typeof setTimeout> | null = null
  const flush = (): void => {
    timer = null
    const pushes = queue
    queue = []
    apply(pushes)
  }
  return (push) => {
    queue.push(push)
    timer ??= setTimeout(flush, BATCH_MS)
  }
}
