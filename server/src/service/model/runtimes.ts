/**
 * Runtimes pre-installed on each CodeBuild image (from each image's runtimes.yml, see
 * BUILDSPEC_REFERENCE §9.1; Windows and macOS in runtimesPlatform.ts), and how a runtime-versions value
 * is matched against them.
 */
import { own } from '../own';
import { MAC_TABLES, WINDOWS_TABLES } from './runtimesPlatform';

export interface ImageRuntimes {
  readonly image: string;
  /** Retired images are still recognised when pinned, but not used for suggestions. */
  readonly retired: boolean;
  /**
   * Lambda compute images hold one language each: checked when pinned, left out of the versions offered
   * for an unpinned buildspec (every version they have is on an EC2 image too).
   */
  readonly lambda?: boolean;
  /**
   * Windows and macOS images: their versions come from the guide's runtime table, which gives minor or
   * patch versions (`20.18`, `3.12.12`), so `20` and `3.12` select them. A runtime missing from the table
   * is not checked: the table does not say what CodeBuild does with it there (runtimesPlatform.ts).
   */
  readonly platform?: 'windows' | 'macos';
  readonly runtimes: Readonly<Record<string, readonly string[]>>;
}

// Version sets that several images share (Ubuntu and Amazon Linux images of a generation ship the same).
const CORRETTO = ['corretto25', 'corretto21', 'corretto17', 'corretto11', 'corretto8'];
const GENERATION_7 = {
  java: CORRETTO,
  golang: ['1.26', '1.25', '1.24', '1.23', '1.22', '1.21', '1.20'],
  python: ['3.14', '3.13', '3.12', '3.11', '3.10', '3.9'],
  php: ['8.5', '8.4', '8.3', '8.2'],
  ruby: ['4.0', '3.4', '3.3', '3.2', '3.1'],
  nodejs: ['24', '22', '20', '18'],
  dotnet: ['10.0', '8.0', '6.0'],
};
const GENERATION_8 = {
  java: CORRETTO,
  golang: ['1.26', '1.25', '1.24'],
  python: ['3.14', '3.13', '3.12', '3.11', '3.10'],
  php: ['8.5', '8.4', '8.3', '8.2'],
  ruby: ['4.0', '3.4', '3.3'],
  nodejs: ['24', '22'],
  dotnet: ['10.0', '8.0'],
};
const GENERATION_6 = {
  java: ['corretto17'],
  golang: ['1.18'],
  php: ['8.1'],
  ruby: ['3.1'],
  nodejs: ['16'],
  dotnet: ['6.0'],
};
const LEGACY = {
  java: ['corretto11', 'corretto8'],
  golang: ['1.12', '1.13', '1.14'],
  python: ['3.9', '3.8', '3.7'],
  php: ['7.4', '7.3'],
  ruby: ['2.6', '2.7'],
  nodejs: ['10', '12'],
  dotnet: ['3.1'],
};

export const IMAGES: readonly ImageRuntimes[] = [
  {
    image: 'aws/codebuild/standard:5.0',
    retired: false,
    runtimes: {
      java: ['corretto8', 'corretto11'],
      golang: ['1.15', '1.16'],
      python: ['3.7', '3.8', '3.9'],
      php: ['7.3', '7.4', '8.0'],
      ruby: ['2.6', '2.7'],
      nodejs: ['12', '14'],
      dotnet: ['3.1', '5.0'],
    },
  },
  { image: 'aws/codebuild/standard:6.0', retired: false, runtimes: { ...GENERATION_6, python: ['3.10'] } },
  { image: 'aws/codebuild/standard:7.0', retired: false, runtimes: GENERATION_7 },
  { image: 'aws/codebuild/standard:8.0', retired: false, runtimes: { ...GENERATION_8, rust: ['1.93'] } },
  {
    image: 'aws/codebuild/amazonlinux2-x86_64-standard:4.0',
    retired: false,
    runtimes: { ...GENERATION_6, python: ['3.9'], docker: ['20'] },
  },
  { image: 'aws/codebuild/amazonlinux-x86_64-standard:5.0', retired: false, runtimes: GENERATION_7 },
  {
    image: 'aws/codebuild/amazonlinux-x86_64-standard:6.0',
    retired: false,
    runtimes: { ...GENERATION_8, rust: ['1.93'] },
  },
  {
    image: 'aws/codebuild/amazonlinux2-aarch64-standard:2.0',
    retired: false,
    runtimes: { ...LEGACY, docker: ['19'] },
  },
  {
    image: 'aws/codebuild/amazonlinux-aarch64-standard:3.0',
    retired: false,
    runtimes: {
      ...GENERATION_7,
      php: ['8.5', '8.4', '8.3', '8.2', '8.1'],
      rust: ['1.94'],
      docker: ['23'],
    },
  },
  {
    image: 'aws/codebuild/amazonlinux-aarch64-standard:4.0',
    retired: false,
    runtimes: { ...GENERATION_8, rust: ['1.94'], docker: ['23'] },
  },
  {
    image: 'aws/codebuild/amazonlinux2-x86_64-standard:corretto8',
    retired: false,
    runtimes: { java: ['corretto8'] },
  },
  {
    image: 'aws/codebuild/amazonlinux2-x86_64-standard:corretto11',
    retired: false,
    runtimes: { java: ['corretto11'] },
  },
  {
    image: 'aws/codebuild/standard:4.0',
    retired: true,
    runtimes: { ...LEGACY, android: ['28', '29'], docker: ['18', '19'] },
  },
  {
    image: 'aws/codebuild/amazonlinux2-x86_64-standard:3.0',
    retired: true,
    runtimes: { ...LEGACY, android: ['28', '29'], docker: ['18', '19'] },
  },
];

/**
 * Lambda compute images, one runtime each, for x86_64 and aarch64: the folders of
 * aws/aws-codebuild-docker-images `al-lambda/{x86_64,aarch64}/<tag>` (BUILDSPEC_REFERENCE §9.1 and §12,
 * IMG-REPO), published as `aws/codebuild/amazonlinux-<arch>-lambda-standard:<tag>`.
 */
const LAMBDA_TAGS: Readonly<Record<string, readonly [runtime: string, version: string]>> = {
  corretto11: ['java', 'corretto11'],
  corretto17: ['java', 'corretto17'],
  corretto21: ['java', 'corretto21'],
  corretto25: ['java', 'corretto25'],
  dotnet6: ['dotnet', '6.0'],
  dotnet8: ['dotnet', '8.0'],
  dotnet10: ['dotnet', '10.0'],
  'go1.21': ['golang', '1.21'],
  'go1.24': ['golang', '1.24'],
  'go1.25': ['golang', '1.25'],
  nodejs18: ['nodejs', '18'],
  nodejs20: ['nodejs', '20'],
  nodejs22: ['nodejs', '22'],
  nodejs24: ['nodejs', '24'],
  'python3.11': ['python', '3.11'],
  'python3.12': ['python', '3.12'],
  'python3.13': ['python', '3.13'],
  'python3.14': ['python', '3.14'],
  'ruby3.2': ['ruby', '3.2'],
  'ruby3.4': ['ruby', '3.4'],
};

export const LAMBDA_IMAGES: readonly ImageRuntimes[] = ['x86_64', 'aarch64'].flatMap((arch) =>
  Object.entries(LAMBDA_TAGS).map(([tag, [runtime, version]]) => ({
    image: `aws/codebuild/amazonlinux-${arch}-lambda-standard:${tag}`,
    retired: false,
    lambda: true,
    runtimes: { [runtime]: [version] },
  })),
);

const platformImages = (
  platform: 'windows' | 'macos',
  tables: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>,
): ImageRuntimes[] =>
  Object.entries(tables).map(([image, runtimes]) => ({ image, retired: false, platform, runtimes }));

/** The Windows Server Core 2019 and macOS images with a runtime table in the guide (runtimesPlatform.ts). */
export const WINDOWS_IMAGES: readonly ImageRuntimes[] = platformImages('windows', WINDOWS_TABLES);
export const MAC_IMAGES: readonly ImageRuntimes[] = platformImages('macos', MAC_TABLES);
export const PLATFORM_IMAGES: readonly ImageRuntimes[] = [...WINDOWS_IMAGES, ...MAC_IMAGES];

/** Runtime names CodeBuild knows, with what each selects. */
export const RUNTIMES: Readonly<Record<string, string>> = {
  android: 'Android SDK (older images only).',
  docker: 'Docker engine version (older images only; newer images always have Docker).',
  dotnet: '.NET SDK.',
  golang: 'Go toolchain.',
  java: 'Java (Amazon Corretto `correttoNN`; older images also had `openjdkNN`).',
  nodejs: 'Node.js.',
  php: 'PHP.',
  python: 'Python.',
  ruby: 'Ruby.',
  rust: 'Rust toolchain (newest images).',
  powershell: 'PowerShell (Windows images).',
};

/** Versions written by older images' docs that CodeBuild still maps to an installed runtime. */
const LEGACY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  java: ['openjdk8', 'openjdk11'],
};

export function findImage(image: string): ImageRuntimes | undefined {
  const wanted = image.trim().toLowerCase();
  return [IMAGES, LAMBDA_IMAGES, PLATFORM_IMAGES].flat().find((i) => i.image === wanted);
}

/** The images a value is checked against: the pinned one, or every current EC2 image. */
export function candidateImages(pinned: ImageRuntimes | undefined): readonly ImageRuntimes[] {
  return pinned ? [pinned] : IMAGES.filter((i) => !i.retired);
}

/** Versions of a runtime across images, newest first, with the images offering each. */
export function versionsOf(runtime: string, images: readonly ImageRuntimes[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const img of images)
    for (const v of own(img.runtimes, runtime) ?? []) out.set(v, [...(out.get(v) ?? []), img.image]);
  return new Map([...out.entries()].sort((a, b) => compareVersions(b[0], a[0])));
}

function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^\D+/, '').split('.').map(Number);
  const pb = b.replace(/^\D+/, '').split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/** Whether `value` selects an installed version of `runtime` on one of `images`. */
export function isKnownVersion(runtime: string, value: string, images: readonly ImageRuntimes[]): boolean {
  const v = value.trim();
  if (v === 'latest' || v.startsWith('$')) return true;
  if (own(LEGACY_ALIASES, runtime)?.includes(v)) return true;
  for (const img of images) {
    for (const known of own(img.runtimes, runtime) ?? []) {
      if (known === v) return true;
      // `12.x` / `3.x` pick the newest installed minor; `18` may match `18.x`-style listings.
      const m = /^(.*?)\.x$/.exec(v);
      if (m && (known === m[1] || known.startsWith(`${m[1]}.`))) return true;
      if (img.platform && (known === v.toLowerCase() || known.startsWith(`${v}.`))) return true;
    }
  }
  return false;
}
