import { diffArrays } from 'diff'
import type { TraceEvent } from '../../shared/events'
import { MAX_DIFFERENCES, type CredentialDivergence, type Difference, type Divergence, type EventRef } from '../../shared/divergence'
import { credentialFacts, describeEvent, signatures } from '../../shared/signature'

export type { Divergence } from '../../shared/divergence'

/** How many inserted or removed events an alignment may take before it is given up: the cost grows with its square (1,000 takes ~0.15 s). */
const MAX_EDIT_LENGTH = 1_000

type Ref = (event: TraceEvent, position: number) => EventRef

/** Refers to an event of one trace by its position, with its turn's order in the run. */
function refsOf(events: readonly TraceEvent[]): Ref {
  const turnNumbers = new Map<string, number>()
  for (const event of events) if (event.turn && !turnNumbers.has(event.turn)) turnNumbers.set(event.turn, turnNumbers.size + 1)
  return (event, position) => ({ index: position + 1, seq: event.seq, turn: event.turn, turnNumber: event.turn ? (turnNumbers.get(event.turn) ?? null) : null, hop: event.hop, text: describeEvent(event) })
}

/**
 * Where two traces of the same scenario part. What users need first is whose credential differs
 * (used or left behind), so that leads; the first differing event (often a log line) and every
 * difference, aligned on the events both runs share, follow.
 */
export function firstDivergence(a: readonly TraceEvent[], b: readonly TraceEvent[]): Divergence {
  const sa = signatures(a)
  const sb = signatures(b)
  const length = Math.max(sa.length, sb.length)
  let index = -1
  for (let i = 0; i !== length; i++) {
    if (sa[i] !== sb[i]) {
      index = i
      break
    }
  }
  if (index < 0) return { index: null, hop: null, a: null, b: null, credential: null, differences: [], differenceCount: 0, compared: length }
  const ea = a[index]
  const eb = b[index]
  const refA = refsOf(a)
  const refB = refsOf(b)
  const differences = alignedDifferences(a, b, sa, sb, refA, refB)
  return {
    index: index + 1,
    hop: ea ? ea.hop : (eb?.hop ?? null),
    a: ea ? `${ea.hop}: ${describeEvent(ea)}` : '(the run ended here)',
    b: eb ? `${eb.hop}: ${describeEvent(eb)}` : '(the run ended here)',
    credential: credentialDifference(a, b, refA, refB),
    differences: (differences ?? []).slice(0, MAX_DIFFERENCES),
    differenceCount: differences ? differences.length : null,
    compared: length
  }
}

/** The stretches of a and b with no counterpart, from a longest-common-subsequence alignment. */
function alignedDifferences(a: readonly TraceEvent[], b: readonly TraceEvent[], sa: readonly string[], sb: readonly string[], refA: Ref, refB: Ref): Difference[] | null {
  // Runs that differ almost everywhere are not aligned event by event: the first differences say enough.
  const parts = diffArrays([...sa], [...sb], { maxEditLength: MAX_EDIT_LENGTH })
  if (!parts) return null
  const out: Difference[] = []
  let ia = 0
  let ib = 0
  let open: Difference | null = null
  for (const part of parts) {
    const count = part.value.length
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
      open.a.push(...a.slice(ia, ia + count).map((event, k) => refA(event, ia + k)))
      ia += count
    } else {
      open.b.push(...b.slice(ib, ib + count).map((event, k) => refB(event, ib + k)))
      ib += count
    }
  }
  return out
}

interface Fact {
  what: string
  owner: string
  event: TraceEvent
  position: number
}

function factsOf(events: readonly TraceEvent[]): Fact[] {
  return events.flatMap((event, position) => credentialFacts(event).map((fact) => ({ ...fact, event, position })))
}

/** The first credential fact whose owner differs, pairing the k-th fact of each kind in each run. */
function credentialDifference(a: readonly TraceEvent[], b: readonly TraceEvent[], refA: Ref, refB: Ref): CredentialDivergence | null {
  const factsA = factsOf(a)
  const factsB = factsOf(b)
  // Pair the k-th fact of each kind, not the k-th overall: concurrent fetches interleave differently per run.
  const kth = (facts: readonly Fact[], fact: Fact, upTo: number): Fact | undefined => {
    const k = facts.slice(0, upTo).filter((f) => f.what === fact.what).length
    return (facts === factsA ? factsB : factsA).filter((f) => f.what === fact.what)[k]
  }
  const at = (ref: Ref, fact: Fact | undefined): EventRef | null => (fact ? ref(fact.event, fact.position) : null)
  const n = Math.max(factsA.length, factsB.length)
  for (let i = 0; i !== n; i++) {
    const fa = factsA[i]
    const fb = fa ? kth(factsA, fa, i) : undefined
    if (fa && fa.owner !== fb?.owner) return { what: fa.what, a: fa.owner, b: fb ? fb.owner : 'none', atA: at(refA, fa), atB: at(refB, fb) }
    const gb = factsB[i]
    if (gb && kth(factsB, gb, i) === undefined) return { what: gb.what, a: 'none', b: gb.owner, atA: null, atB: at(refB, gb) }
  }
  return null
}
