/**
 * Agent API routes that drive the simulated EC2's fault injection, so the
 * dashboard, the CLI and tests can cause what a real cloud does to a cluster.
 */
import type { SimCloudProvider } from '../cloudprovider/sim/sim-cloud-provider.js';
import { HttpError, type JsonRoute } from '../observe/agent-server.js';

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

function requireString(body: unknown, name: string): string {
  const value = field(body, name);
  if (typeof value !== 'string' || value === '') throw new HttpError(400, `body.${name}: expected a non-empty string`);
  return value;
}

function checked(result: { ok: boolean; reason?: string }): unknown {
  if (!result.ok) throw new HttpError(409, result.reason ?? 'refused');
  return { ok: true };
}

/** `POST /api/v1/sim/...` routes over one simulated cloud. */
export function simulationRoutes(cloud: SimCloudProvider): Record<string, JsonRoute> {
  return {
    'GET /api/v1/sim/instances': () => ({ instances: cloud.instances.all().map(({ id, providerID, instanceType, zone, capacityType, price, state }) => ({ id, providerID, instanceType, zone, capacityType, price, state })) }),
    'POST /api/v1/sim/spot-interruption': ({ body }) => checked(cloud.controls.spotInterruption(requireString(body, 'instance'))),
    'POST /api/v1/sim/rebalance-recommendation': ({ body }) => checked(cloud.controls.rebalanceRecommendation(requireString(body, 'instance'))),
    'POST /api/v1/sim/insufficient-capacity': ({ body }) => {
      const durationMs = Number(field(body, 'durationMs') ?? 300_000);
      const instanceType = field(body, 'instanceType');
      const zone = field(body, 'zone');
      const capacityType = field(body, 'capacityType');
      const id = cloud.controls.insufficientCapacity({
        durationMs,
        ...(typeof instanceType === 'string' ? { instanceType } : {}),
        ...(typeof zone === 'string' ? { zone } : {}),
        ...(capacityType === 'spot' || capacityType === 'on-demand' ? { capacityType } : {}),
      });
      return { ok: true, outage: id };
    },
    'POST /api/v1/sim/launch-failures': ({ body }) => {
      cloud.controls.launchFailures({ count: Number(field(body, 'count') ?? 1) });
      return { ok: true };
    },
  };
}
