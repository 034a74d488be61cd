import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../config.ts';
import { personalDataCipherFor, type PersonalDataCipher } from './personal-data-cipher.ts';
import { readPersonalDataKeyFile } from './personal-data-keys.ts';

/**
 * The configuration with its personal-data keys: PERSONAL_DATA_KEYS when set, else the key file (created on the
 * first start outside production, so `npm start` needs no set-up). Read once, at start-up.
 */
export async function withPersonalDataKeys(config: AppConfig, now: Date): Promise<AppConfig> {
  if (config.personalData.keys) return config;
  const mayCreate = config.environment !== 'production';
  if (mayCreate) await mkdir(path.dirname(config.personalData.keyFile), { recursive: true });
  const keys = await readPersonalDataKeyFile(config.personalData.keyFile, { mayCreate, now });
  return { ...config, personalData: { ...config.personalData, keys } };
}

/** The cipher of the configured keys. */
export function personalDataCipher(config: AppConfig): PersonalDataCipher {
  if (!config.personalData.keys) throw new Error('personal-data keys were not read at start-up');
  return personalDataCipherFor(config.personalData.keys);
}
