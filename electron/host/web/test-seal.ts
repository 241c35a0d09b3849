import { createHash } from 'node:crypto';
import { FileDeviceSeal, type DeviceSeal } from '../../core/vault/device-seal';

/**
 * E2E only (BALABAQSHA_TEST_SEAL=key-lost): the device seal as DPAPI behaves once the Windows
 * profile moved or the data folder reached another PC. What was sealed before this start
 * cannot be unsealed — it throws a plain Error, as Electron's decryptString does — while what
 * is sealed from now on opens again (the recovery key re-seals the passwords). The web host is
 * never packaged (test/integration/packaging.test.ts), so the shipped app cannot turn it on.
 */
export class KeyLostSeal implements DeviceSeal {
  readonly kind = 'device-key-file';
  private readonly inner = new FileDeviceSeal();
  private readonly sealedHere = new Set<string>();

  private static id(data: Buffer): string {
    return createHash('sha256').update(data).digest('hex');
  }

  async seal(plain: Buffer): Promise<Buffer> {
    const sealed = await this.inner.seal(plain);
    this.sealedHere.add(KeyLostSeal.id(sealed));
    return sealed;
  }

  unseal(sealed: Buffer): Promise<Buffer> {
    if (!this.sealedHere.has(KeyLostSeal.id(sealed)))
      return Promise.reject(new Error('Error while decrypting the ciphertext provided'));
    return this.inner.unseal(sealed);
  }
}

export function testSeal(setting: string | undefined): DeviceSeal | undefined {
  return setting === 'key-lost' ? new KeyLostSeal() : undefined;
}
