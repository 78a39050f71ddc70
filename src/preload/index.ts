import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('credscope', { version: '0.1.0' })
