/**
 * One spelling per value for the quantity and duration fields of NodePools and
 * EC2NodeClasses, so `1000` and `"1k"`, `"1Gi"` and `"1073741824"`, `720h`
 * and `720h0m0s` compare equal. The canonical spelling depends on the value
 * alone (never on how it was written), which makes it idempotent; a value
 * that does not parse is left exactly as it is.
 */
import { Duration, formatGoDuration } from '../../apis/duration.js';
import { KARPENTER_AWS_V1 } from '../../apis/ec2nodeclass.js';
import { KARPENTER_V1 } from '../../apis/nodepool.js';
import { Quantity } from '../../apis/quantity.js';
import { isJsonObject } from './json-value.js';

const NANO = 1_000_000_000n;
const PLAIN_INTEGER_BELOW = 1_000_000n;

/**
 * The canonical spelling of a quantity, or `value` itself when it is not one: a fraction of a unit in decimal
 * suffixes (`1500m`); a whole number below a million as a plain integer (`2000`); larger whole numbers in the
 * shorter of the binary and decimal spellings, binary on a tie (`8000Gi`, `100G`, `1Mi`).
 */
export function canonicalQuantity(value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  if (typeof value === 'number' && !Number.isFinite(value)) return value;
  const quantity = Quantity.tryParse(value);
  if (quantity === undefined) return value;
  const nanos = quantity.nanos;
  if (nanos % NANO !== 0n) return Quantity.fromNanos(nanos, 'DecimalSI').toString();
  const units = nanos / NANO;
  if ((units < 0n ? -units : units) < PLAIN_INTEGER_BELOW) return units.toString();
  const binary = Quantity.fromNanos(nanos, 'BinarySI').toString();
  const decimal = Quantity.fromNanos(nanos, 'DecimalSI').toString();
  return decimal.length < binary.length ? decimal : binary;
}

/**
 * The canonical spelling of a Go duration, or `value` itself when it is not one: Go's `String()` without its
 * zero minutes and seconds (`720h0m0s` → `720h`, `1h0m30s` → `1h30s`, `90s` → `1m30s`); `Never` stays `Never`.
 */
export function canonicalDuration(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const duration = Duration.tryParse(value);
  if (duration === undefined) return value;
  if (duration.nanos === undefined) return 'Never';
  return formatGoDuration(duration.nanos)
    .replace(/(?<=[hm])0m/, '')
    .replace(/(?<=[hm])0s$/, '');
}

type Canonicaliser = (value: unknown) => unknown;

/**
 * The quantity and duration fields by kind: dotted paths from the object's root, `[]` for every list item,
 * `*` for every map value (types in src/apis/nodepool.ts and src/apis/ec2nodeclass.ts).
 */
const VALUE_FIELDS: ReadonlyMap<string, ReadonlyArray<readonly [string, Canonicaliser]>> = new Map([
  [
    `${KARPENTER_V1}/NodePool`,
    [
      ['spec.limits.*', canonicalQuantity],
      ['spec.template.spec.expireAfter', canonicalDuration],
      ['spec.template.spec.terminationGracePeriod', canonicalDuration],
      ['spec.disruption.consolidateAfter', canonicalDuration],
      ['spec.disruption.budgets[].duration', canonicalDuration],
    ],
  ],
  [
    `${KARPENTER_AWS_V1}/EC2NodeClass`,
    [
      ['spec.kubelet.systemReserved.*', canonicalQuantity],
      ['spec.kubelet.kubeReserved.*', canonicalQuantity],
      // Eviction thresholds are quantities or percentages (`5%`); a percentage does not parse and stays as written.
      ['spec.kubelet.evictionHard.*', canonicalQuantity],
      ['spec.kubelet.evictionSoft.*', canonicalQuantity],
      ['spec.kubelet.evictionSoftGracePeriod.*', canonicalDuration],
      ['spec.blockDeviceMappings[].ebs.volumeSize', canonicalQuantity],
    ],
  ],
]);

function mapAt(value: unknown, path: readonly string[], change: Canonicaliser): unknown {
  if (path.length === 0) return change(value);
  const [segment, ...rest] = path;
  if (!isJsonObject(value)) return value;
  if (segment === '*') return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, mapAt(field, rest, change)]));
  const list = segment.endsWith('[]');
  const key = list ? segment.slice(0, -2) : segment;
  if (!Object.hasOwn(value, key)) return value;
  const field = value[key];
  let changed: unknown = field;
  if (!list) changed = mapAt(field, rest, change);
  else if (Array.isArray(field)) changed = field.map((item) => mapAt(item, rest, change));
  return Object.fromEntries(Object.entries(value).map(([name, old]) => [name, name === key ? changed : old]));
}

/** `object` with every quantity and duration field of its kind in canonical spelling; others unchanged. */
export function withCanonicalValues(object: unknown): unknown {
  if (!isJsonObject(object)) return object;
  const fields = VALUE_FIELDS.get(`${String(object.apiVersion)}/${String(object.kind)}`) ?? [];
  return fields.reduce<unknown>((current, [path, change]) => mapAt(current, path.split('.'), change), object);
}
