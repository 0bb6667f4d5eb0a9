/**
 * The dashboard's actions as agent API calls: one fetch each, with the bearer token, the dashboard's client
 * header (Decisions and the audit log say `via dashboard`) and a JSON body; each answers a short message for the
 * flash line: what happened (`applied git-change sandbox-…`), the agent's error, `token refused`, or
 * `agent unreachable: …`.
 */
import type { Decision } from '../../src/apis/decision.js';
import { DASHBOARD_CLIENT_HEADER, DashboardRoutes, type ObjectKind } from '../../src/observe/dashboard-api.js';
import type { ActionResult, DashboardActions } from './dashboard-source.js';

/** Options of {@link agentActions}. */
export interface AgentActionsOptions {
  readonly url: string;
  readonly token: string;
  /**
   * Where the agent is now, asked before every call (`karpd dash --state-dir` re-reads agent.json, so a restarted
   * agent on a new port is found again). @default the fixed `url` and `token`
   */
  readonly address?: () => { readonly url: string; readonly token: string };
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Who acts (`by`), when known (the OS user). */
  readonly by?: string;
}

/** One answer: the status and the parsed JSON body (or the text). */
interface Reply {
  readonly status: number;
  readonly body: unknown;
}

type Call = { ok: true; reply: Reply } | { ok: false; message: string };

/** Why fetch failed, in a few words (`ECONNREFUSED`, `getaddrinfo ENOTFOUND agent`). */
export function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause ?? error) : error;
  if (typeof cause === 'object' && cause !== null) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string') return code;
    if (typeof message === 'string') return message;
  }
  return String(cause);
}

/** The agent's error text of a refusal (`{ error, issues }`), with the first refused field. */
export function refusalText(reply: Reply): string {
  if (reply.status === 401) return 'token refused';
  const body = (typeof reply.body === 'object' && reply.body !== null ? reply.body : {}) as {
    error?: unknown;
    issues?: Array<{ path?: unknown; message?: unknown }>;
  };
  const error = typeof body.error === 'string' ? body.error : `agent answered ${reply.status}`;
  const issue = body.issues?.[0];
  const detail = issue !== undefined && !error.includes(String(issue.path)) ? `: ${String(issue.path)}: ${String(issue.message)}` : '';
  return `${error}${detail}`;
}

function decisionOf(body: unknown): Decision | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const wrapped = (body as { decision?: unknown }).decision;
  const candidate = (wrapped ?? body) as Partial<Decision>;
  return candidate.kind === 'Decision' && candidate.spec !== undefined ? (candidate as Decision) : undefined;
}

/** The flash message of a Decision after approve or reject: `applied git-change sandbox-…`, a failure with its error. */
function decisionResult(body: unknown, fallback: string): ActionResult {
  const decision = decisionOf(body);
  if (decision === undefined) return { ok: true, message: fallback };
  const state = decision.status?.state ?? 'pending';
  const text = `${state} ${decision.spec.kind} ${decision.metadata.name ?? ''}`;
  if (state === 'failed') return { ok: false, message: `${text}: ${decision.status?.message ?? 'apply failed'}` };
  return {
    ok: true,
    message: decision.status?.message !== undefined && state === 'superseded' ? `${text}: ${decision.status.message}` : text,
  };
}

/** The dashboard's actions against the agent at `url`. */
export function agentActions(options: AgentActionsOptions): DashboardActions {
  const fetcher = options.fetch ?? globalThis.fetch;
  const by = options.by === undefined ? {} : { by: options.by };
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Call> => {
    const { url, token } = options.address?.() ?? options;
    const headers: Record<string, string> = { ...DASHBOARD_CLIENT_HEADER, Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetcher(new URL(path, url), {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      return { ok: false, message: `agent unreachable: ${networkReason(error)}` };
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    const reply = { status: response.status, body: parsed };
    return response.ok ? { ok: true, reply } : { ok: false, message: refusalText(reply) };
  };
  const post = async (path: string, body: Record<string, unknown>, done: (reply: Reply) => ActionResult): Promise<ActionResult> => {
    const result = await call('POST', path, { ...body, ...by });
    return result.ok ? done(result.reply) : { ok: false, message: result.message };
  };
  return {
    approve: (decision) => post(DashboardRoutes.approve, { name: decision }, (reply) => decisionResult(reply.body, `approved ${decision}`)),
    reject: (decision, reason) =>
      post(DashboardRoutes.reject, { name: decision, ...(reason !== undefined && reason !== '' ? { reason } : {}) }, (reply) =>
        decisionResult(reply.body, `rejected ${decision}`),
      ),
    refresh: (cluster) => post(DashboardRoutes.refresh, { cluster }, () => ({ ok: true, message: `refreshed ${cluster} from Git` })),
    suspend: (cluster) => post(DashboardRoutes.suspend, { cluster }, () => ({ ok: true, message: `suspended sync of ${cluster}` })),
    resume: (cluster) => post(DashboardRoutes.resume, { cluster }, () => ({ ok: true, message: `resumed sync of ${cluster}` })),
    injectSpotInterruption: (cluster, instanceId) =>
      post(DashboardRoutes.spotInterruption, { cluster, instance: instanceId }, () => ({
        ok: true,
        message: `spot interruption sent to ${instanceId} in ${cluster}`,
      })),
    objectYaml: async (cluster: string, kind: ObjectKind, name: string, namespace?: string) => {
      const query = new URLSearchParams({ cluster, kind, name, ...(namespace !== undefined ? { namespace } : {}) });
      const result = await call('GET', `${DashboardRoutes.object}?${query}`);
      if (!result.ok) return { ok: false, message: result.message };
      const yaml = (result.reply.body as { yaml?: unknown }).yaml;
      if (typeof yaml !== 'string') return { ok: false, message: 'the agent answered without yaml' };
      return { ok: true, message: `${kind} ${namespace !== undefined ? `${namespace}/` : ''}${name}`, yaml };
    },
  };
}
