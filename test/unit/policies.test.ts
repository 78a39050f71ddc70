import { describe, expect, it } from 'vitest'
import { FlawSet } from '../../src/main/flaws/flaw-set'
import { cleanupPlacement, grpcTurnsCarrySender, sessionBotResolvesToOwner, sessionTokenGate, tokenFilesAndHelper, turnStateOutlivesTurn } from '../../src/main/flaws/policies'
import type { FlawId } from '../../src/shared/flaw-ids'

const flaws = (...ids: FlawId[]): FlawSet => new FlawSet(ids)

describe('the flaw policies (flaws with more than one effect, decided once)', () => {
  it('place the cleanup: PR5 after a successful stream only, R4 in the stream’s finally, PR5 first when both are on, else around the whole turn', () => {
    expect(cleanupPlacement(flaws())).toBe('whole-turn')
    expect(cleanupPlacement(flaws('r4-cleanup-skipped-on-early-failure'))).toBe('stream-finally')
    expect(cleanupPlacement(flaws('pr5-cleanup-not-in-finally'))).toBe('success-only')
    expect(cleanupPlacement(flaws('pr5-cleanup-not-in-finally', 'r4-cleanup-skipped-on-early-failure'))).toBe('success-only')
    expect(cleanupPlacement(flaws('r3-mcp-not-rebuilt'))).toBe('whole-turn')
  })

  it('answer each for its own flaw only', () => {
    const none = flaws()
    expect([turnStateOutlivesTurn(none), turnStateOutlivesTurn(flaws('r3-mcp-not-rebuilt'))]).toEqual([false, true])
    expect([sessionBotResolvesToOwner(none), sessionBotResolvesToOwner(flaws('r6-annotation-maps-bot-to-owner'))]).toEqual([false, true])
    expect([sessionTokenGate(none), sessionTokenGate(flaws('f1378-runner-accepts-any-pod'))]).toEqual([true, false])
    expect([tokenFilesAndHelper(none), tokenFilesAndHelper(flaws('f1068-git-uses-spawn-time-token'))]).toEqual([true, false])
    expect([grpcTurnsCarrySender(none), grpcTurnsCarrySender(flaws('h11-grpc-turns-without-user'))]).toEqual([true, false])
  })
})
