/**
 * Agent API routes that drive the simulated EC2's fault injection, so the
 * dashboard, the CLI and tests can cause what a real cloud does to a cluster.
 * Every body is parsed with zod, with bounds: a route never sees a count or
 * a duration that could exhaust the process (`{"count": 1e9}` used to).
 */
import { z } from 'zod';
import type { SimInstance } from '../cloudprovider/sim/instances.js';
import type { SimCloudProvider } from '../cloudprovider/sim/sim-cloud-provider.js';
import { HttpError, type JsonRoute } from '../observe/agent-server.js';
import { parseRequestBody } from '../observe/request-body.js';
import { InstanceRef } from '../observe/request-fields.js';

const DAY_MS = 86_400_000;

const InstanceBody = z.strictObject({ instance: InstanceRef });

const OutageBody = z.strictObject({
  durationMs: z.number().int().min(1).max(DAY_MS).default(300_000),
  instanceType: z
    .string()
    .max(64)
    .regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'expected an instance type such as m5.large')
    .optional(),
  zone: z
    .string()
    .max(32)
    .regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, 'expected an availability zone such as eu-west-2a')
    .optional(),
  capacityType: z.enum(['spot', 'on-demand']).optional(),
});

const LaunchFailuresBody = z.strictObject({ count: z.number().int().min(1).max(1000).default(1) });

function checked(result: { ok: boolean; reason?: string }): unknown {
  if (!result.ok) throw new HttpError(409, result.reason ?? 'refused');
  return { ok: true };
}

function instanceSummary({ id, providerID, instanceType, zone, capacityType, price, state }: SimInstance) {
  return { id, providerID, instanceType, zone, capacityType, price, state };
}

/** `POST /api/v1/sim/...` routes over one simulated cloud. */
export function simulationRoutes(cloud: SimCloudProvider): Record<string, JsonRoute> {
  return {
    'GET /api/v1/sim/instances': () => ({ instances: cloud.instances.all().map(instanceSummary) }),
    'POST /api/v1/sim/spot-interruption': ({ body }) =>
      checked(cloud.controls.spotInterruption(parseRequestBody(InstanceBody, body).instance)),
    'POST /api/v1/sim/rebalance-recommendation': ({ body }) =>
      checked(cloud.controls.rebalanceRecommendation(parseRequestBody(InstanceBody, body).instance)),
    'POST /api/v1/sim/insufficient-capacity': ({ body }) => {
      const { durationMs, instanceType, zone, capacityType } = parseRequestBody(OutageBody, body);
      const outage = cloud.controls.insufficientCapacity({
        durationMs,
        ...(instanceType !== undefined ? { instanceType } : {}),
        ...(zone !== undefined ? { zone } : {}),
        ...(capacityType !== undefined ? { capacityType } : {}),
      });
      return { ok: true, outage };
    },
    'POST /api/v1/sim/launch-failures': ({ body }) => {
      cloud.controls.launchFailures({ count: parseRequestBody(LaunchFailuresBody, body).count });
      return { ok: true };
    },
  };
}
