#!/usr/bin/env node
// npm start: the desktop window where Electron can run; where it cannot, `credscope serve` (the
// web shell) with one line saying why and where to open it. Extra arguments go to serve.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)

if (!existsSync(join(root, 'out/main/cli.js')) || !existsSync(join(root, 'out/main/index.js'))) {
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
}

const reason = electronUnavailable()
if (reason === null) {
  const child = spawn(electronBinary(), [root, ...args], { cwd: root, stdio: 'inherit' })
  forwardSignals(child)
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  serveWebShell(reason)
}

/** Why the desktop window cannot open here, or null when it can. */
function electronUnavailable() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)'
  }
  if (existsSync(electronBinary())) return null
  // Electron 45 downloads its binary on first launch; try that once, quietly.
  const installer = join(root, 'node_modules/electron/install.js')
  const fetched = spawnSync(process.execPath, [installer], { cwd: root, stdio: 'pipe', timeout: 300_000 })
  return fetched.status === 0 && existsSync(electronBinary()) ? null : "Electron's binary is not installed and could not be downloaded"
}

function electronBinary() {
  const dir = join(root, 'node_modules/electron')
  const pathFile = join(dir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron'
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  return override ? join(override, relative) : join(dir, 'dist', relative)
}

function serveWebShell(why) {
  const cli = [join(root, 'out/main/cli.js'), 'serve', ...args]
  // Without a desktop session there is no Secret Service; a private gnome-keyring stands in.
  const needsKeyring =
    process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS && !args.includes('memory') && !process.env.CREDSCOPE_PRIVATE_KEYRING
  const [command, commandArgs] = needsKeyring
    ? [join(root, 'scripts/with-keyring.sh'), [process.execPath, ...cli]]
    : [process.execPath, cli]
  const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  forwardSignals(child)
  // serve's own "open …" line would repeat the one this script prints; everything else passes.
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (!line.startsWith('credscope serve: ') || line.includes('stopped')) process.stderr.write(`${line}\n`)
  })
  const lines = createInterface({ input: child.stdout })
  lines.once('line', (line) => {
    try {
      const ready = JSON.parse(line)
      const keyring = needsKeyring ? ' (with a private keyring that lasts as long as this process)' : ''
      process.stdout.write(`credscope: the desktop window cannot open because ${why}; serving the web shell${keyring} at ${ready.appUrl}\n`)
    } catch {
      process.stdout.write(`${line}\n`)
    }
    lines.on('line', (rest) => process.stdout.write(`${rest}\n`))
  })
  child.on('exit', (code) => process.exit(code ?? 0))
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
}
