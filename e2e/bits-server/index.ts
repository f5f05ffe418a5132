/**
 * The reference BITS upload server that every test and benchmark of the client runs against:
 * protocol doc §13.1 server rules, upload-reply with reply downloads, and fault injection.
 */

export { UPLOAD_PROTOCOL } from './bits-post.js';
export type {
  FaultAction,
  FaultMatch,
  FaultRule,
  FaultRuleInit,
  FaultType,
  PacketName,
} from './faults.js';
export { FaultController } from './faults.js';
export type { ReplyUrlStyle } from './paths.js';
export { startBitsServer } from './server.js';
export type { BitsSession, SeedOptions, StorageMode, UploadKind } from './session-store.js';
export { SessionStore } from './session-store.js';
export { fingerprintOf, type IssuedCert, opensslDate, TestCa } from './test-ca.js';
export { makeSelfSignedCert, type SelfSignedCert } from './tls-fixture.js';
export type { BitsServer, BitsServerOptions, ReplyBuildInput, RequestLogEntry } from './types.js';
