import { startNcaLayerDouble, type NcaLayerDoubleInternals } from '../ncalayer-double/index';

/**
 * The NCALayer double started for a test, with the core pointed at it
 * (`BALABAQSHA_NCALAYER_URL`) and its test root trusted (`BALABAQSHA_TEST_PKI_ROOTS`);
 * `stop` stops it and puts both variables back as they were.
 */
export async function startSigningDouble(
  dir: string,
): Promise<{ double: NcaLayerDoubleInternals; stop(): Promise<void> }> {
  const saved = {
    BALABAQSHA_NCALAYER_URL: process.env.BALABAQSHA_NCALAYER_URL,
    BALABAQSHA_TEST_PKI_ROOTS: process.env.BALABAQSHA_TEST_PKI_ROOTS,
  };
  const double = await startNcaLayerDouble({ dir });
  process.env.BALABAQSHA_NCALAYER_URL = double.url;
  process.env.BALABAQSHA_TEST_PKI_ROOTS = double.rootPemPath;
  return {
    double,
    async stop() {
      await double.stop();
      for (const [key, value] of Object.entries(saved))
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    },
  };
}
