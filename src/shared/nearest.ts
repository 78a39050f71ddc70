import { distance } from 'fastest-levenshtein'

/** The choice a mistyped word most likely meant: the closest within `max` edits (case ignored), else null. */
export function nearest(word: string, choices: readonly string[], max = 2): string | null {
  let best: string | null = null
  let bestDistance = max + 1
  for (const choice of choices) {
    const d = distance(word.toLowerCase(), choice.toLowerCase())
    if (d < bestDistance) {
      best = choice
      bestDistance = d
    }
  }
  return best
}
