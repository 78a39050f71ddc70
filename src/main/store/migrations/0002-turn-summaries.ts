/**
 * A summary per turn (whose credentials were served, as whom tools acted, leaks), so a run with
 * 10,000 turns opens without reading a million events; and the scenario source of a run, so it
 * can be bundled and replayed later.
 */
export const migration0002 = {
  id: 2,
  name: 'turn-summaries',
  sql: `
ALTER TABLE turns ADD COLUMN summary TEXT;
ALTER TABLE runs ADD COLUMN scenario_source TEXT;
`
}
