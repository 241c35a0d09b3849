// electron-builder afterPack hook: flips Electron's fuses in the packaged binary so the app
// cannot be turned into a general Node runtime or debugged through flags and variables.
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');
const { join } = require('node:path');

exports.default = async function setFuses(context) {
  const executableName = context.packager.appInfo.productFilename;
  const binary =
    context.electronPlatformName === 'win32'
      ? join(context.appOutDir, `${executableName}.exe`)
      : context.electronPlatformName === 'darwin'
        ? join(context.appOutDir, `${executableName}.app`)
        : join(context.appOutDir, context.packager.executableName);
  await flipFuses(binary, {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
  });
};
