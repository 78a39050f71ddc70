#!/usr/bin/env node
// The `credscope` command: the built CLI, or one line saying how to build it.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('credscope is not built yet: run `npm run setup` (or `npm run build`) in the credscope checkout\n')
  process.exit(1)
}
await import(cli)
