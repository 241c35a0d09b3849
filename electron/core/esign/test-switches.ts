/**
 * The e-signature's two test switches, read from the environment by the core: the NCALayer
 * test double's address and its test CA as an extra trust root. Tests and development set
 * them; a packaged app never hands them to its core (electron/main/index.ts strips them), so
 * no variable can make an installed app trust another root or talk to another "NCALayer".
 */
export const ESIGN_TEST_SWITCHES = {
  ncaLayerUrl: 'BALABAQSHA_NCALAYER_URL',
  extraRootsPemPath: 'BALABAQSHA_TEST_PKI_ROOTS',
} as const;
