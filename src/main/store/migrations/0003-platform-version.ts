/** The platform version of each run; every run recorded before versions existed ran the merge. */
export const migration0003 = {
  id: 3,
  name: 'platform-version',
  sql: `
ALTER TABLE runs ADD COLUMN platform TEXT NOT NULL DEFAULT 'merge';
`
}
