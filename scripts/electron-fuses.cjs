// electron-builder afterPack hook (it runs before signing): flips Electron's fuses in the packaged
// binary so the app cannot be turned into a general Node runtime or debugged through flags and
// variables.
//
// The one test-mode switch: a build made with BALABAQSHA_TEST_BUILD=1 keeps
// EnableNodeCliInspectArguments on, because Playwright's `_electron.launch` starts the app with
// `--inspect=0` and drives main through that inspector (the smoke suite, test/electron/). Every
// other fuse is the same as in a release build. A test build is never signed: the switch is
// refused when a signing certificate is configured, so such a binary can never pass
// electron-updater's publisherName check as an update, and never reaches a kindergarten PC.
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');
const { join } = require('node:path');

const TEST_BUILD = 'BALABAQSHA_TEST_BUILD';
const SIGNING = ['CSC_LINK', 'WIN_CSC_LINK', 'CSC_NAME'];

/** The fuses a build gets, by its environment: a release build unless TEST_BUILD is "1". */
function fuseOptions(env) {
  const testBuild = env[TEST_BUILD] === '1';
  const signing = SIGNING.filter((name) => env[name]);
  if (testBuild && signing.length > 0)
    throw new Error(
      `${TEST_BUILD}=1 with a signing certificate (${signing.join(', ')}): a test build is never signed.`,
    );
  return {
    testBuild,
    fuses: {
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: testBuild,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    },
  };
}

/** The packaged executable electron-builder just wrote for this platform. */
function packagedBinary(context) {
  const executableName = context.packager.appInfo.productFilename;
  if (context.electronPlatformName === 'win32')
    return join(context.appOutDir, `${executableName}.exe`);
  if (context.electronPlatformName === 'darwin')
    return join(context.appOutDir, `${executableName}.app`);
  return join(context.appOutDir, context.packager.executableName);
}

async function setFuses(context) {
  const { testBuild, fuses } = fuseOptions(process.env);
  if (testBuild)
    console.log(
      `  • ${TEST_BUILD}=1: EnableNodeCliInspectArguments stays on (Playwright); not for distribution`,
    );
  await flipFuses(packagedBinary(context), {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin',
    ...fuses,
  });
}

exports.default = setFuses;
exports.fuseOptions = fuseOptions;
exports.TEST_BUILD = TEST_BUILD;
