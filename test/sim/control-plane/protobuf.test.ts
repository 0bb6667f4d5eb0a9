/** Decoding Kubernetes' protobuf envelope (what kubectl sends for built-in kinds). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { ApiError } from '../../../src/sim/control-plane/api-error.js';
import { decodeBody } from '../../../src/sim/control-plane/http-io.js';

const PROTO = 'application/vnd.kubernetes.protobuf';

/** Hand-encodes a k8s envelope: magic, then Unknown{typeMeta{apiVersion, kind}, raw}. */
function envelope(apiVersion: string, kind: string, raw: Uint8Array): Buffer {
  const typeMeta = protobuf.Writer.create().uint32(10).string(apiVersion).uint32(18).string(kind).finish();
  const unknown = protobuf.Writer.create()
    .uint32(10)
    .bytes(typeMeta)
    .uint32(18)
    .bytes(raw)
    .uint32(26)
    .string('')
    .uint32(34)
    .string('')
    .finish();
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}

describe('protobuf request bodies', () => {
  it('decodes a Scale, keeping replicas 0, dropping empty Go fields and skipping unknown ones', () => {
    const meta = protobuf.Writer.create().uint32(10).string('inflate').uint32(26).string('').uint32(56).int64(0).finish();
    const spec = protobuf.Writer.create().uint32(8).int32(0).finish();
    const unknownField = (99 << 3) | 2;
    const raw = protobuf.Writer.create().uint32(10).bytes(meta).uint32(18).bytes(spec).uint32(unknownField).string('skipped').finish();
    const body = decodeBody(envelope('autoscaling/v1', 'Scale', raw), PROTO, false);
    assert.deepEqual(body, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'inflate' }, spec: { replicas: 0 } });
  });

  it('decodes quantities and int-or-string values', () => {
    const quantity = protobuf.Writer.create().uint32(10).string('250m').finish();
    const entry = protobuf.Writer.create().uint32(10).string('cpu').uint32(18).bytes(quantity).finish();
    const resources = protobuf.Writer.create().uint32(18).bytes(entry).finish();
    const container = protobuf.Writer.create().uint32(10).string('c').uint32(18).string('nginx').uint32(66).bytes(resources).finish();
    const podSpec = protobuf.Writer.create().uint32(18).bytes(container).finish();
    const pod = protobuf.Writer.create().uint32(18).bytes(podSpec).finish();
    const decoded = decodeBody(envelope('v1', 'Pod', pod), PROTO, false) as any;
    assert.deepEqual(decoded.spec.containers, [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '250m' } } }]);
    const percent = protobuf.Writer.create().uint32(8).int64(1).uint32(26).string('50%').finish();
    const pdbSpec = protobuf.Writer.create().uint32(10).bytes(percent).finish();
    const pdb = protobuf.Writer.create().uint32(18).bytes(pdbSpec).finish();
    assert.deepEqual((decodeBody(envelope('policy/v1', 'PodDisruptionBudget', pdb), PROTO, false) as any).spec, { minAvailable: '50%' });
  });

  it('answers 400 for a body without the magic or with garbage, 415 for a kind it cannot read', () => {
    assert.throws(
      () => decodeBody(Buffer.from('{}'), PROTO, false),
      (e) => e instanceof ApiError && e.code === 400,
    );
    const garbage = Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x0a, 0xff, 0xff, 0xff])]);
    assert.throws(
      () => decodeBody(garbage, PROTO, false),
      (e) => e instanceof ApiError && e.code === 400,
    );
    assert.throws(
      () => decodeBody(envelope('v1', 'Service', new Uint8Array()), PROTO, false),
      (e) => e instanceof ApiError && e.code === 415 && /Service/.test(e.message),
    );
  });
});
