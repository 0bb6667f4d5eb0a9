/**
 * The CreateFleet request of one launch and the reading of its answer
 * (aws/karpenter-provider-aws pkg/providers/instance CreateFleet launch): type `instant`, one config per launch template
 * with overrides per instance type × zone, price-capacity-optimized for spot
 * and lowest-price for on-demand; fleet errors split into ICE (per offering)
 * and everything else. Pure.
 */
import type { CreateFleetCommandInput, CreateFleetCommandOutput } from '@aws-sdk/client-ec2';
import type { CapacityType } from '../../apis/well-known-labels.js';
import type { FailedOffering } from '../types.js';
import { isUnfulfillableCapacity } from './errors.js';

/** One override: an instance type in a zone's chosen subnet at a price. */
export interface FleetOverride {
  readonly instanceType: string;
  readonly zone: string;
  readonly subnetID: string;
  readonly imageID: string;
  readonly price: number;
}

/** One launch template and the overrides it carries. */
export interface FleetTemplate {
  readonly name: string;
  readonly overrides: readonly FleetOverride[];
}

function uniqueOverrides(overrides: readonly FleetOverride[]): FleetOverride[] {
  const byKey = new Map<string, FleetOverride>();
  for (const override of overrides) {
    const key = `${override.instanceType}/${override.zone}`;
    if (!byKey.has(key)) byKey.set(key, override);
  }
  return [...byKey.values()];
}

/** Builds the CreateFleet input for one instance. */
export function createFleetInput(options: {
  capacityType: CapacityType;
  templates: readonly FleetTemplate[];
  tags: Readonly<Record<string, string>>;
  context?: string;
}): CreateFleetCommandInput {
  const Tags = Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value }));
  const spot = options.capacityType === 'spot';
  return {
    Type: 'instant',
    TargetCapacitySpecification: { DefaultTargetCapacityType: spot ? 'spot' : 'on-demand', TotalTargetCapacity: 1 },
    LaunchTemplateConfigs: options.templates.map((template) => {
      const overrides = uniqueOverrides(template.overrides);
      return {
        LaunchTemplateSpecification: { LaunchTemplateName: template.name, Version: '$Latest' },
        Overrides: overrides.map((o) => ({
          InstanceType: o.instanceType as never,
          SubnetId: o.subnetID,
          ImageId: o.imageID,
          AvailabilityZone: o.zone,
          Priority: o.price,
        })),
      };
    }),
    ...(spot
      ? { SpotOptions: { AllocationStrategy: 'price-capacity-optimized' } }
      : { OnDemandOptions: { AllocationStrategy: 'lowest-price' } }),
    TagSpecifications: (['instance', 'volume', 'fleet'] as const).map((ResourceType) => ({ ResourceType, Tags })),
    ...(options.context === undefined ? {} : { Context: options.context }),
  };
}

/** What came back from one fleet call. */
export type FleetOutcome =
  | {
      readonly ok: true;
      readonly instanceID: string;
      readonly instanceType: string;
      readonly zone: string;
      readonly capacityType: CapacityType;
      readonly iceErrors: readonly FailedOffering[];
    }
  | {
      readonly ok: false;
      readonly iceErrors: readonly FailedOffering[];
      readonly otherErrors: ReadonlyArray<{ code: string; message: string }>;
    };

/** Reads instances and errors out of a CreateFleet response. */
export function readFleetOutput(output: Pick<CreateFleetCommandOutput, 'Instances' | 'Errors'>, capacityType: CapacityType): FleetOutcome {
  const iceErrors: FailedOffering[] = [];
  const otherErrors: Array<{ code: string; message: string }> = [];
  for (const error of output.Errors ?? []) {
    const override = error.LaunchTemplateAndOverrides?.Overrides;
    const code = error.ErrorCode ?? 'UnknownError';
    if (isUnfulfillableCapacity(code) && override?.InstanceType !== undefined && override.AvailabilityZone !== undefined) {
      iceErrors.push({ instanceType: override.InstanceType, zone: override.AvailabilityZone, capacityType, code });
    } else {
      otherErrors.push({ code, message: error.ErrorMessage ?? '' });
    }
  }
  const instance = (output.Instances ?? []).find((i) => (i.InstanceIds ?? []).length > 0);
  const instanceID = instance?.InstanceIds?.[0];
  const zone = instance?.LaunchTemplateAndOverrides?.Overrides?.AvailabilityZone;
  if (instance === undefined || instanceID === undefined || zone === undefined) return { ok: false, iceErrors, otherErrors };
  return {
    ok: true,
    instanceID,
    instanceType: instance.InstanceType ?? instance.LaunchTemplateAndOverrides?.Overrides?.InstanceType ?? '',
    zone,
    capacityType: instance.Lifecycle === 'spot' ? 'spot' : capacityType,
    iceErrors,
  };
}
