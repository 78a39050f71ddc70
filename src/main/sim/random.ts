import { randomBytes } from 'node:crypto'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A seeded source of randomness, so that a scenario and seed give the same tokens and ids. */
export class Random {
  private state: number

  constructor(readonly seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9
  }

  /** A float in [0, 1), mulberry32. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive)
  }

  string(length: number, alphabet: string = BASE62): string {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)]
    return out
  }

  hex(length: number): string {
    return this.string(length, '0123456789abcdef')
  }

  /** An independent stream for one purpose, so drawing from it does not shift the others. */
  fork(label: string): Random {
    let hash = this.seed ^ 0x811c9dc5
    for (const ch of label) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193)
    return new Random(hash >>> 0)
  }

  uuid(): string {
    const h = this.hex(32)
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
  }
}

/** A fresh random seed for runs that did not ask for one. */
export function freshSeed(): number {
  return randomBytes(4).readUInt32BE(0)
}
