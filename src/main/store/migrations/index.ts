import { migration0001 } from './0001-initial'
import { migration0002 } from './0002-turn-summaries'
import { migration0003 } from './0003-platform-version'
import { migration0004 } from './0004-scenario-name'
import { migration0005 } from './0005-schedule'

export interface Migration {
  id: number
  name: string
  sql: string
}

/** Every migration, in order. Never edit one that has shipped: add the next number. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005]
