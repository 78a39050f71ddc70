import { configLabel } from '../../shared/profiles'
import { flawById } from '../../shared/flaws'
import type { ScenarioResult } from './results'

export const REPORTERS = ['pretty', 'junit', 'tap', 'json'] as const
export type ReporterName = (typeof REPORTERS)[number]

export function report(name: ReporterName, results: readonly ScenarioResult[]): string {
  switch (name) {
    case 'pretty':
      return pretty(results)
    case 'junit':
      return junit(results)
    case 'tap':
      return tap(results)
    case 'json':
      return json(results)
  }
}

/** The flaw line of a failing demonstration: which invariant broke (the flaws on in this run first). */
function invariantLine(result: ScenarioResult): string | null {
  const on = result.demonstrates.filter((id) => result.flaws.includes(id))
  const flaws = (on.length > 0 ? on : result.demonstrates).map((id) => flawById(id)).filter((f) => f !== undefined)
  if (flaws.length === 0) return null
  return flaws.map((f) => `invariant of ${f.id}: ${f.invariant}`).join('; ')
}

function failureLines(result: ScenarioResult): string[] {
  const lines: string[] = []
  if (result.error) lines.push(`the scenario stopped: ${result.error}`)
  for (const step of result.steps) {
    for (const failure of step.failures) lines.push(`step ${step.index + 1} (line ${step.line}) ${step.label}: ${failure}`)
  }
  return lines
}

export function summaryLine(results: readonly ScenarioResult[]): string {
  const failed = results.filter((r) => !r.passed).length
  // Files that name their own version run there: every configuration the run used is named.
  const configs = [...new Set(results.map((r) => `${configLabel(r)}${extraFlaws(r)}`))].join('; ')
  return `${results.length - failed} passed, ${failed} failed (${results.length} scenario${results.length === 1 ? '' : 's'}${configs ? ` under ${configs}` : ''})`
}

function extraFlaws(result: ScenarioResult): string {
  return result.flaws.length > 0 ? ` with ${result.flaws.length} flaw${result.flaws.length === 1 ? '' : 's'} on` : ''
}

function pretty(results: readonly ScenarioResult[]): string {
  const out: string[] = []
  for (const result of results) {
    out.push(`${result.passed ? '✓' : '✗'} ${result.scenario}  ${result.file}  (seed ${result.seed}, ${result.durationMs} ms)`)
    if (result.passed) continue
    const invariant = invariantLine(result)
    if (invariant) out.push(`    ${invariant}`)
    for (const step of result.steps.filter((s) => !s.passed)) {
      out.push(`    step ${step.index + 1}, line ${step.line}: ${step.label}`)
      for (const failure of step.failures) out.push(`      ✗ ${failure}`)
    }
    if (result.error) out.push(`    ✗ the scenario stopped: ${result.error}`)
  }
  out.push('', summaryLine(results))
  return `${out.join('\n')}\n`
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function junit(results: readonly ScenarioResult[]): string {
  const failed = results.filter((r) => !r.passed).length
  const time = (ms: number): string => (ms / 1000).toFixed(3)
  const total = results.reduce((sum, r) => sum + r.durationMs, 0)
  const suites = results.map((result) => {
    const failures = failureLines(result)
    const invariant = invariantLine(result)
    const body = result.passed
      ? ''
      : `\n      <failure message="${xml(failures[0] ?? 'failed')}" type="${result.error ? 'error' : 'expectation'}">${xml([invariant, ...failures].filter(Boolean).join('\n'))}</failure>\n    `
    return [
      `  <testsuite name="${xml(result.file)}" tests="1" failures="${result.passed ? 0 : 1}" errors="0" skipped="0" time="${time(result.durationMs)}">`,
      '    <properties>',
      `      <property name="platform" value="${result.platform}"/>`,
      `      <property name="profile" value="${xml(result.profile)}"/>`,
      `      <property name="flaws" value="${xml(result.flaws.join(','))}"/>`,
      `      <property name="seed" value="${result.seed}"/>`,
      ...(result.demonstrates.length > 0 ? [`      <property name="demonstrates" value="${xml(result.demonstrates.join(','))}"/>`] : []),
      '    </properties>',
      `    <testcase classname="credscope.${result.platform}.${xml(result.profile)}" name="${xml(result.scenario)}" file="${xml(result.file)}" time="${time(result.durationMs)}">${body}</testcase>`,
      '  </testsuite>'
    ].join('\n')
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="credscope" tests="${results.length}" failures="${failed}" errors="0" time="${time(total)}">\n${suites.join('\n')}\n</testsuites>\n`
}

function tap(results: readonly ScenarioResult[]): string {
  const out = ['TAP version 14', `1..${results.length}`]
  results.forEach((result, i) => {
    out.push(`${result.passed ? 'ok' : 'not ok'} ${i + 1} - ${result.scenario} # ${result.platform} ${result.profile}, seed ${result.seed}`)
    if (!result.passed) {
      out.push('  ---')
      const invariant = invariantLine(result)
      if (invariant) out.push(`  invariant: ${JSON.stringify(invariant)}`)
      out.push(`  file: ${JSON.stringify(result.file)}`, '  failures:')
      for (const line of failureLines(result)) out.push(`    - ${JSON.stringify(line)}`)
      out.push('  ...')
    }
  })
  return `${out.join('\n')}\n`
}

function json(results: readonly ScenarioResult[]): string {
  const failed = results.filter((r) => !r.passed).length
  return `${JSON.stringify(
    {
      summary: { scenarios: results.length, passed: results.length - failed, failed },
      results: results.map(({ events, ...rest }) => ({ ...rest, invariant: invariantLine(rest as ScenarioResult), events: events.length }))
    },
    null,
    2
  )}\n`
}
