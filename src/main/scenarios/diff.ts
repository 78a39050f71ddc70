import { diffArrays } from 'diff'
import type { TraceEvent } from '../../shared/events'
import { MAX_DIFFERENCES, type CredentialDivergence, type Difference, type Divergence, type EventRef } from '../../shared/divergence'
import { credentialFacts, describeEvent, signatures } from '../../shared/signature'

export type { Divergence } from '../../shared/divergence'

/** How many inserted or removed events an alignment may take before it is given up. */
const MAX_EDIT_LENGTH = 20_000

/** Refers to events of one trace by position, with their turn's order in the run. */
function refsOf(events: readonly TraceEvent[]): (i: number) => EventRef | null {
  const turnNumbers = new Map<string, number>()
  for (const event of events) if (event.turn && !turnNumbers.has(event.turn)) turnNumbers.set(event.turn, turnNumbers.size + 1)
  return (i) => {
    const event = events[i]
    if (!event) return null
    return { index: i + 1, seq: event.seq, turn: event.turn, turnNumber: event.turn ? (turnNumbers.get(event.turn) ?? null) : null, hop: event.hop, text: describeEvent(event) }
  }
}

/**
 * Where two traces of the same scenario part. What users need first is whose credential differs
 * (used or left behind), so that leads; the first differing event (often a log line) and every
 * difference, aligned on the events both runs share, follow.
 */
export function firstDivergence(a: readonly TraceEvent[], b: readonly TraceEvent[]): Divergence {
  const sa = signatures(a)
  const sb = signatures(b)
  const refA = refsOf(a)
  const refB = refsOf(b)
  const length = Math.max(sa.length, sb.length)
  let index = -1
  for (let i = 0; i < length; i++) {
    if (sa[i] !== sb[i]) {
      index = i
      break
    }
  }
  if (index < 0) return { index: null, hop: null, a: null, b: null, credential: null, differences: [], differenceCount: 0, compared: length }
  const ea = a[index]
  const eb = b[index]
  const differences = alignedDifferences(sa, sb, refA, refB)
  return {
    index: index + 1,
    hop: ea?.hop ?? eb?.hop ?? null,
    a: ea ? `${ea.hop}: ${describeEvent(ea)}` : '(the run ended here)',
    b: eb ? `${eb.hop}: ${describeEvent(eb)}` : '(the run ended here)',
    credential: credentialDifference(a, b, refA, refB),
    differences: (differences ?? []).slice(0, MAX_DIFFERENCES),
    differenceCount: differences ? differences.length : null,
    compared: length
  }
}

/** The stretches of a and b with no counterpart, from a longest-common-subsequence alignment. */
function alignedDifferences(sa: readonly string[], sb: readonly string[], refA: (i: number) => EventRef | null, refB: (i: number) => EventRef | null): Difference[] | null {
  const out: Difference[] = []
  let ia = 0
  let ib = 0
  let open: Difference | null = null
  const refs = (ref: (i: number) => EventRef | null, from: number, count: number): EventRef[] =>
    Array.from({ length: count }, (_, k) => ref(from + k)).filter((r): r is EventRef => r !== null)
  // Runs that differ almost everywhere are not aligned event by event: the first differences say enough.
  const parts = diffArrays([...sa], [...sb], { maxEditLength: MAX_EDIT_LENGTH })
  if (!parts) return null
  for (const part of parts) {
    const count = part.count ?? part.value.length
    if (!part.added && !part.removed) {
      open = null
      ia += count
      ib += count
      continue
    }
    if (!open) {
      open = { a: [], b: [] }
      out.push(open)
    }
    if (part.removed) {
      open.a.push(...refs(refA, ia, count))
      ia += count
    } else {
      open.b.push(...refs(refB, ib, count))
      ib += count
    }
  }
  return out
}

interface Fact {
  what: string
  owner: string
  position: number
}

function factsOf(events: readonly TraceEvent[]): Fact[] {
  return events.flatMap((event, position) => credentialFacts(event).map((fact) => ({ ...fact, position })))
}

/** The first credential fact whose owner differs, pairing the k-th fact of each kind in each run. */
function credentialDifference(a: readonly TraceEvent[], b: readonly TraceEvent[], refA: (i: number) => EventRef | null, refB: (i: number) => EventRef | null): CredentialDivergence | null {
  const factsA = factsOf(a)
  const factsB = factsOf(b)
  // Pair the k-th fact of each kind, not the k-th overall: concurrent fetches interleave differently per run.
  const kth = (facts: readonly Fact[], upTo: number): number => facts.slice(0, upTo).filter((f) => f.what === facts[upTo]?.what).length
  const other = (facts: readonly Fact[], what: string, k: number): Fact | undefined => facts.filter((f) => f.what === what)[k]
  const at = (ref: (i: number) => EventRef | null, fact: Fact | undefined): EventRef | null => (fact ? ref(fact.position) : null)
  for (let i = 0; i < Math.max(factsA.length, factsB.length); i++) {
    const fa = factsA[i]
    const fb = fa ? other(factsB, fa.what, kth(factsA, i)) : undefined
    if (fa && fa.owner !== fb?.owner) return { what: fa.what, a: fa.owner, b: fb ? fb.owner : 'none', atA: at(refA, fa), atB: at(refB, fb) }
    const gb = factsB[i]
    if (gb && other(factsA, gb.what, kth(factsB, i)) === undefined) return { what: gb.what, a: 'none', b: gb.owner, atA: null, atB: at(refB, gb) }
  }
  return null
}
