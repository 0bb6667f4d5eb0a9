import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { renderTemplate } from '../../src/gitops/render/render-template.js';

const context = { file: 'clusters/sandbox/nodeclasses/default.yaml', cluster: 'sandbox' };

describe('renderTemplate', () => {
  it('replaces placeholders with and without spaces and keeps the line count', () => {
    const text = 'role: "{{ cluster_name }}-node-role"\nName: "{{ext_account_id}}-private*"\n';
    const result = renderTemplate(text, { cluster_name: 'sandbox', ext_account_id: '000000000000' }, context);
    assert.equal(result.text, 'role: "sandbox-node-role"\nName: "000000000000-private*"\n');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.used, ['cluster_name', 'ext_account_id']);
  });

  it('reports an undefined variable with its line, column and the closest defined name', () => {
    const result = renderTemplate('a: 1\nrole: "{{ cluster_nam }}-role"\n', { cluster_name: 'sandbox' }, context);
    assert.deepEqual(result.problems, [
      {
        severity: 'error',
        code: 'undefined-variable',
        message: 'undefined variable "cluster_nam"',
        hint: 'did you mean "cluster_name"?',
        file: context.file,
        line: 2,
        column: 8,
        path: 'role',
      },
    ]);
  });

  it('says where to define a variable that nothing resembles', () => {
    const [problem] = renderTemplate('x: "{{ team }}"', {}, context).problems;
    assert.equal(problem.hint, 'define it under spec.vars in the cluster.yaml of cluster "sandbox"');
  });

  it('explains that a manifest outside a cluster folder has no variables', () => {
    const [problem] = renderTemplate('x: "{{ cluster_name }}"', {}, { file: 'pool.yaml' }).problems;
    assert.equal(problem.code, 'undefined-variable');
    assert.match(problem.hint ?? '', /outside any cluster folder/);
  });

  it('leaves placeholders in comments alone', () => {
    const result = renderTemplate('# uses {{ cluster_name }}\nname: x # {{ nope }}\n', {}, context);
    assert.equal(result.text, '# uses {{ cluster_name }}\nname: x # {{ nope }}\n');
    assert.deepEqual(result.problems, []);
  });

  it('rejects malformed and unclosed placeholders', () => {
    const codes = renderTemplate('a: "{{ two words }}"\nb: "{{ open"\n', { two: 'x' }, context).problems.map(
      (problem) => `${problem.line}:${problem.code}`,
    );
    assert.deepEqual(codes, ['1:invalid-placeholder', '2:unclosed-placeholder']);
  });

  it('keeps Go templates and insertFile in userData as written, even outside a cluster folder', () => {
    const text = [
      'kind: EC2NodeClass',
      'metadata:',
      '  name: custom',
      'spec:',
      '  userData: |',
      '    #!/bin/bash',
      '    {{ insertFile "bootstrap.sh" }}',
      '    {{ if eq .Values.env "prod" }}echo {{ .Values.x | default "{}" }}{{ end }}',
      '    echo {{ unterminated',
      '',
    ].join('\n');
    const result = renderTemplate(text, {}, { file: 'class.yaml' });
    assert.deepEqual(result.problems, []);
    assert.equal(result.text, text);
  });

  it('substitutes variables inside a block scalar, where "#" does not start a comment', () => {
    const text = 'spec:\n  userData: |\n    echo start # {{ cluster_name }}\n# {{ cluster_name }} in a real comment\n';
    const result = renderTemplate(text, { cluster_name: 'sandbox' }, context);
    assert.equal(result.text, 'spec:\n  userData: |\n    echo start # sandbox\n# {{ cluster_name }} in a real comment\n');
  });

  it('renders the string-constant escapes {{ "{{" }} and {{`…`}} as written, in any field', () => {
    const text = 'spec:\n  tags:\n    a: \'{{ "{{" }} x }}\'\n    b: "{{`{{ raw }}`}}"\n';
    const result = renderTemplate(text, {}, context);
    assert.deepEqual(result.problems, []);
    assert.equal(result.text, 'spec:\n  tags:\n    a: \'{{ x }}\'\n    b: "{{ raw }}"\n');
  });

  it('leaves unknown placeholders in annotations alone and warns only for a near miss of a variable', () => {
    const text = 'metadata:\n  annotations:\n    a: "{{ .Release.Name }}"\n    b: "{{ clustr_name }}"\n    c: "{{ cluster_name }}"\n';
    const result = renderTemplate(text, { cluster_name: 'sandbox' }, context);
    assert.equal(result.text, 'metadata:\n  annotations:\n    a: "{{ .Release.Name }}"\n    b: "{{ clustr_name }}"\n    c: "sandbox"\n');
    assert.deepEqual(
      result.problems.map((problem) => `${problem.severity}:${problem.code}@${problem.path}:${problem.hint}`),
      ['warning:kept-placeholder@metadata.annotations.b:did you mean "cluster_name"?'],
    );
  });

  it('names the object and the field of every placeholder error, also for unquoted placeholders', () => {
    const text = 'kind: NodePool\nmetadata:\n  name: spark\nspec:\n  weight: {{ w }}\n  role: "{{ insertFile "x" }}"\n  x: "{{ open"\n';
    const problems = renderTemplate(text, {}, context).problems.map(
      (problem) => `${problem.line}:${problem.kind}/${problem.name}:${problem.path}:${problem.code}`,
    );
    assert.deepEqual(problems, [
      '5:NodePool/spark:spec.weight:undefined-variable',
      '6:NodePool/spark:spec.role:invalid-placeholder',
      '7:NodePool/spark:spec.x:unclosed-placeholder',
    ]);
  });

  it('refuses a string constant that would add a line break (line numbers must stay those of the file)', () => {
    const result = renderTemplate('a: "{{ "x\\ny" }}"\nb: 1\n', {}, context);
    assert.equal(result.text, 'a: "{{ "x\\ny" }}"\nb: 1\n');
    assert.deepEqual(
      result.problems.map((problem) => `${problem.line}:${problem.code}`),
      ['1:invalid-placeholder'],
    );
  });

  it('never throws on any text, keeps the line count, and changes nothing without "{{"', () => {
    const piece = fc.constantFrom(
      '{{',
      '}}',
      '{',
      '}',
      '"',
      '`',
      '\\',
      '#',
      ': ',
      '- ',
      '|\n  ',
      '\n',
      ' ',
      'a',
      'cluster_name',
      'n',
      'kind: X\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        const result = renderTemplate(text, { cluster_name: 'sandbox' }, context);
        assert.equal(result.text.split('\n').length, text.split('\n').length);
        if (!text.includes('{{')) assert.equal(result.text, text);
      }),
      { numRuns: 300, seed: 9 },
    );
  });
});
