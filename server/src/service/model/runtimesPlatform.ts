/**
 * Runtimes of the Windows and macOS CodeBuild images. These images have no runtimes.yml in the image
 * repository; their versions come from the tables of the CodeBuild guide's "Available runtimes" page
 * (docs/knowledge.md, "Windows images" and "macOS images", with what the page says and what it leaves open).
 */

/** Runtime name → the versions the guide lists for one image. */
type RuntimeTable = Readonly<Record<string, readonly string[]>>;

/**
 * The Windows Server Core 2019 images. The page's columns "Windows Server Core 2019 standard:N.0" are the
 * images `windows-base:2019-N.0` (the page's 2023 text named its columns so). Only the rows that are
 * runtime-versions names are kept: the table's `dotnet sdk`, `gradle` and `maven` rows are tools.
 * windows-base:2022-1.0 has no runtime table anywhere, so it is left out and nothing is checked on it.
 */
export const WINDOWS_TABLES: Readonly<Record<string, RuntimeTable>> = {
  'aws/codebuild/windows-base:2019-1.0': {
    dotnet: ['3.1', '5.0'],
    golang: ['1.14'],
    java: ['corretto11'],
    nodejs: ['14.15'],
    php: ['7.4'],
    powershell: ['7.1'],
    python: ['3.8'],
    ruby: ['2.7'],
  },
  'aws/codebuild/windows-base:2019-2.0': {
    dotnet: ['3.1', '6.0', '7.0'],
    golang: ['1.18'],
    java: ['corretto11', 'corretto17'],
    nodejs: ['16.19'],
    php: ['8.1'],
    powershell: ['7.2'],
    python: ['3.10'],
    ruby: ['3.1'],
  },
  'aws/codebuild/windows-base:2019-3.0': {
    dotnet: ['8.0'],
    golang: ['1.21', '1.22', '1.23'],
    java: ['corretto8', 'corretto11', 'corretto17', 'corretto21'],
    nodejs: ['20.18', '22.13'],
    php: ['8.3', '8.4'],
    powershell: ['7.4'],
    python: ['3.10', '3.11', '3.12', '3.13'],
    ruby: ['3.2', '3.3', '3.4'],
  },
};

// Versions both macOS images share; the page lists patch versions.
const MAC_COMMON = {
  golang: ['1.24.11', '1.25.4'],
  java: ['corretto8', 'corretto11', 'corretto17', 'corretto21', 'corretto25'],
  nodejs: ['20.19.6', '22.21.1', '24.11.1'],
  python: ['3.10.19', '3.11.14', '3.12.12', '3.13.10', '3.14.1'],
  ruby: ['3.2.9', '3.3.10', '3.4.7'],
};

/**
 * The Arm macOS images (environment type MAC_ARM, reserved-capacity fleets only). Kept: the rows that
 * are runtime-versions names. The page's `dotnet sdk`, `xcode`, `swift`, `kotlin`, compilers and shells
 * are tools the page lists without saying that runtime-versions selects them. macos-arm-base:14 is named
 * on the images page but has no runtime table, so nothing is checked on it.
 */
export const MAC_TABLES: Readonly<Record<string, RuntimeTable>> = {
  'aws/codebuild/macos-arm-base:15': {
    ...MAC_COMMON,
    php: ['8.2.29', '8.3.28', '8.4.15', '8.5.0'],
    rust: ['1.91.1'],
  },
  'aws/codebuild/macos-arm-base:26': {
    ...MAC_COMMON,
    php: ['8.2.30', '8.3.30', '8.4.17', '8.5.2'],
    rust: ['1.92.0'],
  },
};
