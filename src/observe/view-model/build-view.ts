/**
 * Builds the dashboard's {@link ViewModel} from plain inputs: pure, no clock (the time is an input), no I/O.
 */
import type { ViewInput } from './view-input.js';
import type { ViewModel } from './view-model.js';

/** The view of every cluster at `input.now`. */
export function buildViewModel(input: ViewInput): ViewModel {
  void input;
  throw new Error('buildViewModel: not built yet');
}
