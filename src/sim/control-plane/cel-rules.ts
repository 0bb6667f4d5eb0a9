/**
 * CEL `x-kubernetes-validations` rules of a CRD's structural schema, evaluated
 * with @marcbachmann/cel-js (a maintained CEL implementation), as
 * kube-apiserver evaluates them on create, update and patch:
 * https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation-rules
 *
 * `self` is the value at the node carrying the rule; a rule that mentions
 * `oldSelf` is a transition rule and runs only on updates where the old value exists.
 * Kubernetes adds its own libraries to CEL; of those, karpd's CRDs use only
 * the regex library's `string.find(regex)`, registered here through the
 * library's extension API. Other Kubernetes extensions (quantity(), url(),
 * ip(), format.*) are not registered: a rule using them fails to compile and
 * is reported as an invalid rule, not a 500.
 */
import { Environment } from '@marcbachmann/cel-js';

/** One `x-kubernetes-validations` entry. */
export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
}

/** What evaluating one rule found: nothing, a failed rule, or an error while evaluating it. */
export type CelOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

function kubernetesEnvironment(): Environment {
  const env = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
  // Kubernetes' regex library: https://pkg.go.dev/k8s.io/apiserver/pkg/cel/library#Regex
  env.registerFunction({
    name: 'find',
    receiverType: 'string',
    returnType: 'string',
    params: [{ name: 'regex', type: 'string' }],
    handler: (text: string, regex: string) => new RegExp(regex).exec(text)?.[0] ?? '',
  });
  env.registerFunction({
    name: 'findAll',
    receiverType: 'string',
    returnType: 'list<string>',
    params: [{ name: 'regex', type: 'string' }],
    handler: (text: string, regex: string) => [...text.matchAll(new RegExp(regex, 'g'))].map((m) => m[0]),
  });
  return env;
}

let shared: Environment | undefined;
const compiled = new Map<string, (context: Record<string, unknown>) => unknown>();

function program(rule: string): (context: Record<string, unknown>) => unknown {
  let evaluate = compiled.get(rule);
  if (evaluate === undefined) {
    shared ??= kubernetesEnvironment();
    const env = shared;
    const parsed = env.parse(rule);
    evaluate = (context) => parsed(context);
    compiled.set(rule, evaluate);
  }
  return evaluate;
}

/** True when the rule compares against the old value (`oldSelf`), i.e. is a transition rule. */
export function isTransitionRule(rule: CelRule): boolean {
  return /\boldSelf\b/.test(rule.rule);
}

function messageOf(rule: CelRule, context: Record<string, unknown>): string {
  if (rule.messageExpression !== undefined) {
    try {
      const text = program(rule.messageExpression)(context);
      if (typeof text === 'string' && text !== '') return text;
    } catch {
      // kube-apiserver falls back to `message` when messageExpression fails.
    }
  }
  return rule.message ?? `failed rule: ${rule.rule}`;
}

/** Evaluates `rule` with `self` (and `oldSelf` for transition rules). */
export function evaluateRule(rule: CelRule, self: unknown, oldSelf?: unknown): CelOutcome {
  const context: Record<string, unknown> = oldSelf === undefined ? { self } : { self, oldSelf };
  let result: unknown;
  try {
    result = program(rule.rule)(context);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, message: `${reason} evaluating rule: ${rule.rule}` };
  }
  if (result === true) return { ok: true };
  if (result === false) return { ok: false, message: messageOf(rule, context) };
  return { ok: false, message: `rule did not evaluate to a bool: ${rule.rule}` };
}

/** Why `rule` does not compile, or undefined when it does. */
export function compileProblem(rule: string): string | undefined {
  try {
    program(rule);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}
