/**
 * The scenario's own name (its YAML `scenario:` value) on a scenario run, so the Runs view finds
 * a run by it and not only by its file. Runs recorded before it have none.
 */
export const migration0004 = {
  id: 4,
  name: 'scenario-name',
  sql: `
ALTER TABLE runs ADD COLUMN scenario_name TEXT;
`
}
