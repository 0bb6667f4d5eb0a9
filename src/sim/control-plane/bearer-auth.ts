/**
 * Bearer-token authentication of the embedded API server, as kube-apiserver
 * does it with `--token-auth-file`: a request without the token gets 401
 * `Status` reason `Unauthorized`, except the paths kube-apiserver's
 * `system:public-info-viewer` role leaves to anonymous users (/healthz,
 * /livez, /readyz and /version, with their sub-paths such as /readyz/ping).
 * See https://kubernetes.io/docs/reference/access-authn-authz/authentication/#static-token-file
 * and https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { failureStatus, type StatusObject } from './api-error.js';

const ANONYMOUS = /^\/(healthz|livez|readyz|version)(\/.*)?$/;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** True when `path` is readable without credentials. */
export function isAnonymousPath(path: string): boolean {
  return ANONYMOUS.test(path);
}

/** The 401 Status for a request without the token, or undefined when it may go on. */
export function authenticate(req: IncomingMessage, token: string): StatusObject | undefined {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (isAnonymousPath(path)) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  const equal = timingSafeEqual(digest(match?.[1] ?? ''), digest(token));
  if (match !== null && equal) return undefined;
  return failureStatus(401, 'Unauthorized', 'Unauthorized');
}
