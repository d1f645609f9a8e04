/** The message of a thrown value, for a diagnostics detail (the app's one errorMessage). */
export { errorMessage as describeError } from '../../../shared/error-message';
