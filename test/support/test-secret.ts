/** The JWT secret of the Worker under test (bound in vitest.config.ts); tests sign with it. */
export const TEST_JWT_SECRET = "test-jwt-secret-for-workerd-tests";
