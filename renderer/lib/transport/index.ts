export { forgetAccessToken } from './access-token.js';
export { createTransport, type TransportChoice } from './create-transport.js';
export type { ConnectionState, Transport } from './transport.js';
export { TransportError, toTransportError } from './transport-error.js';
