import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import {
  PASS_UP_PACKAGE_FORMAT,
  PASS_UP_PACKAGE_VERSION,
  type PassUpPackage,
  type PassUpPayload,
} from '@zhibao/contracts';
import { canonicalJson } from '../filing/submission-checksum.ts';
import { AppError } from '../http/app-error.ts';
import type { TrustedSender } from './exchange-keys.ts';

// Signing and verifying a pass-up package: Ed25519 over the canonical JSON of its payload, so the same payload
// always signs to the same bytes and any change to a figure, a name or a filing breaks the signature.

/** The package of a payload, signed with this instance's key. */
export function signPassUpPackage(
  payload: PassUpPayload,
  signing: { keyId: string; privateKey: string },
): PassUpPackage {
  const value = sign(null, Buffer.from(canonicalJson(payload)), createPrivateKey(signing.privateKey));
  return {
    format: PASS_UP_PACKAGE_FORMAT,
    version: PASS_UP_PACKAGE_VERSION,
    payload,
    signature: { algorithm: 'ed25519', keyId: signing.keyId, value: value.toString('base64') },
  };
}

/** SHA-256 (hex) of the payload's canonical JSON: the package's identity for a re-import. */
export function payloadDigest(payload: PassUpPayload): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

const refusal = (name: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, [{ name, reason: message }]);

/**
 * The trusted sender that signed the package, or a refusal naming the fault: a key this instance does not list,
 * a signature that does not verify, a payload that names another sender than its signature.
 */
export function verifyPassUpPackage(pkg: PassUpPackage, trusted: readonly TrustedSender[]): TrustedSender {
  const sender = trusted.find((candidate) => candidate.keyId === pkg.signature.keyId);
  if (!sender) {
    throw refusal(
      'signature.keyId',
      `上报包的签名密钥「${pkg.signature.keyId}」不在本系统信任的发送方之列，请系统管理员先登记该发送方的公钥`,
    );
  }
  const isValid = verify(
    null,
    Buffer.from(canonicalJson(pkg.payload)),
    createPublicKey(sender.publicKey),
    Buffer.from(pkg.signature.value, 'base64'),
  );
  if (!isValid) {
    throw refusal(
      'signature.value',
      `上报包签名验证失败：内容在「${sender.name}」签名后被改动过，或并非由其签发，未导入`,
    );
  }
  if (pkg.payload.sender.keyId !== sender.keyId) {
    throw refusal('payload.sender.keyId', '上报包内的发送方与签名的密钥不一致，未导入');
  }
  return sender;
}
