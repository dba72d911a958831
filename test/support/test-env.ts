/** What global setup hands to the test files, through the environment (jest workers inherit it). */
export const testEnv = {
  get temporalAddress(): string {
    return required('TEST_TEMPORAL_ADDRESS');
  },
  get databaseUrl(): string {
    return required('TEST_DATABASE_URL');
  },
  /** A superuser connection to the server, for creating throwaway databases. */
  get adminDatabaseUrl(): string {
    return required('TEST_ADMIN_DATABASE_URL');
  },
  get workflowBundlePath(): string {
    return required('TEST_WORKFLOW_BUNDLE');
  },
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the integration tests through jest, whose global setup sets it.`);
  return value;
}
