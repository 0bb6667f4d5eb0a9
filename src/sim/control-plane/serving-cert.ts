/**
 * A self-signed serving certificate for the embedded API server on
 * 127.0.0.1. kubectl (client-go) sends a kubeconfig's bearer token only over
 * TLS (https://github.com/kubernetes/kubectl/issues/744), so a control plane
 * that requires a token must speak HTTPS; the kubeconfig trusts exactly this
 * certificate (`certificate-authority-data`), as kind and minikube do with
 * the CA they generate.
 */
import { generate } from 'selfsigned';

/** A PEM certificate and its PEM private key. */
export interface ServingCertificate {
  readonly cert: string;
  readonly key: string;
}

/** A fresh P-256 certificate for localhost, 127.0.0.1 and ::1, valid for a year from `now`. */
export async function generateServingCertificate(now: Date): Promise<ServingCertificate> {
  const notAfterDate = new Date(now.getTime() + 365 * 86_400_000);
  const result = await generate([{ name: 'commonName', value: 'karpd-embedded-apiserver' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { cert: result.cert, key: result.private };
}
