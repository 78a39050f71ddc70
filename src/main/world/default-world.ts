import type { WorldSpecInput } from './spec'

/**
 * The world `serve` starts with (docs/scenarios.md#the-default-world): project `demo`; alice owns `shared-1` and shares it
 * with bob (edit) and carol (view); mallory is no member. Everyone has github, gitlab, jira,
 * google and one MCP server (`docs`) credential.
 */
export const DEFAULT_WORLD: WorldSpecInput = {
  users: [
    { id: 'alice', name: 'Alice Owner', email: 'alice@example.com' },
    { id: 'bob', name: 'Bob Editor', email: 'bob@example.com' },
    { id: 'carol', name: 'Carol Viewer', email: 'carol@example.com' },
    { id: 'mallory', name: 'Mallory Outsider', email: 'mallory@example.com' }
  ],
  projects: [
    {
      name: 'demo',
      members: { alice: 'admin' },
      sessions: [{ name: 'shared-1', owner: 'alice', sharedWith: { bob: 'edit', carol: 'view' } }],
      apiKeys: [{ name: 'ci-bot', creator: 'alice', role: 'edit' }],
      schedules: [{ name: 'nightly', session: 'shared-1' }]
    }
  ]
}
