/** The protocol pieces the client uses, all from the module shared with the emulator. */
export {
  ChangesResponse,
  DigestResponse,
  EnrollResponse,
  MutationsResponse,
  PATHS,
  PROBLEM_TYPES,
  TokenResponse as Tokens,
  checkServerFields,
  digestOf,
  uploadMetadataFor,
  type Digest,
  type Entity,
  type MutationResult,
  type Problem,
} from './protocol';
