/** The lifecycle events of a CodeDeploy deployment on each platform, in the order they run. */

export type AppSpecPlatform = 'ec2' | 'ecs' | 'lambda';

export interface LifecycleEvent {
  readonly name: string;
  readonly doc: string;
  /** Run by CodeDeploy itself: no script or function may be attached. */
  readonly reserved?: boolean;
}

/** Every lifecycle event of each platform, in the order a deployment runs them. */
export const LIFECYCLE: Readonly<Record<AppSpecPlatform, readonly LifecycleEvent[]>> = {
  ec2: [
    { name: 'Start', doc: 'Start of the deployment.', reserved: true },
    { name: 'BeforeBlockTraffic', doc: 'Before the instance is deregistered from its load balancer.' },
    { name: 'BlockTraffic', doc: 'Deregisters the instance from its load balancer.', reserved: true },
    { name: 'AfterBlockTraffic', doc: 'After the instance is deregistered from its load balancer.' },
    {
      name: 'ApplicationStop',
      doc: 'Stop the application before the new revision is downloaded. Runs the scripts of the **previous successful** revision; does nothing on the first deployment to an instance.',
    },
    { name: 'DownloadBundle', doc: 'The agent copies the revision to a temporary location.', reserved: true },
    { name: 'BeforeInstall', doc: 'Before files are copied: decrypt files, back up the current version, …' },
    { name: 'Install', doc: 'The agent copies the revision files to their destinations.', reserved: true },
    { name: 'AfterInstall', doc: 'After files are copied: configure the application, change permissions, …' },
    { name: 'ApplicationStart', doc: 'Start the services stopped in `ApplicationStop`.' },
    { name: 'ValidateService', doc: 'Verify the deployment succeeded.' },
    { name: 'BeforeAllowTraffic', doc: 'Before the instance is registered with its load balancer.' },
    { name: 'AllowTraffic', doc: 'Registers the instance with its load balancer.', reserved: true },
    { name: 'AfterAllowTraffic', doc: 'After the instance is registered with its load balancer.' },
    { name: 'End', doc: 'End of the deployment.', reserved: true },
  ],
  ecs: [
    { name: 'Start', doc: 'Start of the deployment.', reserved: true },
    {
      name: 'BeforeInstall',
      doc: 'Before the replacement task set is created. A failure here cannot roll back.',
    },
    { name: 'Install', doc: 'Creates the replacement task set.', reserved: true },
    {
      name: 'AfterInstall',
      doc: 'The replacement task set is created and one target group is attached to it.',
    },
    {
      name: 'AllowTestTraffic',
      doc: 'The test listener routes traffic to the replacement task set.',
      reserved: true,
    },
    {
      name: 'AfterAllowTestTraffic',
      doc: 'After the test listener serves the replacement task set (skipped without a test listener).',
    },
    {
      name: 'BeforeAllowTraffic',
      doc: 'The second target group is attached, before production traffic moves.',
    },
    { name: 'AllowTraffic', doc: 'Production traffic moves to the replacement task set.', reserved: true },
    { name: 'AfterAllowTraffic', doc: 'Production traffic is on the replacement task set.' },
    { name: 'End', doc: 'End of the deployment.', reserved: true },
  ],
  lambda: [
    { name: 'Start', doc: 'Start of the deployment.', reserved: true },
    { name: 'BeforeAllowTraffic', doc: 'Before traffic shifts to the target version.' },
    { name: 'AllowTraffic', doc: 'Traffic shifts from the current to the target version.', reserved: true },
    { name: 'AfterAllowTraffic', doc: 'After all traffic is on the target version.' },
    { name: 'End', doc: 'End of the deployment.', reserved: true },
  ],
};
