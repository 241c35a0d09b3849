/**
 * Failures of the data layer itself. The core turns them into translated AppErrors; db/
 * imports nothing from the layers above it.
 */
export class StoreError extends Error {
  constructor(
    readonly code: 'databaseUnreadable' | 'newerDatabase',
    readonly params: Record<string, number> = {},
  ) {
    super(code);
    this.name = 'StoreError';
  }
}
