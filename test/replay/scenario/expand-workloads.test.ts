import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Pod } from '../../../src/apis/core-v1.js';
import { doNotDisrupt, isReschedulable } from '../../../src/disruption/pod-disruption.js';
import { expandWorkloads } from '../../../src/replay/scenario/expand-workloads.js';
import { parseTimeOfDay } from '../../../src/replay/scenario/time-of-day.js';
import type { Scenario, SchedulePoint, Workload, WorkloadTimeline } from '../../../src/replay/types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const REQUESTS = { cpu: '500m', memory: '1Gi' } as const;

function scenarioOf(workloads: Workload[], overrides: Partial<Scenario> = {}): Scenario {
  return {
    name: 'test',
    region: 'eu-west-2',
    clusterFolder: 'repo-template/clusters/sandbox',
    duration: '24h',
    startAt: '00:00',
    bootSeconds: 60,
    spotInterruptionRate: 0,
    workloads,
    ...overrides,
  };
}

function deployment(replicas: SchedulePoint[], overrides: Partial<Workload> = {}): Workload {
  return { kind: 'deployment', name: 'web', namespace: 'web', requests: REQUESTS, replicas, ...overrides } as Workload;
}

/** The pods alive at `at` (created at or before, not yet deleted), by name. */
function liveAt(timeline: WorkloadTimeline, at: number): Map<string, Pod> {
  const live = new Map<string, Pod>();
  for (const event of timeline.events) {
    if (event.at > at) break;
    if (event.type === 'create') live.set(`${event.pod.metadata.namespace}/${event.pod.metadata.name}`, event.pod);
    else live.delete(`${event.namespace}/${event.name}`);
  }
  return live;
}

/** Each pod's [created, deleted] times (deleted undefined when it outlives the replay). */
function lifetimes(timeline: WorkloadTimeline): Map<string, { pod: Pod; created: number; deleted?: number }> {
  const out = new Map<string, { pod: Pod; created: number; deleted?: number }>();
  for (const event of timeline.events) {
    if (event.type === 'create')
      out.set(`${event.pod.metadata.namespace}/${event.pod.metadata.name}`, { pod: event.pod, created: event.at });
    else {
      const entry = out.get(`${event.namespace}/${event.name}`);
      assert.ok(entry !== undefined && entry.deleted === undefined, `delete of ${event.name} that is not running`);
      entry.deleted = event.at;
    }
  }
  return out;
}

describe('expandWorkloads', () => {
  it('GIVEN a deployment schedule WHEN expanded THEN the pod count at sampled minutes follows it, wrapping past midnight', () => {
    const replicas = [
      { at: '06:00', value: 5 },
      { at: '12:00', value: 9 },
      { at: '18:30', value: 1 },
    ];
    const timeline = expandWorkloads(scenarioOf([deployment(replicas)], { startAt: '03:00', duration: '30h' }), 7);
    const expected: Array<[number, number]> = [
      [0, 1], // 03:00, before the first point: the last point of the day before holds
      [2 * HOUR + 59 * MINUTE, 1], // 05:59
      [3 * HOUR, 5], // 06:00
      [9 * HOUR + 30 * MINUTE, 9], // 12:30
      [15 * HOUR + 29 * MINUTE, 9], // 18:29
      [15 * HOUR + 30 * MINUTE, 1], // 18:30
      [27 * HOUR, 5], // 06:00 the next day
      [30 * HOUR - 1, 5],
    ];
    for (const [at, count] of expected) assert.equal(liveAt(timeline, at).size, count, `at ${at / MINUTE} min`);
    assert.equal(timeline.durationMs, 30 * HOUR);
  });

  it('GIVEN a deployment scaling down WHEN expanded THEN the newest pods are deleted first', () => {
    const replicas = [
      { at: '00:00', value: 2 },
      { at: '01:00', value: 5 },
      { at: '02:00', value: 3 },
    ];
    const timeline = expandWorkloads(scenarioOf([deployment(replicas)]), 1);
    const created = timeline.events.filter((event) => event.type === 'create').map((event) => event.pod.metadata.name);
    const deleted = timeline.events
      .filter((event) => event.type === 'delete' && event.at === 2 * HOUR)
      .map((event) => (event.type === 'delete' ? event.name : ''));
    assert.deepEqual(deleted, [created[4], created[3]]);
    assert.deepEqual(
      [...liveAt(timeline, 2 * HOUR).values()].map((pod) => pod.metadata.name),
      created.slice(0, 3),
    );
  });

  it('GIVEN a cronjob WHEN expanded THEN each firing starts parallelism pods of one Job that end after runTime ± 10 %', () => {
    const cron: Workload = {
      kind: 'cronjob',
      name: 'spark',
      namespace: 'etl',
      schedule: '15 */4 * * *',
      parallelism: 6,
      runTime: '40m',
      requests: REQUESTS,
    };
    const timeline = expandWorkloads(scenarioOf([cron]), 3);
    const pods = [...lifetimes(timeline).values()];
    assert.equal(pods.length, 6 * 6);
    const starts = [...new Set(pods.map((entry) => entry.created))];
    assert.deepEqual(
      starts,
      [0, 4, 8, 12, 16, 20].map((hour) => hour * HOUR + 15 * MINUTE),
    );
    for (const entry of pods) {
      assert.ok(entry.deleted !== undefined, `${entry.pod.metadata.name} never ends`);
      const run = entry.deleted - entry.created;
      assert.ok(run >= 0.9 * 40 * MINUTE && run <= 1.1 * 40 * MINUTE, `${entry.pod.metadata.name} ran ${run / MINUTE} min`);
      const [owner] = entry.pod.metadata.ownerReferences ?? [];
      assert.equal(owner.kind, 'Job');
      assert.equal(entry.pod.metadata.labels?.['job-name'], owner.name);
      assert.match(owner.name, /^spark-\d+$/);
    }
    const runs = new Set(pods.map((entry) => (entry.deleted ?? 0) - entry.created));
    assert.ok(runs.size > 1, 'run times are jittered, not all equal');
    const jobs = new Set(pods.map((entry) => entry.pod.metadata.ownerReferences?.[0].name));
    assert.equal(jobs.size, 6);
  });

  it('GIVEN a job whose pods would end after the replay WHEN expanded THEN they are left running', () => {
    const cron: Workload = {
      kind: 'cronjob',
      name: 'late',
      namespace: 'etl',
      schedule: '0 23 * * *',
      parallelism: 2,
      runTime: '2h',
      requests: REQUESTS,
    };
    const timeline = expandWorkloads(scenarioOf([cron]), 1);
    assert.deepEqual(
      timeline.events.map((event) => [event.type, event.at]),
      [
        ['create', 23 * HOUR],
        ['create', 23 * HOUR],
      ],
    );
  });

  it('GIVEN a burst before the start time WHEN expanded THEN it starts the next day, once', () => {
    const burst: Workload = { kind: 'burst', name: 'backfill', namespace: 'etl', at: '03:00', pods: 4, runTime: '30m', requests: REQUESTS };
    const timeline = expandWorkloads(scenarioOf([burst], { startAt: '07:00', duration: '48h' }), 1);
    const creates = timeline.events.filter((event) => event.type === 'create');
    assert.equal(creates.length, 4);
    assert.ok(creates.every((event) => event.at === 20 * HOUR));
    assert.equal(timeline.events.filter((event) => event.type === 'delete').length, 4);
  });

  it('GIVEN a weekday cron schedule over a week WHEN expanded THEN it fires on the five weekdays (day 0 is a Monday)', () => {
    const cron: Workload = {
      kind: 'cronjob',
      name: 'report',
      namespace: 'etl',
      schedule: '0 9 * * 1-5',
      parallelism: 1,
      runTime: '10m',
      requests: REQUESTS,
    };
    const timeline = expandWorkloads(scenarioOf([cron], { duration: '168h' }), 1);
    const days = timeline.events.filter((event) => event.type === 'create').map((event) => (event.at - 9 * HOUR) / (24 * HOUR));
    assert.deepEqual(days, [0, 1, 2, 3, 4]);
  });

  it('GIVEN the pod shape of a workload WHEN expanded THEN the pods carry it and are evictable ReplicaSet pods', () => {
    const workload = deployment([{ at: '00:00', value: 2 }], {
      nodeSelector: { NodePool: 'jupyterhub-small' },
      tolerations: [{ key: 'jupyterhub-small', operator: 'Exists', effect: 'NoSchedule' }],
      spreadZones: true,
      doNotDisrupt: true,
    });
    const [event] = expandWorkloads(scenarioOf([workload]), 1).events;
    assert.equal(event.type, 'create');
    const { pod } = event;
    assert.equal(pod.metadata.namespace, 'web');
    assert.equal(pod.metadata.labels?.app, 'web');
    assert.equal(pod.metadata.ownerReferences?.[0].kind, 'ReplicaSet');
    assert.match(pod.metadata.name ?? '', new RegExp(`^${pod.metadata.ownerReferences?.[0].name}-[a-z0-9]{5}$`));
    assert.deepEqual(pod.spec.containers[0].resources?.requests, { cpu: '500m', memory: '1Gi' });
    assert.deepEqual(pod.spec.nodeSelector, { NodePool: 'jupyterhub-small' });
    assert.deepEqual(pod.spec.tolerations, [{ key: 'jupyterhub-small', operator: 'Exists', effect: 'NoSchedule' }]);
    assert.deepEqual(pod.spec.topologySpreadConstraints, [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { app: 'web' } },
      },
    ]);
    assert.equal(doNotDisrupt(pod, 0).state, 'forever');
    assert.ok(isReschedulable(pod));
    const plain = expandWorkloads(scenarioOf([deployment([{ at: '00:00', value: 1 }])]), 1).events[0];
    assert.ok(
      plain.type === 'create' && plain.pod.metadata.annotations === undefined && plain.pod.spec.topologySpreadConstraints === undefined,
    );
  });

  it('GIVEN the same scenario and seed WHEN expanded twice THEN the timelines are deep-equal; another seed names pods differently', () => {
    const workloads: Workload[] = [
      deployment([
        { at: '00:00', value: 3 },
        { at: '08:00', value: 12 },
      ]),
      { kind: 'cronjob', name: 'spark', namespace: 'etl', schedule: '*/20 * * * *', parallelism: 5, runTime: '15m', requests: REQUESTS },
      { kind: 'burst', name: 'b', namespace: 'etl', at: '12:00', pods: 50, runTime: '1h', requests: REQUESTS },
    ];
    const scenario = scenarioOf(workloads);
    assert.deepEqual(expandWorkloads(scenario, 42), expandWorkloads(structuredClone(scenario), 42));
    assert.notDeepEqual(expandWorkloads(scenario, 42), expandWorkloads(scenario, 43));
  });

  it('GIVEN any timeline WHEN read in order THEN times ascend, deletes precede creates at an instant, and names are unique', () => {
    const workloads: Workload[] = [
      deployment([
        { at: '00:00', value: 3 },
        { at: '00:20', value: 1 },
      ]),
      { kind: 'cronjob', name: 'tick', namespace: 'web', schedule: '*/10 * * * *', parallelism: 30, runTime: '10m', requests: REQUESTS },
    ];
    const timeline = expandWorkloads(scenarioOf(workloads, { duration: '2h' }), 5);
    for (let index = 1; index < timeline.events.length; index++) {
      const [previous, event] = [timeline.events[index - 1], timeline.events[index]];
      assert.ok(previous.at <= event.at);
      if (previous.at === event.at)
        assert.ok(!(previous.type === 'create' && event.type === 'delete'), `create before delete at ${event.at}`);
    }
    const names = timeline.events.filter((event) => event.type === 'create').map((event) => event.pod.metadata.name);
    assert.equal(new Set(names).size, names.length);
    lifetimes(timeline);
  });

  it('GIVEN any daily replica schedule WHEN expanded THEN the count at every minute is what the schedule says', () => {
    const point = fc.record({ minute: fc.integer({ min: 0, max: 1439 }), value: fc.integer({ min: 0, max: 8 }) });
    const schedule = fc.uniqueArray(point, { minLength: 1, maxLength: 5, selector: (p) => p.minute }).map((points) =>
      [...points]
        .sort((a, b) => a.minute - b.minute)
        .map((p) => ({
          at: `${String(Math.floor(p.minute / 60)).padStart(2, '0')}:${String(p.minute % 60).padStart(2, '0')}`,
          value: p.value,
        })),
    );
    fc.assert(
      fc.property(schedule, fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1000 }), (replicas, start, seed) => {
        const startAt = `${String(Math.floor(start / 60)).padStart(2, '0')}:${String(start % 60).padStart(2, '0')}`;
        const timeline = expandWorkloads(scenarioOf([deployment(replicas)], { startAt, duration: '26h' }), seed);
        for (let minute = 0; minute < 26 * 60; minute += 37) {
          const minuteOfDay = ((parseTimeOfDay(startAt) ?? 0) + minute) % 1440;
          const holding = replicas.filter((p) => (parseTimeOfDay(p.at) ?? 0) <= minuteOfDay).at(-1) ?? replicas.at(-1);
          assert.equal(liveAt(timeline, minute * MINUTE).size, holding?.value);
        }
      }),
      { numRuns: 60 },
    );
  });
});
