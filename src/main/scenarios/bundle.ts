import { basename } from 'node:path'
import { z } from 'zod'
import type { TraceEvent } from '../../shared/events'
import { isFlawId, type FlawId } from '../../shared/flaw-ids'
import { PLATFORM_VERSIONS, type PlatformVersion } from '../../shared/platform-versions'
import { parseJsonDocument } from '../../shared/json-document'
import { isProfileName, MERGED_ALIAS, profileFlaws, profileVersions } from '../../shared/profiles'
import type { ScenarioResult } from './results'
import type { RecordedSchedule } from '../../shared/explore-view'

export const BUNDLE_FORMAT = 'credscope-bundle/1'

/** A repro bundle: everything to re-run a scenario elsewhere, with only redacted values inside. */
export interface Bundle {
  format: typeof BUNDLE_FORMAT
  credscope: string
  createdAt: string
  scenario: { file: string; name: string; source: string }
  platform: PlatformVersion
  profile: string
  flaws: FlawId[]
  seed: number
  /** The command that re-runs it from this file. */
  replay: string
  /** The bundle's scenario run afresh, under any configuration: edit the flags to try another. */
  rerun: string
  result: { passed: boolean; failures: string[] }
  leaks: ScenarioResult['leaks']
  trace: TraceEvent[]
  /** The interleaving `credscope explore` found, for replay to enforce instead of the seed's. */
  schedule?: BundleSchedule
}

/** The interleaving `credscope explore` found (docs/explore.md). */
export type BundleSchedule = RecordedSchedule

/**
 * The command that runs a scenario (or bundle) file afresh under exactly a recorded configuration:
 * hardened has no flaws, so hardened plus the run's flaws is exactly the run's configuration.
 */
export function rerunCommand(file: string, run: { platform: PlatformVersion; profile: string; flaws: readonly string[]; seed: number }): string {
  const word = /^[\w./:@%+=,-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`
  // The run's profile when its flaws include the profile's, with the rest on top; else hardened
  // (which has none) plus every flaw, which is exactly the run's configuration either way.
  const base = isProfileName(run.profile) && profileVersions(run.profile).includes(run.platform) ? profileFlaws(run.profile, run.platform) : null
  const profile = base !== null && base.every((f) => run.flaws.includes(f)) ? run.profile : 'hardened'
  const extra = profile === 'hardened' || base === null ? run.flaws : run.flaws.filter((f) => !base.includes(f as FlawId))
  return `credscope run ${word} --platform ${run.platform} --profile ${profile}${extra.map((f) => ` --flaw ${f}`).join('')} --seed ${run.seed}`
}

export function makeBundle(result: ScenarioResult, source: string, version: string, bundleFile: string, schedule?: BundleSchedule): Bundle {
  return {
    ...(schedule ? { schedule } : {}),
    format: BUNDLE_FORMAT,
    credscope: version,
    createdAt: new Date().toISOString(),
    scenario: { file: basename(result.file), name: result.scenario, source },
    platform: result.platform,
    profile: result.profile,
    flaws: result.flaws,
    seed: result.seed,
    replay: `credscope replay ${bundleFile}`,
    rerun: rerunCommand(bundleFile, result),
    result: { passed: result.passed, failures: result.steps.flatMap((s) => s.failures.map((f) => `step ${s.index + 1}: ${f}`)) },
    leaks: result.leaks,
    trace: result.events
  }
}

/**
 * What the run history needs of each event of a bundle the app opens: its envelope, and the
 * columns a turn's start and end fill. A file edited by hand must be refused here, not fail the
 * store's insert (which would stop all recording).
 */
const traceEvent = z
  .object({ seq: z.number().int().positive(), kind: z.string().min(1), hop: z.string().min(1), at: z.number(), turn: z.string().nullable() })
  .passthrough()
  .superRefine((e, ctx) => {
    const text = (key: string): boolean => typeof (e as Record<string, unknown>)[key] === 'string'
    if (e.kind === 'turn.started' && !['project', 'session', 'thread', 'senderId'].every(text)) ctx.addIssue({ code: 'custom', message: 'a turn.started event names its project, session, thread and senderId' })
    if (e.kind === 'turn.finished' && !text('status')) ctx.addIssue({ code: 'custom', message: 'a turn.finished event has a status' })
  })

const bundleShape = z.object({
  format: z.literal(BUNDLE_FORMAT),
  scenario: z.object({ file: z.string(), name: z.string(), source: z.string() }),
  // Bundles made before platform versions recorded the merge.
  platform: z.enum(PLATFORM_VERSIONS).default('merge'),
  profile: z.string(),
  flaws: z.array(z.string().refine(isFlawId, 'a flaw id')),
  seed: z.number().int().nonnegative(),
  result: z.object({ passed: z.boolean(), failures: z.array(z.string()) }),
  trace: z.array(traceEvent).refine((events) => events.every((e, i) => i === 0 || e.seq > (events[i - 1]?.seq ?? 0)), 'events in increasing seq order'),
  schedule: z.object({ strategy: z.string(), deviations: z.string().regex(/^(-|\d+:\d+(,\d+:\d+)*)$/, 'deviations as at:flow, comma-separated, or -'), preemptions: z.number().int().nonnegative() }).optional()
})

/** Reads a bundle; a message naming what is wrong when it is not one. */
export function parseBundle(text: string): Bundle | string {
  const read = parseJsonDocument(text, bundleShape, 'bundle', 'bundle')
  if (typeof read === 'string') return read
  // A bundle from before versions says `merged` and names no version: the merge as-is.
  const profile = read.value.profile === MERGED_ALIAS ? 'as-is' : read.value.profile
  return { ...(read.raw as Bundle), platform: read.value.platform, profile }
}
