import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
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
      { severity: 'error', code: 'undefined-variable', message: 'undefined variable "cluster_nam"', hint: 'did you mean "cluster_name"?', file: context.file, line: 2, column: 8, path: '' },
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
    const codes = renderTemplate('a: "{{ two words }}"\nb: "{{ open"\n', { two: 'x' }, context).problems.map((problem) => `${problem.line}:${problem.code}`);
    assert.deepEqual(codes, ['1:invalid-placeholder', '2:unclosed-placeholder']);
  });
});
