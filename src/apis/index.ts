/** The API model's public surface: types, defaults, validation, v1beta1 conversion, manifests with source lines. */
export type { Cluster, ClusterSpec, CloudName, SyncPolicy, DriftPolicy, DisruptionApproval } from './cluster.js';
export { KARPD_V1ALPHA1 } from './cluster.js';
export type {
  NodePool,
  NodePoolSpec,
  NodePoolStatus,
  NodeClaimTemplate,
  NodeClaimTemplateSpec,
  NodeClassReference,
  NodeSelectorRequirementWithMinValues,
  Budget,
  Disruption,
  ConsolidationPolicy,
  DisruptionReason,
} from './nodepool.js';
export { KARPENTER_GROUP, KARPENTER_V1 } from './nodepool.js';
export type { NodeClaim, NodeClaimSpec, NodeClaimStatus } from './nodeclaim.js';
export { NodeClaimConditions } from './nodeclaim.js';
export type {
  EC2NodeClass,
  EC2NodeClassSpec,
  EC2NodeClassStatus,
  AMIFamily,
  MetadataOptions,
  BlockDeviceMapping,
  KubeletConfiguration,
} from './ec2nodeclass.js';
export { KARPENTER_AWS_GROUP, KARPENTER_AWS_V1 } from './ec2nodeclass.js';
export type { KubeObject, ObjectMeta, OwnerReference, Condition, ResourceList } from './object-meta.js';
export {
  Labels,
  Annotations,
  Taints,
  LabelAliases,
  WellKnownLabels,
  CapacityTypes,
  TERMINATION_FINALIZER,
  NODEPOOL_HASH_VERSION,
} from './well-known-labels.js';
export type { CapacityType } from './well-known-labels.js';
export { AutoscalerError, MAX_CAUSE_DEPTH, causeChain, findError, hasError, isAutoscalerError } from './errors.js';
export type { ErrorClass } from './errors.js';
export { Quantity, QuantityParseError, isQuantityParseError } from './quantity.js';
export { Duration, DurationParseError, isDurationParseError, formatGoDuration } from './duration.js';
export {
  NodePoolDefaults,
  MetadataOptionsDefaults,
  ClusterDefaults,
  withNodePoolDefaults,
  withNodeClaimDefaults,
  withEC2NodeClassDefaults,
  withClusterDefaults,
} from './defaults.js';
export type { Problem, RawProblem, Severity, PathSegment } from './problem.js';
export { ProblemList, formatPath, hasErrors, compareProblems } from './problem.js';
export { editDistance, closestMatch, didYouMean } from './suggest.js';
export type { ManifestDocument, ParsedManifests, SourcePosition } from './manifest.js';
export { parseManifests, locateProblems } from './manifest.js';
export type { ManagedKind, ObjectValidation } from './validate-object.js';
export { validateObject } from './validate-object.js';
export type { Conversion } from './v1beta1.js';
export { convertNodePoolV1beta1, convertEC2NodeClassV1beta1 } from './v1beta1.js';
export type { LocatedObject, CrossValidationOptions } from './cross-validation.js';
export { crossValidate } from './cross-validation.js';
export { validateNodePool } from './validation/validate-nodepool.js';
export { validateNodeClaim } from './validation/validate-nodeclaim.js';
export { validateEC2NodeClass } from './validation/validate-ec2nodeclass.js';
export { validateCluster, VARIABLE_NAME } from './validation/validate-cluster.js';
export { validateDecision } from './validation/validate-decision.js';
export { DecisionLimits } from './validation/decision-schema.js';
export { boundDecision, boundDecisionStatus, truncateText } from './decision-bounds.js';
export { OPERATORS, suggestOperator } from './validation/requirements.js';
export { cronScheduleError } from './validation/cron.js';
export { restrictedLabelError, qualifiedNameError, labelValueError } from './validation/labels.js';
