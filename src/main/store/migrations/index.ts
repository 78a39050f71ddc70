import { migration0001 } from './0001-initial'

export interface Migration {
  id: number
  name: string
  sql: string
}

/** Every migration, in order. Never edit one that has shipped: add the next number. */
export const MIGRATIONS: readonly Migration[] = [migration0001]
