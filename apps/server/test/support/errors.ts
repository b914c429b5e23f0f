import { AppError } from '../../src/platform/errors.js';

/** The AppError a use case rejects with; fails the test when it resolves or throws anything else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to be rejected with an AppError');
}
