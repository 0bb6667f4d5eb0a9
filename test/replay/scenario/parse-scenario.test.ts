import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Problem } from '../../../src/apis/problem.js';
import { formatProblem } from '../../../src/gitops/render/format-problems.js';
import { type ParseScenarioResult, parseScenario } from '../../../src/replay/scenario/parse-scenario.js';

const FILE = 'scenarios/x.yaml';

/** A valid scenario's head (lines 1–4); workloads follow from line 5. */
const HEAD = `region: eu-west-2
clusterFolder: repo-template/clusters/sandbox
duration: 24h
workloads:
`;

const WEB = `  - kind: deployment
    name: web
    requests: { cpu: 250m, memory: 512Mi }
    replicas:
      - { at: "00:00", value: 2 }
      - { at: "09:00", value: 6 }
`;

const SPARK = `  - kind: cronjob
    name: spark
    schedule: "0 * * * *"
    parallelism: 4
    runTime: 20m
    requests: { cpu: "1", memory: 2Gi }
`;

function problemsOf(result: ParseScenarioResult): readonly Problem[] {
  assert.equal(result.ok, false, 'expected the scenario to be refused');
  return result.problems;
}

/** The one problem at `path`, asserting it names the file and `line`. */
function expectProblem(result: ParseScenarioResult, path: string, line: number, message: RegExp): Problem {
  const problems = problemsOf(result);
  const problem = problems.find((candidate) => candidate.path === path);
  assert.ok(problem !== undefined, `no problem at ${path}; got:\n${problems.map(formatProblem).join('\n')}`);
  assert.equal(problem.file, FILE);
  assert.equal(problem.line, line, formatProblem(problem));
  assert.match(problem.message, message);
  return problem;
}

describe('parseScenario', () => {
  it('GIVEN a minimal valid scenario WHEN parsed THEN the defaults are filled in and the name comes from the file', () => {
    const result = parseScenario(HEAD + WEB + SPARK, FILE);
    assert.ok(result.ok, result.problems.map(formatProblem).join('\n'));
    const { scenario } = result;
    assert.equal(scenario.name, 'x');
    assert.equal(scenario.startAt, '00:00');
    assert.equal(scenario.bootSeconds, 60);
    assert.equal(scenario.spotInterruptionRate, 0);
    assert.equal(scenario.workloads.length, 2);
    assert.deepEqual(scenario.workloads[0], {
      kind: 'deployment',
      name: 'web',
      namespace: 'default',
      requests: { cpu: '250m', memory: '512Mi' },
      replicas: [
        { at: '00:00', value: 2 },
        { at: '09:00', value: 6 },
      ],
    });
    assert.deepEqual(result.problems, []);
  });

  it('GIVEN a replica point at "25:00" WHEN parsed THEN the problem names file, line and field', () => {
    const text = HEAD + WEB.replace('"09:00"', '"25:00"');
    const problem = expectProblem(parseScenario(text, FILE), 'workloads[0].replicas[1].at', 10, /not a time of day HH:MM/);
    assert.equal(formatProblem(problem).split(' (')[0], `${FILE}:10: workloads[0].replicas[1].at: "25:00" is not a time of day HH:MM`);
  });

  it('GIVEN a time written unquoted as a number WHEN parsed THEN it is refused with a hint to quote it', () => {
    const text = `${HEAD}${WEB}startAt: 480\n`;
    const problem = expectProblem(parseScenario(text, FILE), 'startAt', 11, /not a time of day/);
    assert.match(problem.hint ?? '', /quote/);
  });

  it('GIVEN misspelt fields WHEN parsed THEN each is refused with the closest known field as a hint', () => {
    const text = `${HEAD}${SPARK.replace('runTime', 'runtime')}bootSecond: 30\n`;
    const result = parseScenario(text, FILE);
    const field = expectProblem(result, 'workloads[0].runtime', 9, /unknown field "runtime"/);
    assert.equal(field.hint, 'did you mean "runTime"?');
    assert.equal(expectProblem(result, 'bootSecond', 11, /unknown field/).hint, 'did you mean "bootSeconds"?');
    expectProblem(result, 'workloads[0].runTime', 5, /"runTime" is required/);
  });

  it('GIVEN an unknown workload kind WHEN parsed THEN the kinds are suggested', () => {
    const problem = expectProblem(
      parseScenario(HEAD + SPARK.replace('cronjob', 'cronJobs'), FILE),
      'workloads[0].kind',
      5,
      /unknown workload kind/,
    );
    assert.equal(problem.hint, 'did you mean "cronjob"?');
  });

  it('GIVEN negative and too large numbers WHEN parsed THEN each is refused with its bounds', () => {
    const text = `${HEAD}${WEB.replace('value: 2', 'value: -1')}${SPARK.replace('parallelism: 4', 'parallelism: 10001')}spotInterruptionRate: 2\nbootSeconds: 1.5\n`;
    const result = parseScenario(text, FILE);
    expectProblem(result, 'workloads[0].replicas[0].value', 9, /-1 is out of range: expected an integer from 0 to 10000/);
    expectProblem(result, 'workloads[1].parallelism', 14, /10001 is out of range: expected an integer from 1 to 10000/);
    expectProblem(result, 'spotInterruptionRate', 17, /out of range: expected a number from 0 to 1/);
    expectProblem(result, 'bootSeconds', 18, /expected an integer, got number 1.5/);
  });

  it('GIVEN durations over 7 days, zero or without a unit WHEN parsed THEN they are refused', () => {
    const text = HEAD.replace('24h', '169h') + SPARK.replace('runTime: 20m', 'runTime: 20');
    const result = parseScenario(text, FILE);
    expectProblem(result, 'duration', 3, /out of range: expected more than 0s and at most 7 days/);
    assert.equal(expectProblem(result, 'workloads[0].runTime', 9, /not a duration/).hint, 'write the unit, e.g. "20m" or "20h"');
    expectProblem(parseScenario(HEAD.replace('24h', '0s') + WEB, FILE), 'duration', 3, /out of range/);
    expectProblem(parseScenario(HEAD.replace('24h', 'Never') + WEB, FILE), 'duration', 3, /not a duration/);
  });

  it('GIVEN more than 1000 replica points WHEN parsed THEN the list is refused', () => {
    const points = Array.from({ length: 1001 }, () => '      - { at: "00:00", value: 1 }\n').join('');
    const text = `${HEAD}  - kind: deployment\n    name: web\n    requests: { cpu: 1, memory: 1Gi }\n    replicas:\n${points}`;
    expectProblem(parseScenario(text, FILE), 'workloads[0].replicas', 8, /1001 items is too many: expected at most 1000/);
  });

  it('GIVEN a burst of too many pods or none WHEN parsed THEN it is refused', () => {
    const burst = (pods: number) =>
      `${HEAD}  - kind: burst\n    name: b\n    at: "12:00"\n    pods: ${pods}\n    runTime: 1h\n    requests: { cpu: 1, memory: 1Gi }\n`;
    expectProblem(parseScenario(burst(10_001), FILE), 'workloads[0].pods', 8, /out of range/);
    expectProblem(parseScenario(burst(0), FILE), 'workloads[0].pods', 8, /out of range/);
    assert.ok(parseScenario(burst(10_000), FILE).ok);
  });

  it('GIVEN a request that is not a quantity, zero or absurd WHEN parsed THEN it is refused', () => {
    const result = parseScenario(HEAD + WEB.replace('cpu: 250m', 'cpu: 2 cores'), FILE);
    const problem = expectProblem(result, 'workloads[0].requests.cpu', 7, /"2 cores" is not a quantity/);
    assert.match(problem.hint ?? '', /500m/);
    expectProblem(parseScenario(HEAD + WEB.replace('cpu: 250m', 'cpu: "0"'), FILE), 'workloads[0].requests.cpu', 7, /out of range/);
    expectProblem(
      parseScenario(HEAD + WEB.replace('memory: 512Mi', 'memory: 64Ti'), FILE),
      'workloads[0].requests.memory',
      7,
      /out of range/,
    );
  });

  it('GIVEN a bad cron schedule WHEN parsed THEN the cron parser says why', () => {
    const result = parseScenario(HEAD + SPARK.replace('"0 * * * *"', '"61 * * * *"'), FILE);
    expectProblem(result, 'workloads[0].schedule', 7, /"61 \* \* \* \*" is not a cron schedule: minute must be between 0 and 59/);
    expectProblem(parseScenario(HEAD + SPARK.replace('"0 * * * *"', '"0 * * *"'), FILE), 'workloads[0].schedule', 7, /expected 5 fields/);
  });

  it('GIVEN missing required fields WHEN parsed THEN each is named, at its mapping', () => {
    const result = parseScenario(
      `clusterFolder: c\nduration: 1h\nworkloads:\n${WEB.replace('    requests: { cpu: 250m, memory: 512Mi }\n', '')}`,
      FILE,
    );
    expectProblem(result, 'region', 1, /"region" is required/);
    expectProblem(result, 'workloads[0].requests', 4, /"requests" is required/);
    expectProblem(parseScenario(HEAD.replace('workloads:\n', ''), FILE), 'workloads', 1, /"workloads" is required/);
  });

  it('GIVEN a region, names and labels that Kubernetes or AWS would refuse WHEN parsed THEN they are refused', () => {
    const result = parseScenario(
      HEAD.replace('eu-west-2', 'Europe') +
        WEB.replace('name: web', 'name: Web_1').replace('    replicas:', '    nodeSelector: { "bad key!": x }\n    replicas:'),
      FILE,
    );
    expectProblem(result, 'region', 1, /not an AWS region/);
    expectProblem(result, 'workloads[0].name', 6, /not a name of lower-case letters/);
    expectProblem(result, 'workloads[0].nodeSelector["bad key!"]', 8, /nodeSelector "bad key!"/);
  });

  it('GIVEN replica points out of order or two workloads of one name WHEN parsed THEN both are refused', () => {
    const unordered = parseScenario(HEAD + WEB.replace('"09:00"', '"00:00"'), FILE);
    expectProblem(unordered, 'workloads[0].replicas[1].at', 10, /not after the previous point/);
    const twice = parseScenario(HEAD + WEB + WEB, FILE);
    expectProblem(twice, 'workloads[1].name', 12, /"default\/web" is already defined at workloads\[0\]/);
  });

  it('GIVEN a scenario that would create more than a million pods WHEN parsed THEN it is refused', () => {
    const text = HEAD.replace('24h', '168h') + SPARK.replace('"0 * * * *"', '"* * * * *"').replace('parallelism: 4', 'parallelism: 1000');
    expectProblem(parseScenario(text, FILE), 'workloads', 4, /creates? 10080000 pods/);
  });

  it('GIVEN a burst that starts after the replay ends WHEN parsed THEN it parses with a warning', () => {
    const text = `${HEAD.replace('24h', '2h')}  - kind: burst\n    name: late\n    at: "12:00"\n    pods: 3\n    runTime: 1h\n    requests: { cpu: 1, memory: 1Gi }\n`;
    const result = parseScenario(text, FILE);
    assert.ok(result.ok);
    assert.deepEqual(
      result.problems.map((problem) => [problem.severity, problem.path, problem.line]),
      [['warning', 'workloads[0].at', 7]],
    );
  });

  it('GIVEN broken YAML, several documents or a list WHEN parsed THEN each is one problem with a line', () => {
    const syntax = problemsOf(parseScenario(`${HEAD}  - kind: [deployment\n`, FILE));
    assert.equal(syntax[0].code, 'yaml-syntax');
    assert.equal(syntax[0].file, FILE);
    assert.ok((syntax[0].line ?? 0) >= 5);
    assert.match(problemsOf(parseScenario(`${HEAD}${WEB}---\n${HEAD}${WEB}`, FILE))[0].message, /expected one YAML document, got 2/);
    assert.match(problemsOf(parseScenario('- a\n- b\n', FILE))[0].message, /expected a mapping/);
    assert.match(problemsOf(parseScenario('', FILE))[0].message, /no scenario/);
  });

  it('GIVEN a file with several mistakes WHEN parsed THEN every one is reported in one pass, in file order', () => {
    const text =
      HEAD.replace('24h', '24 hours') + WEB.replace('"09:00"', '"9am"') + SPARK.replace('runTime: 20m', 'runTime: 20m\n    color: red');
    const problems = problemsOf(parseScenario(text, FILE));
    assert.deepEqual(
      problems.map((problem) => problem.path),
      ['duration', 'workloads[0].replicas[1].at', 'workloads[1].color'],
    );
    assert.deepEqual(
      problems.map((problem) => problem.line),
      [3, 10, 16],
    );
  });

  it('GIVEN tolerations, spread and do-not-disrupt WHEN parsed THEN they are kept; a bad operator is refused with a hint', () => {
    const shaped = WEB.replace(
      '    replicas:',
      '    nodeSelector: { NodePool: airflow-worker }\n    tolerations: [{ key: airflow-worker, operator: Exists, effect: NoSchedule }]\n    spreadZones: true\n    doNotDisrupt: true\n    replicas:',
    );
    const result = parseScenario(HEAD + shaped, FILE);
    assert.ok(result.ok, result.problems.map(formatProblem).join('\n'));
    const [workload] = result.scenario.workloads;
    assert.deepEqual(workload.tolerations, [{ key: 'airflow-worker', operator: 'Exists', effect: 'NoSchedule' }]);
    assert.deepEqual(workload.nodeSelector, { NodePool: 'airflow-worker' });
    assert.equal(workload.spreadZones, true);
    assert.equal(workload.doNotDisrupt, true);
    const bad = parseScenario(HEAD + shaped.replace('operator: Exists', 'operator: Exist'), FILE);
    assert.equal(expectProblem(bad, 'workloads[0].tolerations[0].operator', 9, /not one of Exists, Equal/).hint, 'did you mean "Exists"?');
  });
});
