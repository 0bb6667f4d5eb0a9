/** Builds the kube layer's clients from a kubeconfig file and context. */
import { KubeConfig } from '@kubernetes/client-node';
import { RestClient } from './rest-client.js';

/** Where to find the cluster. */
export interface KubeConnectionOptions {
  /** A kubeconfig file; the default loading rules (KUBECONFIG, ~/.kube/config, in-cluster) when omitted. */
  kubeconfigPath?: string;
  /** A kubeconfig's content (YAML or JSON) instead of a file. */
  kubeconfig?: string;
  /** A context of that kubeconfig; its current context when omitted. */
  context?: string;
}

/** Loads a kubeconfig and returns a REST client for its (chosen) current context. */
export function connect(options: KubeConnectionOptions = {}): RestClient {
  const kubeConfig = new KubeConfig();
  if (options.kubeconfig !== undefined) kubeConfig.loadFromString(options.kubeconfig);
  else if (options.kubeconfigPath !== undefined) kubeConfig.loadFromFile(options.kubeconfigPath);
  else kubeConfig.loadFromDefault();
  if (options.context !== undefined) kubeConfig.setCurrentContext(options.context);
  return new RestClient(kubeConfig);
}
