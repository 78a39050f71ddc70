import { callHop } from '../net/hop-client'
import { tokenExchangeBearer, tokenOfAnswer } from '../net/token-exchange'
import type { RunnerPod } from './pod'

/**
 * `_fetch_token_from_cp` (docs/platform/control-plane.md#the-runner-in-a-control-plane-pod): SESSION_ID
 * encrypted with AMBIENT_CP_TOKEN_PUBLIC_KEY (RSA-OAEP, SHA-256), base64, as the bearer of a GET to
 * AMBIENT_CP_TOKEN_URL; the answer's `token` becomes the process's BOT token (`set_bot_token`).
 * Throws as the platform does when the env is incomplete or the server refuses.
 */
export async function fetchCpToken(pod: RunnerPod): Promise<string> {
  const token = await requestCpToken(pod)
  pod.log('info', '[GRPC CLIENT] Fetched fresh API token from CP token endpoint')
  pod.cpToken.value = token
  pod.heldSecrets.add(token)
  return token
}

/** The token server's answer for SESSION_ID, or for any other text: what the pod's env lets anyone in it ask. */
export async function requestCpToken(pod: RunnerPod, plaintext = pod.env.get('SESSION_ID') ?? ''): Promise<string> {
  const url = pod.env.get('AMBIENT_CP_TOKEN_URL') ?? ''
  const publicKey = pod.env.get('AMBIENT_CP_TOKEN_PUBLIC_KEY') ?? ''
  if (!publicKey) throw new Error('AMBIENT_CP_TOKEN_PUBLIC_KEY env var is required when AMBIENT_CP_TOKEN_URL is set')
  if (!plaintext) throw new Error('SESSION_ID env var is required when AMBIENT_CP_TOKEN_URL is set')
  const bearer = tokenExchangeBearer(publicKey, plaintext)
  const response = await callHop(pod.sim, 'runner', 'control-plane', { method: 'GET', url, headers: { Authorization: `Bearer ${bearer}` } })
  if (response.status !== 200) throw new Error(`CP /token HTTP ${response.status}: ${response.body}`)
  const token = tokenOfAnswer(response.body)
  if (!token) throw new Error("CP /token response missing 'token' field")
  return token
}

