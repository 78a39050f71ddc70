/** One reading of process.memoryUsage(), the two numbers the bench reports. */
export interface MemoryReading {
  rss: number
  heapUsed: number
}

export function readMemory(): MemoryReading {
  const { rss, heapUsed } = process.memoryUsage()
  return { rss, heapUsed }
}

/** Keeps the highest rss and heapUsed seen across samples (each peaks at its own moment). */
export class MemoryPeak {
  private peakRss = 0
  private peakHeap = 0

  sample(): MemoryReading {
    const now = readMemory()
    this.peakRss = Math.max(this.peakRss, now.rss)
    this.peakHeap = Math.max(this.peakHeap, now.heapUsed)
    return now
  }

  get peak(): MemoryReading {
    return { rss: this.peakRss, heapUsed: this.peakHeap }
  }
}
