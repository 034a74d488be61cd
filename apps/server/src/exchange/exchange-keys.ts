import { createPrivateKey, createPublicKey } from 'node:crypto';
import { z } from 'zod';

// The keys of pass-up packages between Zhibao instances: each instance signs what it sends with its own Ed25519
// key; a receiver imports only what a sender it lists (by key id, with the public key) has signed.

const pemOf = (kind: 'private' | 'public') =>
  z.string().refine((text) => {
    try {
      const key = kind === 'private' ? createPrivateKey(text) : createPublicKey(text);
      return key.asymmetricKeyType === 'ed25519';
    } catch {
      return false;
    }
  }, `must be an Ed25519 ${kind} key in PEM`);

export const signingKeySchema = pemOf('private');

export const trustedSenderSchema = z.object({
  keyId: z.string().min(1).max(64),
  /** How the receiver names the sender in its summaries (重庆市统计直报, 深圳市软件行业协会). */
  name: z.string().min(1).max(100),
  publicKey: pemOf('public'),
  /**
   * Whether this instance may hold the sender's enterprises' approved filings (a province's own instance for its
   * cities); otherwise a package that carries them is refused.
   */
  mayHoldFilings: z.boolean().default(false),
});
export type TrustedSender = z.infer<typeof trustedSenderSchema>;

export interface ExchangeSettings {
  /** This instance's signing key and the id receivers know it by; null: packages cannot be exported. */
  signing: { keyId: string; privateKey: string } | null;
  /** The sender name a package carries. */
  instanceName: string;
  trustedSenders: TrustedSender[];
}
