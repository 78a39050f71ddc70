import { configDelta, type RunConfig } from './profiles'

/** Who sent a live run's turns and where, in the order they first did, for its title. */
export interface LiveRunCast {
  senders: readonly string[]
  sessions: readonly string[]
}

/** `alice, bob`, `alice, bob +2`: the first names, then how many more. */
function fewOf(names: readonly string[], shown: number): string {
  const more = names.length - shown
  return `${names.slice(0, shown).join(', ')}${more > 0 ? ` +${more}` : ''}`
}

/** `14:02`: the wall-clock time a run started, in the engine's (the user's) time zone. */
export function clockOf(at: Date): string {
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`
}

/**
 * A live run's title, saying what ran: `Live · head as-is · alice, bob in demo/shared-1 · 14:02`.
 * The version and profile (with flaws switched on top), who sent turns into which session, and
 * when it started; before any turn, the senders are left out.
 */
export function liveRunTitle(config: RunConfig, cast: LiveRunCast, startedAt: Date): string {
  const who = cast.senders.length === 0 ? [] : [`${fewOf(cast.senders, 3)} in ${fewOf(cast.sessions, 1)}`]
  return ['Live', `${config.platform} ${config.profile}${configDelta(config)}`, ...who, clockOf(startedAt)].join(' · ')
}
