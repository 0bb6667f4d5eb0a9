/**
 * Can a component read this Pod? The shape the schedulers, the simulated
 * kubelet and the provisioner rely on (containers as a list, resource
 * quantities that parse, selectors and tolerations of the right types),
 * checked with zod at the boundary where pods leave the cache, so one
 * malformed pod that reached the store (an API server that did not validate
 * it) is skipped with a reason instead of throwing for every pod of a pass.
 * Admission validation of Pods is a separate, stricter concern. Pure.
 */
import { z } from 'zod';
import { Quantity } from './quantity.js';

const quantity = z
  .union([z.string(), z.number()])
  .refine((value) => Quantity.isValid(value), { message: 'is not a valid resource quantity' });
const resourceList = z.record(z.string(), quantity);
const stringMap = z.record(z.string(), z.string());

const container = z.looseObject({
  name: z.string().optional(),
  resources: z.looseObject({ requests: resourceList.optional(), limits: resourceList.optional() }).optional(),
  ports: z.array(z.looseObject({ containerPort: z.number().optional(), hostPort: z.number().optional() })).optional(),
});

const podSpec = z.looseObject({
  containers: z.array(container),
  initContainers: z.array(container).optional(),
  nodeName: z.string().optional(),
  nodeSelector: stringMap.optional(),
  tolerations: z
    .array(z.looseObject({ key: z.string().optional(), operator: z.string().optional(), effect: z.string().optional() }))
    .optional(),
  affinity: z.looseObject({}).optional(),
  topologySpreadConstraints: z.array(z.looseObject({ topologyKey: z.string(), maxSkew: z.number() })).optional(),
  overhead: resourceList.optional(),
  priority: z.number().optional(),
});

const podShape = z.looseObject({
  metadata: z.looseObject({
    name: z.string().optional(),
    namespace: z.string().optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  }),
  spec: podSpec,
  status: z.looseObject({ phase: z.string().optional(), conditions: z.array(z.looseObject({ type: z.string() })).optional() }).optional(),
});

function pathOf(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) out += typeof segment === 'number' ? `[${segment}]` : `${out === '' ? '' : '.'}${String(segment)}`;
  return out;
}

/** Answers per pod object (cache objects are replaced, never mutated, so an object's answer does not change). */
const answers = new WeakMap<object, string | null>();

/** Why the pod cannot be read (`spec.containers: expected array, received string`), or undefined when it can. */
export function unreadablePodReason(pod: unknown): string | undefined {
  const cacheable = typeof pod === 'object' && pod !== null;
  const known = cacheable ? answers.get(pod) : undefined;
  if (known !== undefined) return known ?? undefined;
  const parsed = podShape.safeParse(pod);
  const reason = parsed.success ? undefined : `${pathOf(parsed.error.issues[0].path) || 'pod'}: ${parsed.error.issues[0].message}`;
  if (cacheable) answers.set(pod, reason ?? null);
  return reason;
}
