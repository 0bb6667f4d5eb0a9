/**
 * What a notification webhook URL may be (`spec.notify.webhook`): https, or
 * plain http only to this machine (127.0.0.1, localhost, ::1), at most 2048
 * characters. Webhook URLs often carry a token in their user part or query,
 * so messages and logs show them redacted: scheme, host and path only.
 */

/** The longest webhook URL accepted. */
export const WEBHOOK_URL_MAX_LENGTH = 2048;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a webhook URL is refused, with a hint; or `ok` with the parsed URL. */
export type WebhookUrlCheck =
  | { readonly ok: true; readonly url: URL; readonly hasCredentials: boolean }
  | { readonly ok: false; readonly reason: string; readonly hint?: string };

/** `text` without user info, query and fragment (`https://hooks.example.com/services/x`), or `<invalid URL>`. */
export function redactWebhookUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}

/** Checks a webhook URL; reasons never repeat its user info or query. */
export function checkWebhookUrl(text: string): WebhookUrlCheck {
  if (text.length > WEBHOOK_URL_MAX_LENGTH)
    return { ok: false, reason: `is ${text.length} characters long (at most ${WEBHOOK_URL_MAX_LENGTH})` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'is not a URL', hint: 'write it as https://host/path' };
  }
  const hasCredentials = url.username !== '' || url.password !== '';
  if (url.protocol === 'https:') return { ok: true, url, hasCredentials };
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return { ok: true, url, hasCredentials };
  if (url.protocol === 'http:') {
    return {
      ok: false,
      reason: `uses plain http to ${url.hostname}, which would send Decisions unencrypted`,
      hint: 'use https:// (plain http is accepted only for 127.0.0.1, localhost and ::1)',
    };
  }
  return { ok: false, reason: `has scheme "${url.protocol.replace(/:$/, '')}"`, hint: 'use an https:// URL' };
}
