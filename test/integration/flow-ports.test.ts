import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { forgetFlow, originOfConnection, rememberFlow } from '../../src/main/net/flow-ports'
import { listen, type Listener } from '../../src/main/net/server'
import { currentContext } from '../../src/main/sim/context'

// Each hop runs in one process and a turn's context rides on its loopback connections. Under
// load the kernel gives sockets to different listeners the same local port; a turn must still
// reach each listener as itself (the load test once saw bob's fetch judged as alice's turn).

const listeners: Listener[] = []
const sockets: Socket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  await Promise.all(listeners.splice(0).map((l) => l.close()))
})

/** A listener that answers each request with the turn it believes the request belongs to, and who sent it. */
async function turnEcho(): Promise<Listener> {
  const listener = await listen('echo', async (req, res) => {
    res.end(JSON.stringify({ turn: currentContext().turn, origin: originOfConnection(req.socket) }))
  })
  listeners.push(listener)
  return listener
}

function open(port: number, local: { localAddress?: string; localPort?: number } = {}): Promise<Socket> {
  return new Promise((done, fail) => {
    const socket = connect({ port, host: '127.0.0.1', ...local }, () => done(socket))
    socket.once('error', fail)
    sockets.push(socket)
  })
}

/**
 * Two live connections, one to each listener, from the same local port: what the kernel does by
 * itself under load, made certain by binding them to two loopback addresses (Linux routes all of
 * 127/8 to the loopback device).
 */
async function twoSocketsOnOnePort(a: Listener, b: Listener): Promise<[Socket, Socket]> {
  const first = await open(a.port, { localAddress: '127.0.0.2' })
  const second = await open(b.port, { localAddress: '127.0.0.3', localPort: first.localPort })
  return [first, second]
}

function ask(socket: Socket): Promise<{ turn: string | null; origin: string | null }> {
  return new Promise((done) => {
    let text = ''
    const read = (chunk: Buffer): void => {
      text += chunk.toString('utf8')
      const body = text.indexOf('\r\n\r\n')
      if (body < 0 || !text.endsWith('}')) return
      socket.off('data', read)
      done(JSON.parse(text.slice(body + 4)) as { turn: string | null; origin: string | null })
    }
    socket.on('data', read)
    socket.write('GET / HTTP/1.1\r\nHost: echo\r\n\r\n')
  })
}

describe('a turn carried over loopback connections', () => {
  it('reaches each listener as its own turn when two live connections share a local port', async () => {
    const [a, b] = [await turnEcho(), await turnEcho()]
    const [alices, bobs] = await twoSocketsOnOnePort(a, b)
    expect(alices.localPort).toBe(bobs.localPort)
    rememberFlow(alices, { flow: 1, turn: 'alice-turn' }, 'front-door')
    rememberFlow(bobs, { flow: 2, turn: 'bob-turn' }, null)
    expect(await ask(alices)).toEqual({ turn: 'alice-turn', origin: 'front-door' })
    expect(await ask(bobs)).toEqual({ turn: 'bob-turn', origin: null })
  })

  it('forgets a closed connection without forgetting a newer one that took its ports', async () => {
    const listener = await turnEcho()
    const [older, newer] = [await open(listener.port), await open(listener.port)]
    rememberFlow(newer, { flow: 2, turn: 'newer-turn' }, null)
    // The older socket's close, arriving late for the same ports, must not take the newer's entry.
    forgetFlow(older, newer.localPort ?? -1, listener.port)
    expect(await ask(newer)).toEqual({ turn: 'newer-turn', origin: null })
    forgetFlow(newer, newer.localPort ?? -1, listener.port)
    expect(await ask(newer)).toEqual({ turn: null, origin: null })
  })

  it('gives a connection nobody remembered (curl, a browser) no turn', async () => {
    const listener = await turnEcho()
    expect(await ask(await open(listener.port))).toEqual({ turn: null, origin: null })
  })
})
