/**
 * The top-level keys that tell a buildspec or an AppSpec apart from the other YAML and JSON files beside
 * them (read by fileKind.ts and otherFormats.ts): the evidence each family's content gives.
 */

/** Buildspec keys. */
export const BUILDSPEC_SIGNS = {
  version: 'version',
  phases: 'phases',
  /** Keys only a buildspec has: with a version, the file is a buildspec whatever its version says. */
  own: ['phases', 'batch'],
  /** Top-level sections of a buildspec, beside `version`. */
  sections: ['phases', 'batch', 'artifacts', 'env', 'reports', 'cache', 'run-as', 'proxy'],
} as const;

/** AppSpec keys, as the services match them (the Lambda AppSpec case-insensitively). */
export const APPSPEC_SIGNS = {
  version: 'version',
  /** `Resources`, however cased: a list in an AppSpec, a mapping in a CloudFormation template. */
  resources: 'Resources',
  /** A resource's type and properties, compared lower-cased. */
  resourceType: 'type',
  resourceProperties: 'properties',
  /** Properties only a Lambda function's resource has, lower-cased. */
  lambdaProperties: ['alias', 'targetversion', 'currentversion'],
  /** The EC2/on-premises hooks mapping and the ECS and Lambda hooks list. */
  ec2Hooks: 'hooks',
  serviceHooks: 'Hooks',
  os: 'os',
  files: 'files',
} as const;

/** Keys only an AppSpec has among the files that share its `Resources`. */
export const APPSPEC_ONLY = [
  APPSPEC_SIGNS.version,
  APPSPEC_SIGNS.serviceHooks,
  APPSPEC_SIGNS.ec2Hooks,
  APPSPEC_SIGNS.os,
] as const;
