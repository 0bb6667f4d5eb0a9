/**
 * Spans of time for the disruption sentences (`in 4m30s`): {@link durationText} lives with the other time words in
 * time-text.ts; this module re-exports it for the callers that import it from here.
 */
export { durationText } from './time-text.js';
