import type { TraceEvent } from '../../shared/events'
import { credentialUse, describeEvent, signatures } from '../../shared/signature'

export interface Divergence {
  /** 1-based position of the first event where the runs part, or null when they never do. */
  index: number | null
  hop: string | null
  a: string | null
  b: string | null
  /** The first credential use that differs after the divergence. */
  credential: { what: string; a: string; b: string } | null
  compared: number
}

/** Where two traces of the same scenario part, and whose credential differs after that. */
export function firstDivergence(a: readonly TraceEvent[], b: readonly TraceEvent[]): Divergence {
  const sa = signatures(a)
  const sb = signatures(b)
  const length = Math.max(sa.length, sb.length)
  let index = -1
  for (let i = 0; i < length; i++) {
    if (sa[i] !== sb[i]) {
      index = i
      break
    }
  }
  if (index < 0) return { index: null, hop: null, a: null, b: null, credential: null, compared: length }
  const ea = a[index]
  const eb = b[index]
  return {
    index: index + 1,
    hop: ea?.hop ?? eb?.hop ?? null,
    a: ea ? `${ea.hop}: ${describeEvent(ea)}` : '(the run ended here)',
    b: eb ? `${eb.hop}: ${describeEvent(eb)}` : '(the run ended here)',
    credential: credentialDifference(a.slice(index), b.slice(index)),
    compared: length
  }
}

function credentialDifference(a: readonly TraceEvent[], b: readonly TraceEvent[]): Divergence['credential'] {
  const usesA = a.map(credentialUse).filter((u): u is NonNullable<typeof u> => u !== null)
  const usesB = b.map(credentialUse).filter((u): u is NonNullable<typeof u> => u !== null)
  // Pair the k-th use of each kind, not the k-th use overall: concurrent fetches interleave differently per run.
  const kth = (uses: typeof usesA, upTo: number): number => uses.slice(0, upTo).filter((u) => u.what === uses[upTo]?.what).length
  const other = (uses: typeof usesA, what: string, k: number): (typeof usesA)[number] | undefined => uses.filter((u) => u.what === what)[k]
  for (let i = 0; i < Math.max(usesA.length, usesB.length); i++) {
    const ua = usesA[i]
    const ub = ua ? other(usesB, ua.what, kth(usesA, i)) : undefined
    if (ua && ua.owner !== ub?.owner) return { what: ua.what, a: `${ua.owner} (${ua.what})`, b: ub ? `${ub.owner} (${ub.what})` : 'none' }
    const vb = usesB[i]
    if (vb && other(usesA, vb.what, kth(usesB, i)) === undefined) return { what: vb.what, a: 'none', b: `${vb.owner} (${vb.what})` }
  }
  return null
}
