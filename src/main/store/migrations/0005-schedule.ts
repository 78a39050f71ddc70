/**
 * The interleaving a run was made under, when `credscope explore` (or a bundle of it) chose it: the
 * schedule replay and export enforce instead of the seed's (docs/explore.md). Other runs have none.
 */
export const migration0005 = {
  id: 5,
  name: 'schedule',
  sql: `
ALTER TABLE runs ADD COLUMN schedule TEXT;
`
}
