import { createHash } from 'node:crypto'
import type { Deviation } from './choices'

/** A schedule written as text: `12:7,40:9` (at choice point 12 flow 7 runs, at 40 flow 9); `-` for the default. */
export function scheduleKey(schedule: readonly Deviation[]): string {
  return schedule.length === 0 ? '-' : schedule.map((d) => `${d.at}:${d.flow}`).join(',')
}

/** The schedule a key names; null for text that is no key. */
export function parseScheduleKey(key: string): Deviation[] | null {
  if (key === '-') return []
  const parts = key.split(',').map((p) => /^(\d+):(\d+)$/.exec(p))
  if (parts.some((m) => m === null)) return null
  return parts.map((m) => ({ at: Number(m?.[1]), flow: Number(m?.[2]) }))
}

/** Which of `count` shards explores a schedule: a stable hash of its key, so every machine agrees. */
export function shardOf(schedule: readonly Deviation[], count: number): number {
  if (count <= 1) return 0
  return createHash('sha256').update(scheduleKey(schedule)).digest().readUInt32BE(0) % count
}
